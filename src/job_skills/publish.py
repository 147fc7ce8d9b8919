"""Freeze, audit, publish: BI tools get exactly the snapshot that was audited, as one publication.

    job-skills publish [--warehouse PATH] [--published-dir DIR] [--data-docs-dir DIR] [--manifest PATH]
                       [--accept-drift] [--max-row-change 0.25] [--max-share-change 0.10]

1. Refuse a working warehouse whose last writing dbt command (meta.dbt_invocations, written by
   macros/record_invocation.sql) was not a successful, whole `dbt build`.
2. Freeze: attach the working warehouse read-only (a dbt writer cannot run meanwhile; if one
   holds it, stop) and copy its marts and invocation record into a new DuckDB file in a staging
   folder, written in DuckDB storage version v1.0.0 (format 64, which every DuckDB 1.x and 0.10
   reader opens); detach at once. Nothing read later comes from the working file.
3. Write Parquet from that file, then audit the files with the GX suites (job_skills/audit/): the
   DuckDB file and each Parquet file hold every mart of the dbt manifest with its contract's
   columns and types, the working warehouse's rows, unique non-null keys, the same rows (a
   checksum) and the build id; and against the previous publication, no mart or column gone, each
   mart's rows within --max-row-change and each (role, item)'s share_of_postings within
   --max-share-change. A drift refuses the publication (exit 1, one line per figure: the mart,
   the figure, old and new) unless --accept-drift: a deliberate change (a new taxonomy) is
   published by saying so.
4. Switch: the staging folder becomes releases/<build_id> and one os.replace points `current`
   at it. BI tools read through static links, so a kill at any moment leaves the old
   publication or the new one, never a mix:

       published/releases/<build_id>/{job_skills.duckdb, parquet/<mart>.parquet, manifest.json}
       published/current -> releases/<build_id>
       published/job_skills.duckdb -> current/job_skills.duckdb
       published/parquet -> current/parquet

   The build id is in manifest.json, in the DuckDB file (meta.publication) and in every Parquet
   file's key-value metadata; verify_publication() checks they agree. The previous release is
   kept, older ones removed. An exclusive flock on published/.publish.lock keeps publishers from
   interleaving. Under it, once every check passed, the layout of earlier versions (a plain
   job_skills.duckdb file, a parquet link to parquet-<stamp>-<suffix>) is migrated; after the
   switch, what killed runs left behind is removed.

Exit codes: 0 published; 1 audit failed or drift not accepted (nothing published, failing checks
listed); 2 could not publish (warehouse missing, not a DuckDB file, inside the published folder,
locked, not built, no dbt manifest, disk full, lock lost, bad path), with one line; 130
interrupted (Ctrl-C), saying whether the switch happened. Only names this tool makes (exact
formats, RELEASE_NAME and LITTER_NAMES) are ever removed, and only after a publication
succeeded; a file or folder it did not make is never replaced: publish refuses instead.
"""

from __future__ import annotations

import argparse
import errno
import fcntl
import json
import os
import re
import shutil
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

# Loading GX takes seconds: a Ctrl-C meanwhile gets one line too (job_skills.cli, INTERRUPTED).
import duckdb
import pyarrow.parquet as pq

from job_skills.audit import validate as validate_warehouse
from job_skills.audit.facts import MartShape, describe_marts
from job_skills.audit.manifest import ManifestError
from job_skills.audit.suites import DriftLimits
from job_skills.project import PROJECT_ROOT, quoted, warehouse_path

