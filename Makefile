# A thin front door over the job-skills command (src/job_skills/cli.py): `make` alone lists the targets.
# Every target creates the virtual environment and installs what it needs (and the package) when missing.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
JOB_SKILLS := $(BIN)/job-skills

export DBT_PROFILES_DIR := $(CURDIR)/profiles
export DBT_SEND_ANONYMOUS_USAGE_STATS := False
export DO_NOT_TRACK := 1

.PHONY: help build test test-fast dbt-build report validate postings lint seeds clean pr publish docs evaluate benchmark spark

.DEFAULT_GOAL := help

help:  ## List the targets (this text).
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*## (.*)/  make \1\t\2/' | expand -t 20

# write, then audit and publish, then report: in this order even under make -j
.NOTPARALLEL:

build: dbt-build publish report  ## Write (dbt build, its tests), audit (GX) and publish the warehouse; render the report.

test: $(STAMP)  ## Every pytest suite, both lanes, the lint among them (tests/test_lint.py; the slow lane builds temporary warehouses).
	$(BIN)/pytest -n 2

test-fast: $(STAMP)  ## The fast lane: pytest -m "not slow" (logic, dbt unit tests, CLI, ruff; no warehouse builds, no sqlfluff).
	$(BIN)/pytest -m "not slow" -n 2

# uv installs the pinned set (requirements.txt within constraints.txt) with parallel downloads:
# 7 s on a machine with no download cache, where pip took 125 s (2026-12-04). pip installs uv
# itself; where uv cannot be had, pip installs everything, as before.
UV_VERSION := 0.13.9

$(STAMP): requirements.txt constraints.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet uv==$(UV_VERSION) || echo "uv could not be installed: pip installs everything instead (slower)"
	@if test -x $(BIN)/uv; then \
		echo "$(BIN)/uv pip install -r requirements.txt -c constraints.txt"; \
		$(BIN)/uv pip install --python $(BIN)/python -r requirements.txt -c constraints.txt && \
		$(BIN)/uv pip install --python $(BIN)/python --no-deps -e .; \
	else \
		echo "$(BIN)/python -m pip install -r requirements.txt -c constraints.txt"; \
		$(BIN)/python -m pip install --progress-bar on -r requirements.txt -c constraints.txt && \
		$(BIN)/python -m pip install --quiet --no-deps -e .; \
	fi
	@grep -q DBT_PROFILES_DIR $(BIN)/activate || \
		printf '\n# job_skills: let plain `dbt` find profiles/ and stay quiet.\nexport DBT_PROFILES_DIR="%s"\nexport DBT_SEND_ANONYMOUS_USAGE_STATS=False\n' "$(CURDIR)/profiles" >> $(BIN)/activate
	@echo "building the native word matcher (C, with the system compiler; the SQL matcher runs without it)"
	@$(BIN)/python -m job_skills.native
	@touch $@

# The Spark engine has its own environment (requirements-spark.txt says why), made when first needed.
SPARK_VENV := .venv-spark
SPARK_STAMP := $(SPARK_VENV)/.installed

$(SPARK_STAMP): requirements-spark.txt constraints.txt | $(STAMP)
	@command -v java >/dev/null || { echo "spark: no java on PATH; Spark needs Java 17 (Debian: apt-get install openjdk-17-jre-headless)"; exit 1; }
	@test -x $(SPARK_VENV)/bin/python || $(PYTHON) -m venv $(SPARK_VENV)
	@if test -x $(BIN)/uv; then \
		echo "$(BIN)/uv pip install --python $(SPARK_VENV)/bin/python -r requirements-spark.txt -c constraints.txt"; \
		$(BIN)/uv pip install --python $(SPARK_VENV)/bin/python -r requirements-spark.txt -c constraints.txt; \
	else \
		$(SPARK_VENV)/bin/python -m pip install --progress-bar on -r requirements-spark.txt -c constraints.txt; \
	fi
	@touch $@

spark: $(STAMP) $(SPARK_STAMP)  ## The same dbt build on a local Apache Spark (dbt-spark, .venv-spark; Java 17): DBT_TARGET=spark job-skills build.
	@mkdir -p warehouse
	DBT_TARGET=spark $(JOB_SKILLS) build

dbt-build: $(STAMP)  ## dbt build only (job-skills build): models, seeds and their tests.
	@mkdir -p warehouse
	$(JOB_SKILLS) build

publish: $(STAMP)  ## Audit the working warehouse with the GX suites; publish it only when they pass.
	$(JOB_SKILLS) publish

report: $(STAMP)  ## Render the analysis (markdown, HTML, charts) from the marts into reports/.
	$(JOB_SKILLS) report

