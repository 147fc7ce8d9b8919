"""What the project's Python entry points share: paths, short-lived warehouse reads, dbt runs.

A DuckDB file held open (even read-only) makes the next writer fail with a lock error, so
every read opens a connection, runs one query and closes it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_WAREHOUSE = Path("warehouse") / "job_skills.duckdb"


def warehouse_path() -> Path:
    """The warehouse file: DUCKDB_PATH when set, else warehouse/job_skills.duckdb.

    Relative paths resolve from the project root, where dbt runs.
    """
    path = Path(os.environ.get("DUCKDB_PATH") or DEFAULT_WAREHOUSE)
    return path if path.is_absolute() else PROJECT_ROOT / path


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
