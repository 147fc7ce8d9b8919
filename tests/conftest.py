"""Shared fixtures: a warehouse built once per session into a temporary DuckDB file.

The real warehouse (warehouse/job_skills.duckdb) is never touched by the tests.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from job_skills.project import PROJECT_ROOT, import_benchmarks, read_frame, run_dbt

# benchmarks/ and tools/ are not part of the installed package: the benchmark code is registered
# by path as the package `benchmarks` (so `from benchmarks.data import ...` works in the tests),
# and tools/ (one-off generators such as generate_sample_seeds) goes on sys.path.
import_benchmarks("data")
sys.path.insert(0, str(PROJECT_ROOT / "tools"))

Query = Callable[..., pd.DataFrame]


@pytest.fixture(scope="session")
def built_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """dbt build of the shipped sample into a temporary warehouse; fails with dbt's output."""
    work = tmp_path_factory.mktemp("warehouse")
    path = work / "job_skills.duckdb"
    result = run_dbt(
        ["build", "--target-path", str(work / "target")],
        duckdb_path=path,
        extra_env={"DUCKDB_TEMP_DIRECTORY": str(work / "tmp")},
    )
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]
    return path


@pytest.fixture(scope="session")
def query(built_warehouse: Path) -> Query:
    """Run SQL on the built sample warehouse (read-only, connection closed at once)."""

    def run(sql: str, *params: object) -> pd.DataFrame:
        return read_frame(sql, list(params), built_warehouse)

    return run


# What a copy of the dbt project needs to build, test and lint on its own.
PROJECT_FILES = (
    "dbt_project.yml",
    "profiles",
    "models",
    "macros",
    "seeds",
    "tests/dbt",
    ".sqlfluff",
    ".sqlfluffignore",
)


def copy_project(destination: Path, extra: tuple[str, ...] = ()) -> Path:
    """Copy the dbt project (and extra paths) to destination, for tests that change or lint a copy."""
    destination.mkdir(parents=True, exist_ok=True)
    for name in (*PROJECT_FILES, *extra):
        source = PROJECT_ROOT / name
        if source.is_dir():
            shutil.copytree(source, destination / name, ignore=shutil.ignore_patterns(".user.yml", "__pycache__"))
        elif source.exists():
            shutil.copy2(source, destination / name)
    return destination
