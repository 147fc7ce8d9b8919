"""`job-skills build`: dbt build (models, seeds, snapshots and their tests) on the embedded DuckDB,
or with DBT_TARGET=spark on a local Apache Spark (profiles/profiles.yml, target spark).

What `make dbt-build` did: the warehouse folder is created, then the venv's dbt builds the project
with its profiles (DUCKDB_PATH names the warehouse file, as for dbt itself); for Spark, .venv-spark's
dbt (`make spark` makes it), which puts its tables under SPARK_WAREHOUSE_DIR (warehouse/spark). Extra arguments go to
dbt as given: `job-skills build -- --select fct_skill_frequency+`. dbt's output is shown as it runs;
the exit code is dbt's.
"""

from __future__ import annotations

import argparse
import subprocess
import sys

from job_skills.project import PROJECT_ROOT, EngineMissing, dbt_environment, dbt_executable, warehouse_path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dbt_args", nargs=argparse.REMAINDER, help="passed on to dbt build (after --)")


def run(args: argparse.Namespace) -> int:
    extra = args.dbt_args[1:] if args.dbt_args[:1] == ["--"] else args.dbt_args
    try:
        dbt = str(dbt_executable())
    except EngineMissing as missing:
        print(f"build: {missing}", file=sys.stderr)
        return 2
    warehouse_path().parent.mkdir(parents=True, exist_ok=True)
    return subprocess.run([dbt, "build", *extra], cwd=PROJECT_ROOT, env=dbt_environment(), check=False).returncode