DEFAULT_PUBLISHED_DIR = PROJECT_ROOT / "warehouse" / "published"
PUBLISHED_DB = "job_skills.duckdb"
PARQUET = "parquet"
CURRENT = "current"
RELEASES = "releases"
MANIFEST = "manifest.json"
LOCK_FILE = ".publish.lock"
STAGING_PREFIX = ".staging-"
# DuckDB's storage format for the published file: v1.0.0 writes format 64 (byte for byte what
# v0.10.0 writes), the oldest DuckDB 2.x can write and the one every DuckDB 1.x reader opens.
STORAGE_VERSION = "v1.0.0"
# Names this tool makes, matched whole: nothing else in the published folder is ever removed.
BUILD_ID = r"[0-9]{8}T[0-9]{6}Z-[0-9a-f]{8}"  # new_build_id()
LEGACY_ID = r"legacy-[0-9]{8}T[0-9]{6}Z"  # migrate_legacy_layout()
RELEASE_NAME = re.compile(rf"(?:{re.escape(STAGING_PREFIX)})?(?:{BUILD_ID}|{LEGACY_ID})")  # in releases/
# The old layout's Parquet folders, as tempfile.mkdtemp(prefix=f"parquet-{%Y%m%dT%H%M%S}-") made them.
OLD_PARQUET_DIR = re.compile(r"parquet-[0-9]{8}T[0-9]{6}-[a-z0-9_]{8}")
LITTER_NAMES = (  # what killed runs leave at the top of the published folder
    re.compile(r"\.job_skills\.duckdb\.[0-9]+\.tmp(?:\.wal)?"),  # the old layout's staged DuckDB file
    re.compile(r"\.parquet\.[0-9]+"),  # the old layout's temporary parquet link
    OLD_PARQUET_DIR,
    re.compile(r"\.(?:current|job_skills\.duckdb|parquet)\.[0-9]+\.link"),  # swap_link()'s temporary links
)
DUCKDB_MAGIC = b"DUCK"  # bytes 8-11 of a DuckDB database file
DISK_FULL = (errno.ENOSPC, errno.EFBIG, errno.EDQUOT)

Audit = Callable[["validate_warehouse.StagedPublication"], "validate_warehouse.ValidationSummary"]


class PublishError(Exception):
    """Could not publish (exit 2); the message is one line saying why."""


class Interrupted(Exception):
    """Ctrl-C (exit 130); the message says whether the new build was switched in."""


class AuditFailed(Exception):
    """The frozen snapshot failed the audit (exit 1); nothing was published."""

    def __init__(self, summary: validate_warehouse.ValidationSummary) -> None:
        super().__init__(f"{len(summary.failures)} check(s) failed")
        self.summary = summary


@dataclass
class Publication:
    build_id: str
    release: Path
    database: Path  # published/job_skills.duckdb, the path BI tools open
    parquet_dir: Path  # published/parquet
    marts: dict[str, int]  # mart -> rows
    audit: validate_warehouse.ValidationSummary


# SQL text ---------------------------------------------------------------------------------------


def sql_literal(value: str | os.PathLike[str]) -> str:
    """A string (a path) as a DuckDB string literal: quotes doubled, nothing else is special."""
    text = os.fspath(value)
    if "\x00" in text:
        raise ValueError("a SQL string literal cannot hold a NUL character")
    return "'" + text.replace("'", "''") + "'"


def one_line(error: BaseException) -> str:
    return " ".join(str(error).split())


def count_rows(con: duckdb.DuckDBPyConnection, marts: list[str], catalog: str | None = None) -> dict[str, int]:
    prefix = f"{quoted(catalog)}." if catalog else ""
    return {mart: con.execute(f"select count(*) from {prefix}marts.{quoted(mart)}").fetchone()[0] for mart in marts}


def database_marts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """mart -> rows of the database a connection opened."""
    return count_rows(con, list_marts(con, con.execute("select current_database()").fetchone()[0]))


def list_marts(con: duckdb.DuckDBPyConnection, catalog: str) -> list[str]:
    rows = con.execute(
        "select table_name from information_schema.tables"
        " where table_catalog = ? and table_schema = 'marts' and table_type = 'BASE TABLE' order by table_name",
        [catalog],
    ).fetchall()
    return [name for (name,) in rows]


# The invocation record ----------------------------------------------------------------------------


