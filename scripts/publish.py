"""Write, audit, publish: copy the audited marts to the files BI tools read, atomically.

`dbt build` writes the working warehouse (warehouse/job_skills.duckdb) and runs the dbt tests;
this script runs the GX suites on it (scripts/validate_warehouse.py) and publishes only when they
pass; `make build` runs it only after dbt build passed. A failed audit publishes nothing, leaves
the previous publication as it was, and says which check failed. Published files:

- warehouse/published/job_skills.duckdb: schema `marts`, one table per mart. Written beside the
  old file and renamed over it, so a reader sees the old data or the new, never a half-written
  file; a BI tool holding the old file open (read-only) keeps reading the old copy and does not
  block the next build, which writes elsewhere.
- warehouse/published/parquet/<mart>.parquet: `parquet` is a link to a folder written whole
  (parquet-<timestamp>-<random>), swapped atomically; the previous folder is removed after the swap.

    python scripts/publish.py [--warehouse PATH] [--published-dir DIR] [--data-docs-dir DIR]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import validate_warehouse

from warehouse import PROJECT_ROOT, warehouse_path

DEFAULT_PUBLISHED_DIR = PROJECT_ROOT / "warehouse" / "published"
PUBLISHED_DB = "job_skills.duckdb"
PARQUET_LINK = "parquet"


@dataclass
class Publication:
    database: Path
    parquet_dir: Path
    marts: list[str]


def list_marts(con: duckdb.DuckDBPyConnection, catalog: str) -> list[str]:
    rows = con.execute(
        "select table_name from information_schema.tables"
        " where table_catalog = ? and table_schema = 'marts' and table_type = 'BASE TABLE' order by table_name",
        [catalog],
    ).fetchall()
    return [name for (name,) in rows]


def quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def write_database(working: Path, target: Path) -> list[str]:
    """Copy every mart of the working warehouse into a new DuckDB file at target."""
    target.unlink(missing_ok=True)
    con = duckdb.connect(str(target))
    try:
        con.execute(f"attach '{working.as_posix()}' as working (read_only)")
        marts = list_marts(con, "working")
        if not marts:
            raise RuntimeError(f"no marts in {working}: build it first")
        con.execute("create schema marts")
        for mart in marts:
            con.execute(f"create table marts.{quoted(mart)} as select * from working.marts.{quoted(mart)}")
        con.execute("detach working")
        con.execute("checkpoint")
        return marts
    finally:
        con.close()


def write_parquet(database: Path, folder: Path, marts: list[str]) -> None:
    con = duckdb.connect(str(database), read_only=True)
    try:
        for mart in marts:
            con.execute(f"copy marts.{quoted(mart)} to '{(folder / f'{mart}.parquet').as_posix()}' (format parquet)")
    finally:
        con.close()


def swap_link(link: Path, folder: Path) -> Path | None:
    """Point link at folder atomically; returns the folder it pointed at before, if any."""
    previous = link.resolve() if link.is_symlink() else None
    staging = link.with_name(f".{link.name}.{os.getpid()}")
    staging.unlink(missing_ok=True)
    staging.symlink_to(folder.name)
    os.replace(staging, link)
    return previous


def publish(working: Path, published_dir: Path) -> Publication:
    """Publish the working warehouse's marts; the previous publication stays intact on any error."""
    published_dir.mkdir(parents=True, exist_ok=True)
    database = published_dir / PUBLISHED_DB
    staged = published_dir / f".{PUBLISHED_DB}.{os.getpid()}.tmp"
    folder = Path(tempfile.mkdtemp(prefix=f"parquet-{time.strftime('%Y%m%dT%H%M%S')}-", dir=published_dir))
    folder.chmod(0o755)  # mkdtemp makes it private; BI tools may run as another user
    try:
        marts = write_database(working, staged)
        write_parquet(staged, folder, marts)
    except BaseException:
        staged.unlink(missing_ok=True)
        shutil.rmtree(folder, ignore_errors=True)
        raise
    os.replace(staged, database)
    previous = swap_link(published_dir / PARQUET_LINK, folder)
    if previous is not None and previous != folder.resolve():
        shutil.rmtree(previous, ignore_errors=True)
    return Publication(database, published_dir / PARQUET_LINK, marts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", type=Path, default=None, help="working warehouse (default: DUCKDB_PATH)")
    parser.add_argument("--published-dir", type=Path, default=DEFAULT_PUBLISHED_DIR, help="where BI tools read")
    parser.add_argument(
        "--data-docs-dir", type=Path, default=validate_warehouse.DEFAULT_DATA_DOCS_DIR, help="GX Data Docs"
    )
    args = parser.parse_args(argv)
    working = args.warehouse or warehouse_path()
    if not working.exists():
        print(f"publish: no warehouse at {working}: run dbt build first", file=sys.stderr)
        return 2
    try:
        audit = validate_warehouse.validate(working, args.data_docs_dir)
    except duckdb.IOException as error:  # another process holds the working file
        print(f"publish: cannot read {working}: {error}", file=sys.stderr)
        return 2
    print(audit.render())
    if not audit.success:
        print(f"publish: audit failed, nothing published; {args.published_dir} is unchanged", file=sys.stderr)
        for failure in audit.failures:
            print(f"  {failure}", file=sys.stderr)
        return 1
    publication = publish(working, args.published_dir)
    print(f"published {len(publication.marts)} marts to {publication.database} and {publication.parquet_dir}/")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
