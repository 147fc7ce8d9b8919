"""The invocation record (macros/record_invocation.sql) and `publish` refusing what it says:
a warehouse whose last writing dbt command was not a successful, whole `dbt build` is refused
with one line and exit 2; `dbt test` writes nothing and is not recorded."""

from __future__ import annotations

import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from conftest import PARSED_PROFILE, copy_parsed_project
from test_publish import assert_one_line, cheap_audit

from job_skills import cli, publish
from job_skills.project import dbt_environment

DBT = str(Path(sys.executable).with_name("dbt"))


def invocations(database: Path) -> list[tuple]:
    con = duckdb.connect(str(database), read_only=True)
    try:
        return con.execute(  # each invocation's state: its end row, or its 'started' row
            "select command, selection, status, detail from meta.dbt_invocations"
            " qualify row_number() over (partition by invocation_id order by status = 'started') = 1"
            " order by started_at"
        ).fetchall()
    finally:
        con.close()


def dbt(args: list[str], database: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """dbt in the test's copy of the parsed project (see `working`): the warehouse is database."""
    assert database == tmp_path / "w.duckdb", "PARSED_PROFILE's warehouse is ../w.duckdb"
    return subprocess.run(
        [DBT, *args,
         "--target-path", str(tmp_path / "target"), "--log-path", str(tmp_path / "logs")],
        cwd=tmp_path / "project", env=dbt_environment() | PARSED_PROFILE, capture_output=True, text=True, check=False,
    )  # fmt: skip


def refused(working: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], *fragments: str) -> None:
    argv = ["--warehouse", str(working), "--published-dir", str(tmp_path / "published")]
    assert publish.run(cli.parse(["publish", *argv]), audit=cheap_audit) == 2
    assert_one_line(capsys.readouterr().err, *fragments)
    assert not (tmp_path / "published" / "current").exists()


@pytest.fixture()
def working(built_warehouse: Path, parsed_project: Path, tmp_path: Path) -> Path:
    """A copy of the built sample warehouse, beside a copy of the session's parsed project.

    dbt runs in tmp_path/project under PARSED_PROFILE (warehouse ../w.duckdb, spill ../spill)
    from parsed_project's target folder, so its first command re-parses nothing instead of the
    whole project.
    """
    copy_parsed_project(parsed_project, tmp_path)
    copy = tmp_path / "w.duckdb"
    shutil.copy2(built_warehouse, copy)
    return copy


def test_a_whole_successful_build_is_recorded(built_warehouse: Path) -> None:
    assert invocations(built_warehouse)[-1] == ("build", None, "success", None)


def test_dbt_test_is_not_recorded_and_a_partial_build_is_refused(working: Path, tmp_path: Path, capsys) -> None:
    before = invocations(working)
    result = dbt(["test", "-s", "dim_skills"], working, tmp_path)
    assert result.returncode == 0, result.stdout[-3000:]
    assert invocations(working) == before  # dbt test writes no data
    result = dbt(["build", "-s", "dim_skills"], working, tmp_path)
    assert result.returncode == 0, result.stdout[-3000:]
    assert invocations(working)[-1] == ("build", "--select dim_skills", "success", None)
    refused(working, tmp_path, capsys, "built only part of the project", "`dbt build --select dim_skills`")


def test_a_failed_build_is_recorded_and_refused(working: Path, tmp_path: Path, capsys) -> None:
    con = duckdb.connect(str(working))
    try:
        con.execute("drop table intermediate.int_skills_selected")  # dim_skills' input: its build fails
    finally:
        con.close()
    result = dbt(["build", "-s", "dim_skills"], working, tmp_path)
    assert result.returncode == 1
    command, _, status, detail = invocations(working)[-1]
    assert (command, status) == ("build", "error") and "dim_skills (error)" in detail
    # the skipped count is dbt's own (dim_skills' tests and the relationships of every mart that
    # refers to it), read from its summary line, so a new mart's test does not break this one
    skipped = int(re.search(r"\bSKIP=(\d+)", result.stdout).group(1))
    assert skipped > 0
    refused(working, tmp_path, capsys, f"failed (dim_skills (error); {skipped} skipped)", "fix it and rebuild")


def test_a_killed_build_stays_started_and_is_refused(working: Path, tmp_path: Path, capsys) -> None:
    build = subprocess.Popen(
        [DBT, "build",
         "--target-path", str(tmp_path / "target"), "--log-path", str(tmp_path / "logs")],
        cwd=tmp_path / "project", env=dbt_environment() | PARSED_PROFILE,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        for line in build.stdout:
            if " START " in line and "on-run-start" not in line:  # the hooks ran, the first node started
                break
        build.send_signal(signal.SIGKILL)
    finally:
        build.wait(timeout=60)
    assert build.returncode == -signal.SIGKILL
    assert invocations(working)[-1][:3] == ("build", None, "started")
    refused(working, tmp_path, capsys, "never finished (killed or interrupted)")


def test_docs_generate_is_not_recorded_and_type_filters_are_partial(working: Path, tmp_path: Path, capsys) -> None:
    """`dbt docs generate` runs the hooks but writes no data (it once made the shared warehouse
    unpublishable); --resource-type and --empty build only part of the project; excluding only
    unit tests (logic on fixtures, not the warehouse's data) is not listed as a selection."""
    before = invocations(working)
    result = dbt(["docs", "generate"], working, tmp_path)
    assert result.returncode == 0, result.stdout[-3000:]
    assert invocations(working) == before
    result = dbt(["build", "--exclude-resource-type", "unit_test", "-s", "stg_sample__postings"], working, tmp_path)
    assert result.returncode == 0, result.stdout[-3000:]
    assert invocations(working)[-1] == ("build", "--select stg_sample__postings", "success", None)
    result = dbt(["run", "--empty", "-s", "stg_sample__postings"], working, tmp_path)
    assert result.returncode == 0, result.stdout[-3000:]
    assert invocations(working)[-1] == ("run", "--select stg_sample__postings --empty", "success", None)
    result = dbt(["build", "--resource-type", "seed"], working, tmp_path)
    assert result.returncode == 0, result.stdout[-3000:]
    assert invocations(working)[-1] == ("build", "--resource-type seed", "success", None)
    refused(working, tmp_path, capsys, "built only part of the project", "`dbt build --resource-type seed`")
