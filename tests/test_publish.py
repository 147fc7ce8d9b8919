"""Write, audit, publish: only an audited build reaches the published files, atomically, and a
reader holding the published file open does not break the next publication."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import publish
import pytest


def digest(folder: Path) -> dict[str, str]:
    """Content hash of every file under folder (links followed), keyed by relative path."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def count(database: Path, table: str) -> int:
    con = duckdb.connect(str(database), read_only=True)
    try:
        return con.execute(f"select count(*) from marts.{table}").fetchone()[0]
    finally:
        con.close()


@pytest.fixture()
def working(built_warehouse: Path, tmp_path: Path) -> Path:
    """A copy of the built sample warehouse that the test may change."""
    copy = tmp_path / "working.duckdb"
    shutil.copy2(built_warehouse, copy)
    return copy


def run_publish(working: Path, published: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(Path(publish.__file__)), "--warehouse", str(working), "--published-dir", str(published),
         "--data-docs-dir", str(tmp_path / "docs")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip


def test_publishes_every_mart_to_duckdb_and_parquet(working: Path, tmp_path: Path) -> None:
    published = tmp_path / "published"
    result = run_publish(working, published, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "published 17 marts" in result.stdout
    assert (published / "parquet").resolve().stat().st_mode & 0o755 == 0o755  # readable by a BI tool's user
    con = duckdb.connect(str(published / "job_skills.duckdb"), read_only=True)
    try:
        tables = {name for (name,) in con.execute("select table_name from information_schema.tables").fetchall()}
        assert len(tables) == 17 and "fct_skill_frequency" in tables
        for table in tables:
            parquet = published / "parquet" / f"{table}.parquet"
            rows = con.execute(f"select count(*) from read_parquet('{parquet.as_posix()}')").fetchone()[0]
            assert rows == con.execute(f"select count(*) from marts.{table}").fetchone()[0], table
    finally:
        con.close()


def test_failed_audit_publishes_nothing_and_names_the_check(working: Path, tmp_path: Path) -> None:
    published = tmp_path / "published"
    publish.publish(working, published)
    before = digest(published)
    con = duckdb.connect(str(working))
    try:
        con.execute("update marts.fct_skill_frequency set pct_of_postings = 96 where frequency = 21")
    finally:
        con.close()
    result = run_publish(working, published, tmp_path)
    assert result.returncode == 1
    assert "audit failed, nothing published" in result.stderr
    assert "fct_skill_frequency" in result.stderr and "pct_of_postings" in result.stderr
    assert digest(published) == before


def test_reader_holding_the_published_file_does_not_block_the_next_publication(working: Path, tmp_path: Path) -> None:
    published = tmp_path / "published"
    publish.publish(working, published)
    reader_script = textwrap.dedent(
        f"""
        import sys, duckdb
        con = duckdb.connect({str(published / "job_skills.duckdb")!r}, read_only=True)
        print(con.execute("select count(*) from marts.dim_postings").fetchone()[0], flush=True)
        sys.stdin.readline()  # hold the file open until told to stop
        print(con.execute("select count(*) from marts.dim_postings").fetchone()[0], flush=True)
        con.close()
        """
    )
    reader = subprocess.Popen(
        [sys.executable, "-c", reader_script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert reader.stdout.readline().strip() == "22"  # the reader holds the published file open
        con = duckdb.connect(str(working))
        try:
            con.execute("delete from marts.dim_postings where posting_id = 'aitl_99'")  # a new build, same data
        finally:
            con.close()
        publish.publish(working, published)  # the audited path is the same call, after validate()
        out, _ = reader.communicate("done\n", timeout=60)
        assert out.strip() == "22"  # the reader kept its consistent (old) copy throughout
    finally:
        if reader.poll() is None:
            reader.kill()
    assert count(published / "job_skills.duckdb", "dim_postings") == 22
    assert len(list(published.glob("parquet-*"))) == 1  # the previous Parquet folder was removed
