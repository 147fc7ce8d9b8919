# Every target creates the virtual environment and installs what it needs when missing.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

export DBT_PROFILES_DIR := $(CURDIR)/profiles
export DBT_SEND_ANONYMOUS_USAGE_STATS := False
export DO_NOT_TRACK := 1

.PHONY: build test dbt-build report validate postings lint seeds clean pr publish docs benchmark

# write, then audit and publish, then report: in this order even under make -j
.NOTPARALLEL:

build: dbt-build publish report  ## Write (dbt build, its tests), audit (GX) and publish the warehouse; render the report.

test: $(STAMP)  ## Lint, then the pytest suites (which build into temporary warehouses).
	$(MAKE) lint
	$(BIN)/pytest -n 2

$(STAMP): requirements.txt constraints.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt -c constraints.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@grep -q DBT_PROFILES_DIR $(BIN)/activate || \
		printf '\n# job_skills: let plain `dbt` find profiles/ and stay quiet.\nexport DBT_PROFILES_DIR="%s"\nexport DBT_SEND_ANONYMOUS_USAGE_STATS=False\n' "$(CURDIR)/profiles" >> $(BIN)/activate
	@touch $@

dbt-build: $(STAMP)
	@mkdir -p warehouse
	$(BIN)/dbt build

publish: $(STAMP)  ## Audit the working warehouse with the GX suites; publish it only when they pass.
	$(BIN)/python -m job_skills.publish

report: $(STAMP)
	$(BIN)/python -m job_skills.report.render

# Your own postings: make postings POSTINGS=jobs.csv COLUMNS='{title: "Job Title", description: "Job Description"}'
# scripts/postings.py reads these from the environment and runs dbt build, the report and the GX
# suites, stopping at the first step that fails.
POSTINGS ?=
COLUMNS ?= {}
TAXONOMY ?=
MATCH_MODE ?= word
DEDUPLICATE ?= true
POSTINGS_WAREHOUSE ?= warehouse/postings.duckdb
POSTINGS_REPORTS ?= reports/postings

postings: $(STAMP)  ## Build, report and validate your own postings into POSTINGS_WAREHOUSE (scripts/postings.py).
	$(BIN)/python -m job_skills.postings

validate: $(STAMP)  ## Great Expectations suites on the built warehouse; Data Docs in reports/data_docs/.
	$(BIN)/python -m job_skills.audit.validate

lint: $(STAMP)
	@# sqlfluff only warns when the dbt templater cannot compile a file and skips it: fail on that too.
	@log=$$(mktemp); set -o pipefail; $(BIN)/sqlfluff lint models 2>&1 | tee $$log; status=$$?; \
		if grep -q "fatal exception" $$log; then echo "lint: a model could not be compiled (see above)"; status=1; fi; \
		rm -f $$log; exit $$status
	$(BIN)/ruff check src tests benchmarks tools
	$(BIN)/ruff format --check src tests benchmarks tools

# What a pull request does to the numbers: make pr BASE=main (see scripts/pr_diff.py).
BASE ?=
pr: $(STAMP)  ## Build BASE, rebuild and test what the working tree changed, diff the marts (reports/pr_diff.md).
	@test -n "$$BASE" || { echo 'usage: make pr BASE=<git ref>   (for example BASE=main or BASE=HEAD~1)'; exit 2; }
	$(BIN)/python -m job_skills.diff --base="$$BASE"

docs: $(STAMP)  ## dbt docs (one static page, works offline) and GX Data Docs, under reports/.
	@mkdir -p reports/dbt_docs
	$(BIN)/dbt docs generate --static --target-path target
	cp target/static_index.html reports/dbt_docs/index.html
	$(BIN)/python -m job_skills.audit.validate
	$(BIN)/python -m job_skills.docs reports/data_docs
	@echo "dbt docs: reports/dbt_docs/index.html; GX Data Docs: reports/data_docs/index.html (both work offline)"

seeds: $(STAMP)  ## Regenerate the reconstructed sample seeds (deterministic).
	$(BIN)/python tools/generate_sample_seeds.py

# The scale benchmark (about 30 min on 2 cores): results in benchmarks/RESULTS.md and results.json.
SIZES ?= 10000,100000,1000000
TAXONOMIES ?= 100,1000,8745
benchmark: $(STAMP)  ## Warehouse vs pandas and pyahocorasick baselines on generated postings (scripts/benchmark.py).
	$(BIN)/python -m benchmarks.run --sizes="$$SIZES" --taxonomies="$$TAXONOMIES"

# Values a user gives (on the command line or in the environment) reach the programs through the
# environment only, never through a recipe's shell text: recipes name them as "$$NAME" at most,
# which the shell expands as one word without running anything in it. $(value ...) takes the
# text as given, so make does not expand a $(...) inside it either (a command-line variable is
# recursively expanded by default: POSTINGS='$(shell touch x)' would run when referenced), and
# the simple flavour (:=) keeps export from expanding it later.
USER_VARIABLES := POSTINGS COLUMNS TAXONOMY MATCH_MODE DEDUPLICATE POSTINGS_WAREHOUSE POSTINGS_REPORTS BASE SIZES TAXONOMIES
$(foreach name,$(USER_VARIABLES),$(eval override $(name) := $$(value $(name))))
export $(USER_VARIABLES)

clean:
	rm -rf target logs warehouse/*.duckdb warehouse/tmp reports
