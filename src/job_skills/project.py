"""What the subcommands share: the project root, paths, short-lived warehouse reads, dbt runs.

A DuckDB file held open (even read-only) makes the next writer fail with a lock error, so
every read opens a connection, runs one query and closes it.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from types import ModuleType
from typing import Any

import duckdb
import pandas as pd

PROJECT_ENV = "JOB_SKILLS_PROJECT_DIR"
PROJECT_FILE = "dbt_project.yml"
SOURCE_CHECKOUT = Path(__file__).resolve().parents[2]


class ProjectNotFound(Exception):
    """No dbt project to work on: the message is the one line the command prints."""


def find_project_root(environ: Mapping[str, str] | None = None, cwd: Path | None = None) -> Path:
    """The dbt project the commands work on, first match wins.

    1. JOB_SKILLS_PROJECT_DIR when set (it must hold dbt_project.yml);
    2. the nearest directory at or above cwd holding dbt_project.yml;
    3. the source checkout this package is installed from (editable install).
    Raises ProjectNotFound when none of them holds dbt_project.yml.
    """
    environ = os.environ if environ is None else environ
    given = environ.get(PROJECT_ENV)
    if given:
        root = Path(given).expanduser().resolve()
        if not (root / PROJECT_FILE).is_file():
            raise ProjectNotFound(f"{PROJECT_ENV}={given}: no {PROJECT_FILE} there")
        return root
    here = (cwd or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / PROJECT_FILE).is_file():
            return folder
    if (SOURCE_CHECKOUT / PROJECT_FILE).is_file():
        return SOURCE_CHECKOUT
    raise ProjectNotFound(
        f"no {PROJECT_FILE} in {here} or above, nor in {SOURCE_CHECKOUT}: run job-skills inside the project"
        f" or set {PROJECT_ENV}"
    )


try:
    PROJECT_ROOT = find_project_root()
    PROJECT_ERROR: str | None = None
except ProjectNotFound as error:  # reported by the CLI before any command runs (exit code 2)
    PROJECT_ROOT = SOURCE_CHECKOUT
    PROJECT_ERROR = str(error)
DEFAULT_WAREHOUSE = Path("warehouse") / "job_skills.duckdb"


def warehouse_path() -> Path:
    """The warehouse file: DUCKDB_PATH when set, else warehouse/job_skills.duckdb.

    Relative paths resolve from the project root, where dbt runs.
    """
    path = Path(os.environ.get("DUCKDB_PATH") or DEFAULT_WAREHOUSE)
    return path if path.is_absolute() else PROJECT_ROOT / path


def quoted(name: str) -> str:
    """An identifier (catalog, schema, table, column) as SQL text: double quotes, inner ones doubled."""
    return '"' + name.replace('"', '""') + '"'


def read_frame(sql: str, params: list[Any] | None = None, path: Path | None = None) -> pd.DataFrame:
    """Run one query on the warehouse through a read-only connection closed at once."""
    target = path or warehouse_path()
    if not target.exists():
        raise FileNotFoundError(f"warehouse not found at {target}: run `make build` (or `dbt build`) first")
    con = duckdb.connect(str(target), read_only=True)
    try:
        return con.execute(sql, params or []).df()
    finally:
        con.close()


def dbt_environment(duckdb_path: Path | None = None) -> dict[str, str]:
    """The environment dbt runs in: project profiles, no usage stats, optional warehouse path."""
    env = dict(os.environ)
    env["DBT_PROFILES_DIR"] = str(PROJECT_ROOT / "profiles")
    env["DBT_SEND_ANONYMOUS_USAGE_STATS"] = "False"
    env["DO_NOT_TRACK"] = "1"
    if duckdb_path is not None:
        env["DUCKDB_PATH"] = str(duckdb_path)
    return env


SPARK_TARGET = "spark"


class EngineMissing(Exception):
    """What the chosen dbt target needs is not installed: one line for the user, exit code 2."""


def dbt_executable() -> Path:
    """The dbt to run: .venv-spark's for DBT_TARGET=spark (dbt-spark lives apart, see
    requirements-spark.txt), else this environment's."""
    if os.environ.get("DBT_TARGET") != SPARK_TARGET:
        return Path(sys.executable).with_name("dbt")
    dbt = PROJECT_ROOT / ".venv-spark" / "bin" / "dbt"
    if not dbt.exists():
        raise EngineMissing("DBT_TARGET=spark: the Spark environment is not installed; `make spark` makes .venv-spark")
    if shutil.which("java") is None:
        raise EngineMissing("DBT_TARGET=spark: no java on PATH; Spark needs Java 17")
    return dbt


def run_dbt(
    args: list[str],
    duckdb_path: Path | None = None,
    project_dir: Path = PROJECT_ROOT,
    extra_env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run the venv's dbt with args in project_dir; output is captured, never raised on."""
    dbt = Path(sys.executable).with_name("dbt")
    env = dbt_environment(duckdb_path)
    env.update(extra_env or {})
    return subprocess.run(
        [str(dbt), *args],
        cwd=project_dir,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def import_benchmarks(module: str = "run", root: Path | None = None) -> ModuleType:
    """benchmarks.<module> from <project>/benchmarks, which is beside its results, not installed.

    The folder is registered by path as the package `benchmarks`, so its modules' own
    `from benchmarks.data import ...` work without the project root on sys.path.
    """
    folder = (root or PROJECT_ROOT) / "benchmarks"
    package = sys.modules.get("benchmarks")
    if package is None or Path(package.__path__[0]) != folder:
        spec = importlib.util.spec_from_file_location(
            "benchmarks", folder / "__init__.py", submodule_search_locations=[str(folder)]
        )
        if spec is None or spec.loader is None:
            raise ImportError(f"no benchmarks package at {folder}")
        package = importlib.util.module_from_spec(spec)
        for name in [name for name in sys.modules if name.startswith("benchmarks.")]:
            del sys.modules[name]  # modules of another project's benchmarks folder
        sys.modules["benchmarks"] = package
        spec.loader.exec_module(package)
    return importlib.import_module(f"benchmarks.{module}")
