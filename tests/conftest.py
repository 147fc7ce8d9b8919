"""Shared fixtures: a warehouse built once per session into a temporary DuckDB file.

The real warehouse (warehouse/job_skills.duckdb) is never touched by the tests.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from warehouse import read_frame, run_dbt

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
