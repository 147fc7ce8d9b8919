"""`job-skills build`: dbt build (models, seeds, snapshots and their tests) on the embedded DuckDB.

What `make dbt-build` did: the warehouse folder is created, then the venv's dbt builds the project
with its profiles (DUCKDB_PATH names the warehouse file, as for dbt itself). Extra arguments go to
dbt as given: `job-skills build -- --select fct_skill_frequency+`. dbt's output is shown as it runs;
the exit code is dbt's.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from job_skills.project import PROJECT_ROOT, dbt_environment, warehouse_path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dbt_args", nargs=argparse.REMAINDER, help="passed on to dbt build (after --)")


def run(args: argparse.Namespace) -> int:
    extra = args.dbt_args[1:] if args.dbt_args[:1] == ["--"] else args.dbt_args
    warehouse_path().parent.mkdir(parents=True, exist_ok=True)
    dbt = str(Path(sys.executable).with_name("dbt"))
    return subprocess.run([dbt, "build", *extra], cwd=PROJECT_ROOT, env=dbt_environment(), check=False).returncode
