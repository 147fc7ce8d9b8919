"""`make postings`: build, audit, publish and report your own postings.

    make postings POSTINGS=jobs.csv COLUMNS='{title: "Job Title", description: "Job Description"}'

The Makefile hands its variables over through the environment (never through shell text); this
program reads them, builds dbt's --vars itself and passes them to dbt as one argument, without
a shell:

    POSTINGS            postings_path: the file or glob (required)
    COLUMNS             postings_columns, YAML: {title: "Job Title", description: "Job Description"}
    TAXONOMY            taxonomy_path (empty: the default taxonomy)
    MATCH_MODE          match_mode (word or substring)
    DEDUPLICATE         deduplicate_postings (true or false)
    POSTINGS_WAREHOUSE  the DuckDB file to build (default warehouse/postings.duckdb)
    POSTINGS_REPORTS    where the report and the GX Data Docs go (default reports/postings)
    POSTINGS_PUBLISHED  where BI tools read the publication (default warehouse/postings_published)
    ACCEPT_DRIFT        1: publish even when the marts moved beyond the drift limits since the
                        previous publication of POSTINGS_PUBLISHED (publish --accept-drift)

Then write, audit, publish, as `make build` does for the sample: `dbt build` into
POSTINGS_WAREHOUSE; `job-skills publish` of it into POSTINGS_PUBLISHED (freeze, the GX suites on
the files and their drift against the previous publication, then the switch; its Data Docs under
POSTINGS_REPORTS/data_docs); the report (job-skills report); and the Data Docs made readable
offline (job-skills docs --bundle-only), stopping at the first step that fails with its exit code.
The vars themselves are checked by dbt (macro validate_vars); a mistake only this program can see
(no POSTINGS, COLUMNS that is not YAML, DEDUPLICATE neither true nor false, ACCEPT_DRIFT neither 1
nor empty) is one line on stderr and exit code 2.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from dbt.adapters.duckdb.credentials import DuckDBCredentials

from job_skills.project import PROJECT_ROOT, dbt_environment

USAGE = (
    "usage: make postings POSTINGS=file-or-glob [COLUMNS={...}] [TAXONOMY=skills.csv] "
    "[MATCH_MODE=word|substring] [DEDUPLICATE=true|false] [POSTINGS_WAREHOUSE=file.duckdb] [POSTINGS_REPORTS=dir]"
    " [POSTINGS_PUBLISHED=dir] [ACCEPT_DRIFT=1]"
)
DEFAULT_WAREHOUSE = "warehouse/postings.duckdb"
DEFAULT_REPORTS = "reports/postings"
DEFAULT_PUBLISHED = "warehouse/postings_published"


class UsageError(ValueError):
    """A make variable this program cannot use; the message is the one line the user sees."""


def jinja_escaped(text: str) -> str:
    """text as a dbt var that renders to itself.

    dbt renders a var given as a string as Jinja (`{{ 1 + 1 }}.csv` would become `2.csv`, and a
    `{{ ... }}` could call any macro): every `{` is written as the expression `{{ '{' }}`.
    """
    return text.replace("{", "{{ '{' }}")


def parse_columns(text: str) -> Any:
    """COLUMNS as YAML; its shape (a mapping of known fields to column names) is validate_vars' to judge."""
    try:
        value = yaml.safe_load(text) if text.strip() else {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise UsageError(
            f"COLUMNS is not valid YAML ({problem}{where}): {text!r}; write e.g. COLUMNS='{{title: \"Job Title\"}}'"
        ) from None
    return {} if value is None else value


def parse_deduplicate(text: str) -> bool:
    if text not in ("true", "false"):
        raise UsageError(f"DEDUPLICATE must be true or false, got {text!r}")
    return text == "true"


def warehouse_file(environ: Mapping[str, str]) -> Path:
    """POSTINGS_WAREHOUSE, refused when dbt-duckdb cannot use its name.

    dbt-duckdb names the database after the file (its own path_derived_database_name: the part
    of the file name before the first dot) and writes that name into SQL inside quotes, so a
    quote there fails with a parser error deep in the build. Quotes elsewhere in the path are fine.
    """
    warehouse = Path(environ.get("POSTINGS_WAREHOUSE") or DEFAULT_WAREHOUSE)
    database = DuckDBCredentials.path_derived_database_name(str(warehouse))
    if "'" in database or '"' in database:
        raise UsageError(
            f"POSTINGS_WAREHOUSE {str(warehouse)!r}: dbt-duckdb names the database {database!r} after the file"
            " and cannot quote it in SQL; use a file name without quotes (quotes in the folder are fine)"
        )
    return warehouse


def dbt_vars(environ: Mapping[str, str]) -> dict[str, Any]:
    """The dbt vars from the make variables; raises UsageError naming the variable."""
    postings = environ.get("POSTINGS", "")
    if not postings:
        raise UsageError(USAGE)
    taxonomy = environ.get("TAXONOMY", "")
    return {
        "postings_path": jinja_escaped(postings),
        "postings_columns": parse_columns(environ.get("COLUMNS", "{}")),
        "taxonomy_path": jinja_escaped(taxonomy) if taxonomy else None,
        "match_mode": jinja_escaped(environ.get("MATCH_MODE") or "word"),
        "deduplicate_postings": parse_deduplicate(environ.get("DEDUPLICATE") or "true"),
    }


def parse_accept_drift(text: str) -> bool:
    if text not in ("", "0", "1"):
        raise UsageError(f"ACCEPT_DRIFT must be 1 (or empty), got {text!r}")
    return text == "1"


def steps(environ: Mapping[str, str]) -> list[tuple[str, list[str]]]:
    """What `make postings` runs, in order: (what it is, argv)."""
    variables = dbt_vars(environ)
    warehouse = warehouse_file(environ)
    accept_drift = parse_accept_drift(environ.get("ACCEPT_DRIFT") or "")
    reports = environ.get("POSTINGS_REPORTS") or DEFAULT_REPORTS
    published = environ.get("POSTINGS_PUBLISHED") or DEFAULT_PUBLISHED
    python = sys.executable
    dbt = str(Path(python).with_name("dbt"))
    job_skills = str(Path(python).with_name("job-skills"))
    publish = [job_skills, "publish", f"--warehouse={warehouse}", f"--published-dir={published}"]
    publish += [f"--data-docs-dir={reports}/data_docs", *(["--accept-drift"] if accept_drift else [])]
    # default=str: YAML dates and the like in COLUMNS become the text the user wrote
    return [
        ("dbt build", [dbt, "build", "--vars", json.dumps(variables, default=str)]),
        ("audit and publish", publish),
        ("report", [job_skills, "report", f"--output-dir={reports}"]),
        ("offline Data Docs", [job_skills, "docs", f"--bundle-only={reports}/data_docs"]),
    ]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """No options: the make variables come through the environment (see the module's docstring)."""


def run(args: argparse.Namespace) -> int:
    try:
        plan = steps(os.environ)
    except UsageError as error:
        print(f"make postings: {error}", file=sys.stderr)
        return 2
    warehouse = warehouse_file(os.environ)
    folder = (warehouse if warehouse.is_absolute() else PROJECT_ROOT / warehouse).parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        print(
            f"make postings: POSTINGS_WAREHOUSE {str(warehouse)!r}: cannot create its folder: {error}", file=sys.stderr
        )
        return 2
    env = dbt_environment(warehouse)
    for number, (name, argv) in enumerate(plan, start=1):
        print(f"postings [{number}/{len(plan)}] {name} (warehouse {warehouse})", flush=True)
        code = subprocess.run(argv, cwd=PROJECT_ROOT, env=env, check=False).returncode
        if code != 0:
            print(f"make postings: {name} failed (exit code {code}); the steps after it did not run", file=sys.stderr)
            return code
    return 0
