"""The two lanes (tests/conftest.py): which runs are the fast lane, and its guard refusing a build."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pytest
from conftest import LANE_GUARD, deselects_slow, lane_guard

from job_skills.project import run_dbt


class Options:
    """The one option deselects_slow reads, as pytest.Config.getoption gives it."""

    def __init__(self, markexpr: str) -> None:
        self.markexpr = markexpr

    def getoption(self, name: str, default: str = "") -> str:
        return self.markexpr if name == "markexpr" else default


@pytest.mark.parametrize(
    ("markexpr", "fast"),
    [("", False), ("slow", False), ("not slow", True), ("not slow and not browser", True), ("slow or not slow", False)],
)
def test_the_fast_lane_is_any_run_that_leaves_out_the_slow_tests(markexpr: str, fast: bool) -> None:
    assert deselects_slow(Options(markexpr)) is fast  # type: ignore[arg-type]


@pytest.mark.slow  # it runs dbt on the whole project (refused, but parsed): its cost belongs here
def test_the_guard_stops_a_whole_build_in_the_fast_lane_before_any_model(tmp_path: Path) -> None:
    warehouse = tmp_path / "w.duckdb"
    result = run_dbt(
        ["build", "--target-path", str(tmp_path / "target"), "--log-path", str(tmp_path / "logs")],
        duckdb_path=warehouse,
        extra_env={
            lane_guard.ENV: "1",
            "PYTHONPATH": os.pathsep.join([str(LANE_GUARD), os.environ.get("PYTHONPATH", "")]),
            "DUCKDB_TEMP_DIRECTORY": str(tmp_path / "spill"),
        },
    )
    output = result.stdout + result.stderr
    assert result.returncode == 2, output[-3000:]
    lines = [line.strip() for line in output.splitlines()]
    assert any(line.startswith("fast lane (JOB_SKILLS_FAST_LANE=1") and "mark the test slow" in line for line in lines)
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        built = con.execute(
            "select count(*) from information_schema.tables"
            " where table_schema in ('seeds', 'staging', 'intermediate', 'marts')"
        ).fetchone()
    finally:
        con.close()
    assert built == (0,), "models were built before the guard stopped the run"