def check_last_build(con: duckdb.DuckDBPyConnection, working: Path) -> str:
    """The invocation id of the last writing dbt command when it was a successful, whole dbt build."""
    try:
        last = con.execute(  # the latest invocation, by its end row when it has one
            "select invocation_id, command, selection, status, detail, strftime(started_at, '%Y-%m-%d %H:%M:%S')"
            " from working.meta.dbt_invocations order by started_at desc, status = 'started' limit 1"
        ).fetchone()
    except duckdb.CatalogException:
        last = None
    if last is None:
        raise PublishError(f"no dbt build is recorded in {working}: run dbt build first")
    invocation_id, command, selection, status, detail, started = last
    written = f"dbt {command}" + (f" {selection}" if selection else "")
    if command != "build":
        raise PublishError(
            f"the last dbt command that wrote {working} was `{written}` (started {started} UTC),"
            " not a dbt build: run dbt build, then publish"
        )
    if status == "started":
        raise PublishError(
            f"the last dbt build of {working} (started {started} UTC) never finished (killed or interrupted):"
            " run dbt build again"
        )
    if status != "success":
        raise PublishError(
            f"the last dbt build of {working} (started {started} UTC) failed ({detail}): fix it and rebuild"
        )
    if selection:
        raise PublishError(
            f"the last dbt build of {working} built only part of the project (`{written}`): run a whole dbt build"
        )
    return str(invocation_id)


def last_invocation(con: duckdb.DuckDBPyConnection) -> str | None:
    """The invocation id of the last recorded dbt command, whatever it was; None when none is recorded."""
    try:
        last = con.execute(
            "select invocation_id from working.meta.dbt_invocations order by started_at desc limit 1"
        ).fetchone()
    except duckdb.CatalogException:
        return None
    return None if last is None else str(last[0])


# Freeze, audit, write ---------------------------------------------------------------------------


def freeze(
    working: Path, snapshot: Path, build_id: str, require_whole_build: bool = True
) -> tuple[dict[str, int], dict[str, MartShape]]:
    """Copy the marts and the invocation record of the working warehouse into a new file; mart -> rows,
    and the working warehouse's marts (columns, rows) as they were copied, for the audit.

    require_whole_build=False is `job-skills diff`'s: its head is a copy of the base with only
    state:modified+ rebuilt and its verdict is its own dbt checks, so the last invocation need not
    be a whole dbt build (nor recorded at all); everything after is what publish does."""
    con = duckdb.connect(config={"temp_directory": str(snapshot.parent / ".tmp")})
    try:
        try:
            con.execute(f"attach {sql_literal(working)} as working (read_only)")
        except duckdb.IOException as error:
            if "lock" in str(error).lower():
                raise PublishError(
                    f"the working warehouse {working} is locked by another process (a dbt command?):"
                    " wait for it to finish, then publish"
                ) from None
            raise PublishError(f"cannot open the working warehouse {working}: {one_line(error)}") from None
        invocation_id = check_last_build(con, working) if require_whole_build else last_invocation(con)
        marts = list_marts(con, "working")
        if not marts:
            raise PublishError(f"no marts in {working} (schema marts): run dbt build first")
        con.execute(f"attach {sql_literal(snapshot)} as snapshot (storage_version '{STORAGE_VERSION}')")
        con.execute("create schema snapshot.marts")
        con.execute("create schema snapshot.meta")
        for mart in marts:
            con.execute(f"create table snapshot.marts.{quoted(mart)} as select * from working.marts.{quoted(mart)}")
        if invocation_id is not None:
            con.execute("create table snapshot.meta.dbt_invocations as select * from working.meta.dbt_invocations")
        shapes = describe_marts(con, "working", marts)
        con.execute("detach working")  # the working file is free again: what follows reads the snapshot
        con.execute(
            "create table snapshot.meta.publication as select ?::varchar as build_id,"
            " ?::varchar as dbt_invocation_id, current_timestamp::timestamp as published_at",
            [build_id, invocation_id],
        )
        rows = count_rows(con, marts, "snapshot")
        con.execute("detach snapshot")
        return rows, shapes
    finally:
        con.close()


