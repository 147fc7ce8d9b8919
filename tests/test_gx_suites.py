"""The Great Expectations suites: they pass on the built sample, write Data Docs, and fail loudly,
naming the mart and the column, on a copy of the warehouse corrupted after the build."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from conftest import Query

from job_skills import cli
from job_skills.audit.suites import MARTS, SUITE_BUILDERS
from job_skills.audit.validate import ValidationSummary, validate

PROJECT_ROOT = Path(__file__).resolve().parent.parent
JOB_SKILLS = Path(sys.executable).with_name("job-skills")

# Independent corruptions, one per mart, applied together to one copy of the warehouse: each
# must be reported with its mart and the column it broke.
CORRUPTIONS = {
    "pct_of_postings": (
        "update marts.fct_skill_frequency set pct_of_postings = 96 where frequency = 21",
        "fct_skill_frequency",
        "pct_of_postings",
    ),
    "rows_balance": ("update marts.fct_row_accounting set rows_in = rows_in + 1", "fct_row_accounting", "rows_in"),
    "duplicate_key": (
        "insert into marts.fct_tool_frequency select * from marts.fct_tool_frequency limit 1",
        "fct_tool_frequency",
        "tool_id",
    ),
    "unknown_discrepancy": (
        "update marts.fct_published_reconciliation set is_known_discrepancy = false",
        "fct_published_reconciliation",
        "status",
    ),
}


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(JOB_SKILLS), "audit", *args],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def corrupt_copy(source: Path, target: Path, *statements: str) -> Path:
    """A copy of the built warehouse with SQL statements applied; the source file is untouched."""
    shutil.copy(source, target)
    con = duckdb.connect(str(target))
    try:
        for statement in statements:
            con.execute(statement)
    finally:
        con.close()
    return target


@pytest.fixture(scope="module")
def corrupted_warehouse(built_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("corrupted") / "job_skills.duckdb"
    return corrupt_copy(built_warehouse, target, *(statement for statement, _, _ in CORRUPTIONS.values()))


@pytest.fixture(scope="module")
def corrupted_summary(corrupted_warehouse: Path) -> ValidationSummary:
    return validate(corrupted_warehouse)


def test_every_mart_has_one_suite(query: Query) -> None:
    built = set(query("select table_name from information_schema.tables where table_schema = 'marts'")["table_name"])
    assert set(MARTS) == built
    assert list(SUITE_BUILDERS) == list(MARTS)


def test_cli_passes_on_the_built_warehouse_and_writes_data_docs(built_warehouse: Path, tmp_path: Path) -> None:
    docs = tmp_path / "data_docs"
    result = run_cli("--warehouse", str(built_warehouse), "--data-docs-dir", str(docs))
    assert result.returncode == 0, result.stdout + result.stderr
    for mart in MARTS:
        assert f"PASS  {mart}: " in result.stdout
    assert "FAIL" not in result.stdout
    assert "all passed" in result.stdout
    assert (docs / "index.html").is_file()
    pages = {page.parts[len(docs.parts) + 1] for page in (docs / "validations").rglob("*.html")}
    assert pages == set(MARTS)


def test_a_corrupted_warehouse_fails(corrupted_summary: ValidationSummary) -> None:
    assert not corrupted_summary.success
    failing = {suite.mart for suite in corrupted_summary.suites if not suite.success}
    # A corruption may also show in the marts cross-checked against it (the duplicated tool in
    # fct_tool_category_frequency's member sums): at least the corrupted marts fail.
    assert {mart for _, mart, _ in CORRUPTIONS.values()} <= failing


@pytest.mark.parametrize("corruption", list(CORRUPTIONS))
def test_each_corruption_is_named_with_its_mart_and_column(
    corrupted_summary: ValidationSummary, corruption: str
) -> None:
    _, mart, column = CORRUPTIONS[corruption]
    failures = corrupted_summary.failures
    assert any(failure.startswith(f"{mart}: ") and column in failure for failure in failures), failures


def test_a_missing_mart_fails(built_warehouse: Path, tmp_path: Path) -> None:
    path = corrupt_copy(built_warehouse, tmp_path / "job_skills.duckdb", "drop table marts.fct_quarantined_rows")
    summary = validate(path)
    assert not summary.success
    assert summary.failures == ["fct_quarantined_rows: mart missing from the warehouse (schema marts)"]


def test_cli_exits_1_and_names_the_failure(corrupted_warehouse: Path, tmp_path: Path) -> None:
    result = run_cli("--warehouse", str(corrupted_warehouse), "--data-docs-dir", str(tmp_path / "data_docs"))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "FAIL  fct_skill_frequency: " in result.stdout
    lines = result.stdout.splitlines()
    failure = next(line for line in lines if "fct_skill_frequency: " in line and "expected_pct_of_postings" in line)
    assert "pct_of_postings=96" in failure and "expected_pct_of_postings=95" in failure
    assert (tmp_path / "data_docs" / "index.html").is_file()


def test_cli_exits_2_without_a_warehouse(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["audit", "--warehouse", str(tmp_path / "missing.duckdb")]) == 2
    assert "warehouse not found" in capsys.readouterr().err