# Your own postings: make postings POSTINGS=jobs.csv COLUMNS='{title: "Job Title", description: "Job Description"}'
# job-skills postings reads these from the environment and runs dbt build, publish (the GX audit,
# then the switch, into POSTINGS_PUBLISHED), the report and the offline Data Docs, stopping at the
# first step that fails.
POSTINGS ?=
COLUMNS ?= {}
TAXONOMY ?=
MATCH_MODE ?= word
DEDUPLICATE ?= true
POSTINGS_WAREHOUSE ?= warehouse/postings.duckdb
POSTINGS_REPORTS ?= reports/postings
POSTINGS_PUBLISHED ?= warehouse/postings_published

postings: $(STAMP)  ## Build your own postings into POSTINGS_WAREHOUSE, audit and publish them (POSTINGS_PUBLISHED), report (job-skills postings).
	$(JOB_SKILLS) postings

validate: $(STAMP)  ## Great Expectations suites on the built warehouse; Data Docs in reports/data_docs/.
	$(JOB_SKILLS) audit

lint: $(STAMP)  ## sqlfluff on the models, ruff on the Python.
	@# sqlfluff only warns when the dbt templater cannot compile a file and skips it: fail on that too.
	@log=$$(mktemp); set -o pipefail; $(BIN)/sqlfluff lint models 2>&1 | tee $$log; status=$$?; \
		if grep -q "fatal exception" $$log; then echo "lint: a model could not be compiled (see above)"; status=1; fi; \
		rm -f $$log; exit $$status
	$(BIN)/ruff check src tests benchmarks tools
	$(BIN)/ruff format --check src tests benchmarks tools

# What a pull request does to the numbers: make pr BASE=main [ACCEPT_DRIFT=1] (job-skills diff,
# src/job_skills/diff.py), on the sample and on the shipped real-text postings (data/skillspan/).
BASE ?=
ACCEPT_DRIFT ?=
pr: $(STAMP)  ## Build BASE and the working tree (sample, real-text postings), audit as publish does, diff the marts (reports/pr_diff.md).
	@test -n "$$BASE" || { echo 'usage: make pr BASE=<git ref>   (for example BASE=main or BASE=HEAD~1)'; exit 2; }
	@case "$$ACCEPT_DRIFT" in ""|0|1) ;; *) echo "make pr: ACCEPT_DRIFT must be 1 (or empty), got '$$ACCEPT_DRIFT'"; exit 2;; esac
	$(JOB_SKILLS) diff --base="$$BASE" $$(test "$$ACCEPT_DRIFT" = 1 && echo --accept-drift)

docs: $(STAMP)  ## dbt docs (one static page, works offline) and GX Data Docs, under reports/.
	$(JOB_SKILLS) docs

seeds: $(STAMP)  ## Regenerate the reconstructed sample seeds (deterministic).
	$(BIN)/python tools/generate_sample_seeds.py

# Matching quality on SkillSpan's expert-labelled postings (data/skillspan/): default and O*NET taxonomies.
EVALUATION_LABEL ?= after
evaluate: $(STAMP)  ## Precision and recall of the matcher on expert-labelled postings: evaluation/RESULTS.md (job-skills evaluate).
	$(JOB_SKILLS) evaluate --label="$$EVALUATION_LABEL"

# The scale benchmark on the grid its targets need (its time: benchmarks/RESULTS.md): results in
# benchmarks/RESULTS.md and results.json. SIZES=10000 TAXONOMIES=100 for a quick look.
SIZES ?= 100000,1000000
TAXONOMIES ?= 1000,8745
benchmark: $(STAMP)  ## Warehouse vs the pyahocorasick, ahocorasick-rs and Hyperscan baselines on generated postings (job-skills benchmark).
	$(JOB_SKILLS) benchmark --sizes="$$SIZES" --taxonomies="$$TAXONOMIES"

# Values a user gives (on the command line or in the environment) reach the programs through the
# environment only, never through a recipe's shell text: recipes name them as "$$NAME" at most,
# which the shell expands as one word without running anything in it. $(value ...) takes the
# text as given, so make does not expand a $(...) inside it either (a command-line variable is
# recursively expanded by default: POSTINGS='$(shell touch x)' would run when referenced), and
# the simple flavour (:=) keeps export from expanding it later.
USER_VARIABLES := POSTINGS COLUMNS TAXONOMY MATCH_MODE DEDUPLICATE POSTINGS_WAREHOUSE POSTINGS_REPORTS POSTINGS_PUBLISHED BASE ACCEPT_DRIFT SIZES TAXONOMIES EVALUATION_LABEL
$(foreach name,$(USER_VARIABLES),$(eval override $(name) := $$(value $(name))))
export $(USER_VARIABLES)

clean:  ## Remove dbt's target and logs, the working warehouses (DuckDB and Spark) and reports/.
	rm -rf target logs warehouse/*.duckdb warehouse/tmp warehouse/spark reports