def write_parquet(snapshot: Path, folder: Path, marts: list[str], build_id: str) -> None:
    """One Parquet file per mart from the snapshot, each carrying the build id in its metadata."""
    folder.mkdir()
    folder.chmod(0o755)
    con = duckdb.connect(str(snapshot), read_only=True)
    try:
        for mart in marts:
            target = sql_literal(folder / f"{mart}.parquet")
            con.execute(
                f"copy marts.{quoted(mart)} to {target}"
                f" (format parquet, kv_metadata {{build_id: {sql_literal(build_id)}}})"
            )
    finally:
        con.close()


def write_manifest(release: Path, manifest: dict[str, object]) -> None:
    path = release / MANIFEST
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(manifest, handle, indent=2, sort_keys=True)
        handle.write("\n")


def fsync_tree(folder: Path) -> None:
    """Flush every file and folder under folder (and folder) to disk before it is published."""
    for path in sorted(folder.rglob("*"), reverse=True):
        fsync_path(path)
    fsync_path(folder)


def fsync_path(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# Links and releases -----------------------------------------------------------------------------


def swap_link(link: Path, target: str) -> None:
    """Point link at target (relative) with one os.replace of a fresh temporary link."""
    temporary = link.with_name(f".{link.name}.{os.getpid()}.link")
    temporary.unlink(missing_ok=True)
    os.symlink(target, temporary)
    os.replace(temporary, link)


def current_build(published_dir: Path) -> str | None:
    link = published_dir / CURRENT
    if not link.is_symlink():
        return None
    return Path(os.readlink(link)).name


def read_manifest(release: Path) -> dict[str, object]:
    try:
        return json.loads((release / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def ensure_static_links(published_dir: Path) -> None:
    """job_skills.duckdb and parquet point into current (replacing an older layout's file or link)."""
    for name in (PUBLISHED_DB, PARQUET):
        link = published_dir / name
        target = f"{CURRENT}/{name}"
        if not (link.is_symlink() and os.readlink(link) == target):
            swap_link(link, target)


def migrate_legacy_layout(published_dir: Path) -> None:
    """Turn an earlier version's publication into a release, then link to it: same data throughout.

    The old DuckDB file and Parquet files are hard-linked (not copied) into releases/legacy-*;
    `current` points there; only then do job_skills.duckdb and parquet become links into current,
    which still show the same bytes. A kill at any step leaves a publication that reads as before.
    """
    database, parquet = published_dir / PUBLISHED_DB, published_dir / PARQUET
    old_database = database.is_file() and not database.is_symlink()
    old_parquet = old_parquet_link(published_dir)
    if not (old_database or old_parquet):
        return
    if current_build(published_dir) is None and old_database and old_parquet:
        build_id = "legacy-" + time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(database.stat().st_mtime))
        releases = published_dir / RELEASES
        releases.mkdir(exist_ok=True)
        staging = releases / f"{STAGING_PREFIX}{build_id}"
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir()
        os.link(database, staging / PUBLISHED_DB)
        (staging / PARQUET).mkdir()
        for file in sorted(parquet.resolve().glob("*.parquet")):
            os.link(file, staging / PARQUET / file.name)
        for path in (staging, staging / PARQUET):
            path.chmod(0o755)
        con = duckdb.connect(str(staging / PUBLISHED_DB), read_only=True)
        try:
            rows = database_marts(con)
        finally:
            con.close()
        write_manifest(staging, {"build_id": build_id, "legacy": True, "marts": rows, "previous_build_id": None})
        fsync_tree(staging)
        os.replace(staging, releases / build_id)
        swap_link(published_dir / CURRENT, f"{RELEASES}/{build_id}")
    if current_build(published_dir) is not None:
        ensure_static_links(published_dir)
        fsync_path(published_dir)


def old_parquet_link(published_dir: Path) -> bool:
    """published/parquet is the old layout's link to a parquet-<stamp>-<suffix> folder."""
    link = published_dir / PARQUET
    return link.is_symlink() and bool(OLD_PARQUET_DIR.fullmatch(os.readlink(link))) and link.is_dir()


def made_by_publish(published_dir: Path, path: Path) -> bool:
    """A regular job_skills.duckdb is ours: the old layout's (its parquet link is there too), or
    hard-linked into a release (a migration killed before the static links were made)."""
    if old_parquet_link(published_dir):
        return True
    releases = published_dir / RELEASES
    names = [release.name for release in releases.iterdir()] if releases.is_dir() else []
    for name in names:
        copy = releases / name / PUBLISHED_DB
        if RELEASE_NAME.fullmatch(name) and copy.is_file() and os.path.samefile(copy, path):
            return True
    return False


def check_layout(published_dir: Path) -> None:
    """What publishing replaces (current, job_skills.duckdb, parquet) is missing, a link, or ours."""
    for name in (CURRENT, PUBLISHED_DB, PARQUET):
        path = published_dir / name
        if not path.exists() or path.is_symlink():
            continue
        if name == PUBLISHED_DB and path.is_file() and made_by_publish(published_dir, path):
            continue
        kind = "folder" if path.is_dir() else "file"
        raise PublishError(
            f"{path} is a {kind} publish did not make and would replace with a link:"
            " move it away or choose another --published-dir"
        )


def clean_litter(published_dir: Path) -> list[Path]:
    """Remove what killed runs left, by exact name (LITTER_NAMES: temporary links and files, old
    Parquet folders; in releases/, RELEASE_NAME: staging folders and releases that are neither
    current nor the one before it). Anything else is left alone. Returns what went."""
    removed: list[Path] = []
    parquet_target = (published_dir / PARQUET).resolve()
    for path in sorted(published_dir.iterdir()):
        if any(name.fullmatch(path.name) for name in LITTER_NAMES) and path.resolve() != parquet_target:
            remove(path)
            removed.append(path)
    releases = published_dir / RELEASES
    current = current_build(published_dir)
    keep = {current, read_manifest(releases / current).get("previous_build_id") if current else None}
    for path in sorted(releases.iterdir()):
        if RELEASE_NAME.fullmatch(path.name) and path.name not in keep:
            remove(path)
            removed.append(path)
    return removed


def remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


# The lock ---------------------------------------------------------------------------------------


class PublishLock:
    """An exclusive flock on published/.publish.lock, held for the whole publication."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(self.fd)
            raise PublishError(f"another publish is running (it holds {path}): wait for it to finish") from None

    def check(self) -> None:
        """Still ours: the lock file at the path is the one locked (not removed or replaced)."""
        held = os.fstat(self.fd)
        try:
            now = os.stat(self.path)
        except FileNotFoundError:
            now = None
        if now is None or (now.st_dev, now.st_ino) != (held.st_dev, held.st_ino):
            raise PublishError(f"publish lock lost: {self.path} was removed or replaced while publishing")

    def release(self) -> None:
        os.close(self.fd)


@contextmanager
def publish_lock(published_dir: Path) -> Iterator[PublishLock]:
    lock = PublishLock(published_dir / LOCK_FILE)
    try:
        yield lock
    finally:
        lock.release()


# Publishing -------------------------------------------------------------------------------------


def new_build_id() -> str:
    return time.strftime("%Y%m%dT%H%M%SZ", time.gmtime()) + "-" + uuid.uuid4().hex[:8]


def default_audit(
    data_docs_dir: Path | None,
    manifest: Path | None = None,
    accept_drift: bool = False,
    limits: DriftLimits | None = None,
) -> Audit:
    return lambda staged: validate_warehouse.audit_publication(
        staged, data_docs_dir, manifest=manifest, limits=limits, accept_drift=accept_drift
    )


def publish(
    working: Path,
    published_dir: Path,
    data_docs_dir: Path | None = None,
    audit: Audit | None = None,
    manifest: Path | None = None,
    accept_drift: bool = False,
    limits: DriftLimits | None = None,
) -> Publication:
    """Freeze the working warehouse, audit the snapshot, publish it whole; raises PublishError
    (could not publish), AuditFailed or Interrupted. On any error the previous publication stays
    as it was, and nothing in published_dir but this run's staging folder is removed."""
    working, published_dir = Path(os.path.abspath(working)), Path(os.path.abspath(published_dir))
    check_working(working, published_dir)
    if data_docs_dir is not None:
        data_docs_dir = check_data_docs_dir(data_docs_dir)
    before = current_build(published_dir)
    try:
        published_dir.mkdir(parents=True, exist_ok=True)
        (published_dir / RELEASES).mkdir(exist_ok=True)
        with publish_lock(published_dir) as lock:
            before = current_build(published_dir)
            check_layout(published_dir)
            audit = audit or default_audit(data_docs_dir, manifest, accept_drift, limits)
            return publish_locked(working, published_dir, lock, audit)
    except OSError as error:
        raise PublishError(describe_os_error(error, published_dir)) from None
    except (KeyboardInterrupt, RuntimeError) as error:  # DuckDB turns a Ctrl-C inside a query into
        if isinstance(error, RuntimeError) and "interrupted" not in str(error).lower():  # "Query interrupted"
            raise
        raise Interrupted(describe_interrupt(published_dir, before)) from None


def check_working(working: Path, published_dir: Path) -> None:
    """The working warehouse is a DuckDB file outside the published folder (links followed)."""
    if not working.is_file():
        raise PublishError(f"no warehouse at {working}: run dbt build first")
    try:
        with open(working, "rb") as handle:
            header = handle.read(12)
    except OSError as error:
        raise PublishError(f"cannot read the working warehouse {working}: {error.strerror or error}") from None
    if header[8:12] != DUCKDB_MAGIC:  # every DuckDB database file has it at offset 8
        raise PublishError(f"{working} is not a DuckDB database file: give the warehouse dbt builds (DUCKDB_PATH)")
    real_working, real_published = Path(os.path.realpath(working)), Path(os.path.realpath(published_dir))
    publication_paths = {
        Path(os.path.realpath(published_dir / name)) for name in (PUBLISHED_DB, PARQUET, CURRENT, RELEASES)
    }
    inside = any(
        path == folder or folder in path.parents
        for path in (working, real_working)
        for folder in (published_dir, real_published)
    )
    if inside or real_working in publication_paths:
        shown = str(working) if real_working == working else f"{working} (a link to {real_working})"
        raise PublishError(
            f"the working warehouse {shown} is inside the published folder {published_dir}"
            " (publishing would replace it and dbt would then write into the release):"
            " build into another file (DUCKDB_PATH) or choose another --published-dir"
        )


def check_data_docs_dir(folder: Path) -> Path:
    """The Data Docs folder is a folder (made if missing); returns its absolute path (GX needs one)."""
    folder = Path(os.path.abspath(folder))
    if folder.exists() and not folder.is_dir():
        raise PublishError(f"the Data Docs folder {folder} (--data-docs-dir) is not a folder: give a folder path")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise PublishError(
            f"cannot create the Data Docs folder {folder} (--data-docs-dir): {error.strerror or error}"
        ) from None
    return folder


def publish_locked(working: Path, published_dir: Path, lock: PublishLock, audit: Audit) -> Publication:
    build_id = new_build_id()
    releases = published_dir / RELEASES
    staging = releases / f"{STAGING_PREFIX}{build_id}"
    release = releases / build_id
    try:
        staging.mkdir()
        staging.chmod(0o755)
        snapshot = staging / PUBLISHED_DB
        try:
            rows, shapes = freeze(working, snapshot, build_id)
        except duckdb.InterruptException:
            raise KeyboardInterrupt from None
        except duckdb.Error as error:
            raise PublishError(describe_duckdb_error(error, snapshot, published_dir)) from None
        try:
            write_parquet(snapshot, staging / PARQUET, list(rows), build_id)
        except duckdb.InterruptException:
            raise KeyboardInterrupt from None
        except duckdb.Error as error:
            raise PublishError(describe_duckdb_error(error, staging / PARQUET, published_dir)) from None
        staged = validate_warehouse.StagedPublication(
            snapshot, staging / PARQUET, build_id, rows, shapes, previous_database(published_dir)
        )
        try:
            summary = audit(staged)  # the files as they will be published, and their drift
        except ManifestError as error:
            raise PublishError(str(error)) from None
        if not summary.success:
            raise AuditFailed(summary)
        lock.check()
        migrate_legacy_layout(published_dir)  # every check passed: an old layout becomes the previous release
        previous = current_build(published_dir)
        manifest = {
            "build_id": build_id,
            "database": PUBLISHED_DB,
            "storage_version": STORAGE_VERSION,
            "marts": rows,
            "parquet": {mart: f"{PARQUET}/{mart}.parquet" for mart in rows},
            "previous_build_id": previous,
        }
        write_manifest(staging, manifest)
        fsync_tree(staging)
        os.replace(staging, release)
        lock.check()
        swap_link(published_dir / CURRENT, f"{RELEASES}/{build_id}")
        fsync_path(published_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        if current_build(published_dir) != build_id:
            shutil.rmtree(release, ignore_errors=True)
        raise
    ensure_static_links(published_dir)
    clean_litter(published_dir)  # only now, published: what killed runs left, and releases before previous
    fsync_path(releases)
    return Publication(build_id, release, published_dir / PUBLISHED_DB, published_dir / PARQUET, rows, summary)


def previous_database(published_dir: Path) -> Path | None:
    """The DuckDB file of the publication BI tools read now (the previous one for drift), if any."""
    current = published_dir / CURRENT
    if current.is_symlink() and (current / PUBLISHED_DB).is_file():
        return (current / PUBLISHED_DB).resolve()
    legacy = published_dir / PUBLISHED_DB  # an earlier version's layout: a plain file
    return legacy if legacy.is_file() and not legacy.is_symlink() else None


def describe_interrupt(published_dir: Path, before: str | None) -> str:
    now = current_build(published_dir)
    if now == before:
        return f"interrupted; nothing published, {published_dir} unchanged"
    linked = all(
        (published_dir / name).is_symlink() and os.readlink(published_dir / name) == f"{CURRENT}/{name}"
        for name in (PUBLISHED_DB, PARQUET)
    )
    if linked:
        return f"interrupted after the switch: build {now} is published in {published_dir}; older releases may remain"
    return (
        f"interrupted after the switch: {published_dir / CURRENT} is build {now} but its links are not all made:"
        " run publish again"
    )


def describe_os_error(error: OSError, published_dir: Path) -> str:
    where = f" ({error.filename})" if error.filename else ""
    if error.errno in DISK_FULL:
        return f"no space left to write the publication{where}: {error.strerror}; {published_dir} is unchanged"
    return f"cannot write the publication in {published_dir}: {error.strerror or error}{where}"


def describe_duckdb_error(error: duckdb.Error, path: Path, published_dir: Path) -> str:
    message = one_line(error)
    if "Original error: " in message:  # DuckDB wraps the cause (e.g. of a failed checkpoint)
        message = message.split("Original error: ", 1)[1]
    if any(word in message for word in ("No space left", "File too large", "Disk quota")):
        return f"no space left to write {path}: {message}; {published_dir} is unchanged"
    return f"could not write {path}: {message}; {published_dir} is unchanged"


# Verifying a publication --------------------------------------------------------------------------


class PublicationMismatch(Exception):
    """The published DuckDB file, Parquet files and manifest do not describe one build."""


def verify_publication(published_dir: Path) -> str:
    """Check that what readers open through published/ is one build; returns its build id."""
    problems: list[str] = []
    current = published_dir / CURRENT
    manifest = read_manifest(current)
    if not manifest:
        raise PublicationMismatch(f"no readable {current / MANIFEST}")
    build_id = str(manifest.get("build_id"))
    legacy = bool(manifest.get("legacy"))
    release = current.resolve()
    if release.name != build_id:
        problems.append(f"current points at {release.name}, its manifest says {build_id}")
    for name in (PUBLISHED_DB, PARQUET):
        if (published_dir / name).resolve() != release / name:
            problems.append(f"{name} resolves to {(published_dir / name).resolve()}, not into {release}")
    rows = manifest.get("marts") or {}
    con = duckdb.connect(str(published_dir / PUBLISHED_DB), read_only=True)
    try:
        counts = database_marts(con)
        database_build = None if legacy else con.execute("select build_id from meta.publication").fetchone()[0]
    finally:
        con.close()
    if not legacy and database_build != build_id:
        problems.append(f"the DuckDB file is build {database_build}, the manifest {build_id}")
    if counts != rows:
        problems.append(f"DuckDB row counts {counts} differ from the manifest's {rows}")
    parquet_files = sorted(path.stem for path in (published_dir / PARQUET).glob("*.parquet"))
    if parquet_files != sorted(rows):
        problems.append(f"Parquet files {parquet_files} differ from the manifest's marts {sorted(rows)}")
    for mart in sorted(set(parquet_files) & set(rows)):
        metadata = pq.read_metadata(published_dir / PARQUET / f"{mart}.parquet")
        parquet_build = (metadata.metadata or {}).get(b"build_id", b"").decode()
        if not legacy and parquet_build != build_id:
            problems.append(f"{mart}.parquet is build {parquet_build or '(none)'}, the manifest {build_id}")
        if metadata.num_rows != rows[mart]:
            problems.append(f"{mart}.parquet has {metadata.num_rows} rows, the manifest {rows[mart]}")
    if problems:
        raise PublicationMismatch("; ".join(problems))
    return build_id


# Command line -----------------------------------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--warehouse", type=Path, default=None, help="working warehouse (default: DUCKDB_PATH)")
    parser.add_argument("--published-dir", type=Path, default=DEFAULT_PUBLISHED_DIR, help="where BI tools read")
    parser.add_argument(
        "--data-docs-dir", type=Path, default=validate_warehouse.DEFAULT_DATA_DOCS_DIR, help="GX Data Docs"
    )
    validate_warehouse.add_manifest_argument(parser)
    add_drift_arguments(
        parser, "publish even when the marts moved beyond the limits since the previous publication (deliberate)"
    )


def add_drift_arguments(parser: argparse.ArgumentParser, accept_help: str) -> None:
    """--accept-drift, --max-row-change and --max-share-change: publish's, and `job-skills diff`'s."""
    parser.add_argument("--accept-drift", action="store_true", help=accept_help)
    parser.add_argument(
        "--max-row-change",
        type=float,
        default=DriftLimits.max_row_change,
        help="largest relative change of a mart's row count (default %(default)s: ±25%%)",
    )
    parser.add_argument(
        "--max-share-change",
        type=float,
        default=DriftLimits.max_share_change,
        help="largest change of a (role, item)'s share_of_postings, 0-1 (default %(default)s: 10 points)",
    )


def run(args: argparse.Namespace, audit: Audit | None = None) -> int:
    working = args.warehouse or warehouse_path()
    try:
        limits = DriftLimits(args.max_row_change, args.max_share_change)
        publication = publish(
            working, args.published_dir, args.data_docs_dir, audit, args.manifest, args.accept_drift, limits
        )
    except PublishError as error:
        print(f"publish: {error}", file=sys.stderr)
        return 2
    except Interrupted as error:
        print(f"publish: {error}", file=sys.stderr)
        return 130
    except AuditFailed as failed:
        print(failed.summary.render())
        why = "audit failed" if failed.summary.failures else "drift beyond the limits (--accept-drift if deliberate)"
        print(f"publish: {why}, nothing published; {args.published_dir} is unchanged", file=sys.stderr)
        for failure in failed.summary.blocking:
            print(f"  {failure}", file=sys.stderr)
        return 1
    try:
        print(publication.audit.render())
        print(
            f"published {len(publication.marts)} marts, build {publication.build_id}, to {publication.database}"
            f" and {publication.parquet_dir}/ ({publication.release})"
        )
    except KeyboardInterrupt:
        print(f"publish: interrupted; build {publication.build_id} was published already", file=sys.stderr)
        return 130
    return 0
