"""Freeze, audit, publish: only the audited snapshot reaches the published files, as one
publication (DuckDB file + Parquet, one build id), whatever is killed when; every way publishing
can fail gives one line and exit 2 (1 for a failed audit) and leaves the previous publication."""

from __future__ import annotations

import fcntl
import functools
import hashlib
import os
import resource
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import duckdb
import pytest
from conftest import MART_MODELS

from job_skills import cli, publish
from job_skills.audit import validate as validate_warehouse
from job_skills.project import run_dbt

SCRIPT = [str(Path(sys.executable).with_name("job-skills")), "publish"]
CHEAP_MART = "fct_skill_frequency"
# What a published folder holds when no run left anything behind.
CLEAN_LAYOUT = {".publish.lock", "current", "job_skills.duckdb", "parquet", "releases"}


@functools.cache
def project_manifest() -> Path:
    """The dbt manifest of the project the tests build (one dbt parse per test process)."""
    folder = Path(tempfile.mkdtemp(prefix="test_publish_manifest_"))
    result = run_dbt(["parse", "--target-path", str(folder), "--log-path", str(folder / "logs")])
    assert result.returncode == 0, result.stdout[-3000:]
    return folder / "manifest.json"


def cheap_audit(staged: validate_warehouse.StagedPublication) -> validate_warehouse.ValidationSummary:
    """The real GX audit of the staged files, on one mart's suites: seconds instead of ten."""
    return validate_warehouse.audit_publication(staged, marts=[CHEAP_MART], manifest=project_manifest())


def digest(folder: Path) -> dict[str, str]:
    """Content hash of every file under folder (links followed), keyed by relative path."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name != publish.LOCK_FILE
    }


def query(database: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(database), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def write(database: Path, *statements: str) -> None:
    con = duckdb.connect(str(database))
    try:
        for statement in statements:
            con.execute(statement)
    finally:
        con.close()


def assert_clean(published: Path) -> None:
    """Nothing but the publication: no staging folder, temporary link or old-layout folder."""
    assert {path.name for path in published.iterdir()} == CLEAN_LAYOUT
    releases = sorted(path.name for path in (published / "releases").iterdir())
    assert not [name for name in releases if name.startswith(".")], releases
    assert len(releases) <= 2, releases  # current and the one before it


def assert_one_line(stderr: str, *fragments: str) -> None:
    line = stderr.strip()
    assert "\n" not in line and "Traceback" not in line, stderr
    assert line.startswith("publish: "), line
    for fragment in fragments:
        assert fragment in line, line


@pytest.fixture()
def working(built_warehouse: Path, tmp_path: Path) -> Path:
    """A copy of the built sample warehouse that the test may change."""
    copy = tmp_path / "working.duckdb"
    shutil.copy2(built_warehouse, copy)
    return copy


def run_publish(working: Path, published: Path, tmp_path: Path, preexec_fn=None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*SCRIPT, "--warehouse", str(working), "--published-dir", str(published),
         "--data-docs-dir", str(tmp_path / "docs")],
        capture_output=True, text=True, check=False, preexec_fn=preexec_fn,
    )  # fmt: skip


def main(working: Path, published: Path, tmp_path: Path, audit=cheap_audit) -> int:
    return publish.run(
        cli.parse(
            [
                "publish",
                "--warehouse",
                str(working),
                "--published-dir",
                str(published),
                "--data-docs-dir",
                str(tmp_path / "docs"),
            ]
        ),
        audit=audit,
    )


# What is published --------------------------------------------------------------------------------


def test_publishes_every_mart_to_duckdb_and_parquet_as_one_build(working: Path, tmp_path: Path) -> None:
    published = tmp_path / "published"
    result = run_publish(working, published, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "all passed" in result.stdout and f"published {len(MART_MODELS)} marts" in result.stdout
    assert (published / "parquet").resolve().stat().st_mode & 0o755 == 0o755  # readable by a BI tool's user
    build_id = publish.verify_publication(published)
    assert f"build {build_id}" in result.stdout
    marts = query(published / "job_skills.duckdb", "select table_name from information_schema.tables"
                  " where table_schema = 'marts' order by 1")  # fmt: skip
    assert [name for (name,) in marts] == MART_MODELS
    assert query(published / "job_skills.duckdb", "select build_id from meta.publication") == [(build_id,)]
    # storage format 64 (STORAGE_VERSION v1.0.0), which DuckDB 1.x reads; DuckDB 2.x's default is newer
    header = (published / "job_skills.duckdb").read_bytes()[8:20]
    assert header[:4] == b"DUCK" and struct.unpack("<Q", header[4:])[0] == 64
    assert_clean(published)


def test_failed_audit_publishes_nothing_and_names_the_check(working: Path, tmp_path: Path, capsys) -> None:
    published = tmp_path / "published"
    publish.publish(working, published, audit=cheap_audit)
    before = digest(published)
    write(working, "insert into marts.fct_skill_frequency select * from marts.fct_skill_frequency limit 1")
    assert main(working, published, tmp_path) == 1
    stderr = capsys.readouterr().err
    assert "audit failed, nothing published" in stderr
    assert "fct_skill_frequency: " in stderr and "duplicate_rows_of_key_role_skill_id" in stderr
    assert digest(published) == before
    assert_clean(published)


def test_published_is_the_frozen_snapshot_not_a_later_dbt_run(working: Path, tmp_path: Path, capsys) -> None:
    """Issue 11 item 3: a dbt run on the working file while the audit runs must not reach BI tools."""
    published = tmp_path / "published"
    frozen_tiers = query(working, "select skill_name, tier from marts.fct_skill_frequency order by 1")
    assert ("Core",) in {(tier,) for _, tier in frozen_tiers}

    def dbt_run_during_the_audit(staged: validate_warehouse.StagedPublication) -> validate_warehouse.ValidationSummary:
        result = run_dbt(  # the working file is free again: a writer can run while the snapshot is audited
            ["run", "-s", "int_item_frequencies_aggregated", "fct_skill_frequency",
             "--vars", "{tier_core_min_share: 0.9}",
             "--target-path", str(tmp_path / "target"), "--log-path", str(tmp_path / "logs")],
            duckdb_path=working, extra_env={"DUCKDB_TEMP_DIRECTORY": str(tmp_path / "spill")},
        )  # fmt: skip
        assert result.returncode == 0, result.stdout[-3000:]
        return cheap_audit(staged)

    assert main(working, published, tmp_path, audit=dbt_run_during_the_audit) == 0
    changed = query(working, "select skill_name, tier from marts.fct_skill_frequency order by 1")
    assert changed != frozen_tiers  # the run did change the working file (no share reaches 0.9: no Core)
    database = published / "job_skills.duckdb"
    assert query(database, "select skill_name, tier from marts.fct_skill_frequency order by 1") == frozen_tiers
    parquet = publish.sql_literal(published / "parquet" / "fct_skill_frequency.parquet")
    assert query(database, f"select skill_name, tier from read_parquet({parquet}) order by 1") == frozen_tiers
    publish.verify_publication(published)
    capsys.readouterr()
    # and the working file, last written by that dbt run, is not published until a dbt build
    assert main(working, published, tmp_path) == 2
    run = "`dbt run --select int_item_frequencies_aggregated fct_skill_frequency`"
    assert_one_line(capsys.readouterr().err, run, "not a dbt build")


def test_reader_holding_the_published_file_does_not_block_the_next_publication(working: Path, tmp_path: Path) -> None:
    published = tmp_path / "published"
    publish.publish(working, published, audit=cheap_audit)
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
        write(working, "delete from marts.dim_postings where posting_id = 'aitl_99'")  # a new build, same data
        second = publish.publish(working, published, audit=cheap_audit)
        third = publish.publish(working, published, audit=cheap_audit)  # the reader's release is now pruned
        out, _ = reader.communicate("done\n", timeout=60)
        assert out.strip() == "22"  # the reader kept its consistent (old) copy throughout
    finally:
        if reader.poll() is None:
            reader.kill()
    assert publish.verify_publication(published) == third.build_id
    assert sorted(path.name for path in (published / "releases").iterdir()) == sorted([second.build_id, third.build_id])
    assert_clean(published)


# Killed at any point ------------------------------------------------------------------------------

KILL_HARNESS = textwrap.dedent(
    r"""
    # Publishes again and again, each time in a forked child that SIGKILLs itself at one point:
    # before the n-th filesystem change publish_locked makes (mkdir, rename, link, unlink, ...), or after
    # a delay (inside DuckDB's writes). After each kill a forked child checks the publication.
    import os, shutil, signal, sys, threading, time, traceback
    from pathlib import Path
    from job_skills import publish
    from job_skills.audit import validate as validate_warehouse

    working, published, delays = Path(sys.argv[1]), Path(sys.argv[2]), [float(d) for d in sys.argv[3].split(",")]
    manifest = Path(sys.argv[4])
    CALLS = ("mkdir", "rename", "replace", "symlink", "link", "rmdir", "unlink")  # and shutil.rmtree
    count = [0]

    def audit(staged):
        return validate_warehouse.audit_publication(staged, marts=["fct_skill_frequency"], manifest=manifest)

    def intercept(kill_at):
        # count publish's filesystem changes (kill before the kill_at-th); a whole rmtree counts once
        inside = [False]
        real_rmtree = shutil.rmtree
        def counted(original):
            def wrapper(*args, **kwargs):
                if inside[0]:
                    return original(*args, **kwargs)
                count[0] += 1
                if count[0] == kill_at:
                    os.kill(os.getpid(), signal.SIGKILL)
                inside[0] = original is real_rmtree
                try:
                    return original(*args, **kwargs)
                finally:
                    inside[0] = False
            return wrapper
        for name in CALLS:
            setattr(os, name, counted(getattr(os, name)))
        shutil.rmtree = counted(shutil.rmtree)
        # count from the start of publish_locked (after the clean-up of earlier kills' leftovers,
        # whose amount varies), so the n-th change is the same step in every run
        inside[0] = True
        locked = publish.publish_locked
        def start_counting(*args, **kwargs):
            inside[0] = False
            return locked(*args, **kwargs)
        publish.publish_locked = start_counting

    def in_child(body):
        pid = os.fork()
        if pid == 0:
            try:
                code = body() or 0
            except BaseException:
                traceback.print_exc()
                code = 3
            sys.stdout.flush()
            os._exit(code)
        return os.waitpid(pid, 0)[1]

    def counted_run():
        intercept(kill_at=0)
        publish.publish(working, published, audit=audit)
        (published.parent / "calls").write_text(str(count[0]))

    def killed_run(kill_at=0, delay=None):
        def body():
            intercept(kill_at)
            if delay is not None:
                threading.Timer(delay, os.kill, (os.getpid(), signal.SIGKILL)).start()
            publish.publish(working, published, audit=audit)
        return in_child(body)

    def check(label):
        def body():
            print(f"{label} consistent {publish.verify_publication(published)}", flush=True)
        if in_child(body) != 0:
            print(f"{label} INCONSISTENT", flush=True)

    started = time.monotonic()
    assert in_child(counted_run) == 0
    calls = int((published.parent / "calls").read_text())
    print(f"calls {calls} in {time.monotonic() - started:.2f} s", flush=True)
    for kill_at in range(1, calls + 2):  # + 1: from here on the previous release is pruned after the switch
        status = killed_run(kill_at=kill_at)
        check(f"call {kill_at} {'killed' if os.WIFSIGNALED(status) else 'finished'}")
    for delay in delays:
        status = killed_run(delay=delay)
        check(f"delay {delay} {'killed' if os.WIFSIGNALED(status) else 'finished'}")
    """
)


def test_kill_at_any_point_leaves_old_or_new_and_the_next_publish_cleans_up(working: Path, tmp_path: Path) -> None:
    published = tmp_path / "published"
    publish.publish(working, published, audit=cheap_audit)
    write(working, "delete from marts.dim_postings where posting_id = 'aitl_99'")  # the next build differs
    harness = tmp_path / "harness.py"
    harness.write_text(KILL_HARNESS, encoding="utf-8")
    delays = "0.05,0.15,0.3,1.5"
    result = subprocess.run(
        [sys.executable, str(harness), str(working), str(published), delays, str(project_manifest())],
        capture_output=True, text=True, check=False, env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    calls = int(next(line for line in lines if line.startswith("calls ")).split()[1])
    checks = [line for line in lines if line.startswith(("call ", "delay "))]
    assert not [line for line in checks if "INCONSISTENT" in line], result.stdout + result.stderr
    killed = [line for line in checks if " killed " in line]
    assert len([line for line in killed if line.startswith("call ")]) >= calls  # every step was hit once
    assert [line for line in killed if line.startswith("delay ")], result.stdout  # and some inside DuckDB's writes
    builds = {line.split()[-1] for line in checks}
    assert len(builds) > 1  # kills before the switch left the old build, kills after it the new one
    last = publish.publish(working, published, audit=cheap_audit)  # the next publish removes every leftover
    assert publish.verify_publication(published) == last.build_id
    assert_clean(published)


# Could not publish: one line, exit 2, previous publication intact -----------------------------------


def limit_file_size() -> None:
    """In the child: files may grow to 1 MB; past that write() fails with EFBIG (as on a full disk)."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (1 << 20, 1 << 20))


def test_disk_full_exits_2_in_one_line_and_leaves_the_previous_publication(working: Path, tmp_path: Path) -> None:
    published = tmp_path / "published"
    publish.publish(working, published, audit=cheap_audit)
    before = digest(published)
    result = run_publish(working, published, tmp_path, preexec_fn=limit_file_size)
    assert result.returncode == 2, result.stdout + result.stderr
    assert_one_line(result.stderr, "no space left", "is unchanged")
    assert digest(published) == before
    publish.verify_publication(published)
    assert_clean(published)


def test_working_file_locked_by_a_writer_exits_2(working: Path, tmp_path: Path, capsys) -> None:
    hold = f"import duckdb, sys; c = duckdb.connect({str(working)!r}); print('held', flush=True); sys.stdin.readline()"
    holder = subprocess.Popen(
        [sys.executable, "-c", hold],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "held"
        assert main(working, tmp_path / "published", tmp_path) == 2
    finally:
        holder.communicate("done\n", timeout=60)
    assert_one_line(capsys.readouterr().err, "locked by another process")
    assert not list((tmp_path / "published" / "releases").iterdir())


def test_a_second_publisher_exits_2(working: Path, tmp_path: Path, capsys) -> None:
    published = tmp_path / "published"
    published.mkdir()
    with open(published / publish.LOCK_FILE, "w") as other:  # another publisher's lock
        fcntl.flock(other, fcntl.LOCK_EX)
        assert main(working, published, tmp_path) == 2
    assert_one_line(capsys.readouterr().err, "another publish is running")


def test_lock_lost_exits_2_and_switches_nothing(working: Path, tmp_path: Path, capsys) -> None:
    published = tmp_path / "published"
    publish.publish(working, published, audit=cheap_audit)
    before = digest(published)

    def lose_the_lock(staged: validate_warehouse.StagedPublication) -> validate_warehouse.ValidationSummary:
        (published / publish.LOCK_FILE).unlink()  # e.g. someone cleaned the folder meanwhile
        return cheap_audit(staged)

    assert main(working, published, tmp_path, audit=lose_the_lock) == 2
    assert_one_line(capsys.readouterr().err, "publish lock lost")
    assert digest(published) == before
    assert {path.name for path in published.iterdir()} == CLEAN_LAYOUT - {".publish.lock"}


@pytest.mark.parametrize("case", ["missing", "not_duckdb", "csv", "empty", "published_is_a_file"])
def test_bad_paths_exit_2_in_one_line(case: str, working: Path, tmp_path: Path, capsys) -> None:
    published = tmp_path / "published"
    if case == "missing":
        working = tmp_path / "nowhere.duckdb"
        expected = "no warehouse at"
    elif case in ("not_duckdb", "csv", "empty"):  # a CSV gave "Catalog Error: Cannot launch in-memory database"
        working = tmp_path / {"not_duckdb": "text.duckdb", "csv": "postings.csv", "empty": "empty.duckdb"}[case]
        working.write_text({"not_duckdb": "not a database\n" * 100, "csv": "a,b\n1,2\n", "empty": ""}[case])
        expected = f"{working} is not a DuckDB database file"
    else:
        published.write_text("a file where the folder should be")
        expected = "cannot write the publication"
    assert main(working, published, tmp_path) == 2
    assert_one_line(capsys.readouterr().err, expected)
    if case != "published_is_a_file":
        assert not published.exists()  # refused before anything was made


def failed_build(working: Path) -> None:
    """Record a later dbt build of working that failed, as macros/record_invocation.sql does."""
    write(
        working,
        "insert into meta.dbt_invocations (invocation_id, command, selection, status, detail, started_at, recorded_at)"
        " select 'later', 'build', null, status, detail, now()::timestamp, now()::timestamp"
        " from (values ('started', null), ('error', '1 failed: model.job_skills.fct_skill_frequency'))"
        " as v(status, detail)",
    )


@pytest.mark.parametrize("case", ["copy_in_the_folder", "the_published_link", "a_link_into_a_release"])
def test_a_working_file_inside_the_published_folder_is_refused(
    case: str, working: Path, tmp_path: Path, capsys, monkeypatch
) -> None:
    """A working warehouse in the published folder was replaced by a link into the release (exit 0),
    and later dbt runs wrote into the audited release."""
    published = tmp_path / "pubA"
    if case == "copy_in_the_folder":  # DUCKDB_PATH=pubA/job_skills.duckdb publish.py --published-dir pubA
        published.mkdir()
        inside = published / "job_skills.duckdb"
        shutil.copy2(working, inside)
    else:  # DUCKDB_PATH=warehouse/published/job_skills.duckdb, after a publication
        publish.publish(working, published, audit=cheap_audit)
        inside = published / "job_skills.duckdb"
        if case == "a_link_into_a_release":
            inside = tmp_path / "mine.duckdb"
            inside.symlink_to((published / "job_skills.duckdb").resolve())
    before, working_bytes = digest(published), hashlib.sha256(inside.read_bytes()).hexdigest()
    monkeypatch.setenv("DUCKDB_PATH", str(inside))
    argv = ["--published-dir", str(published), "--data-docs-dir", str(tmp_path / "docs")]
    assert publish.run(cli.parse(["publish", *argv]), audit=cheap_audit) == 2
    assert_one_line(
        capsys.readouterr().err, f"the working warehouse {inside}", f"inside the published folder {published}"
    )
    assert digest(published) == before
    assert hashlib.sha256(inside.read_bytes()).hexdigest() == working_bytes
    if case == "copy_in_the_folder":
        assert inside.is_file() and not inside.is_symlink()  # still the working file, all schemas
        assert {path.name for path in published.iterdir()} == {"job_skills.duckdb"}


@pytest.mark.parametrize("name", ["job_skills.duckdb", "parquet", "current"])
def test_a_file_publish_did_not_make_is_never_replaced(name: str, working: Path, tmp_path: Path, capsys) -> None:
    published = tmp_path / "published"
    published.mkdir()
    mine = published / name
    if name == "job_skills.duckdb":  # someone's own DuckDB file, not the old layout (no parquet link)
        shutil.copy2(working, mine)
    elif name == "parquet":
        mine.mkdir()
        (mine / "q1.parquet").write_bytes(b"my export")
    else:
        mine.write_text("my notes")
    before = digest(published)
    assert main(working, published, tmp_path) == 2
    assert_one_line(capsys.readouterr().err, f"{mine} is a ", "publish did not make")
    assert digest(published) == before
    assert not mine.is_symlink()
    assert not list((published / "releases").iterdir())


# What killed runs of this tool and of the old layout leave; nothing else may be removed.
LITTER = (
    ".job_skills.duckdb.123.tmp", ".job_skills.duckdb.123.tmp.wal", ".parquet.123", ".current.77.link",
    "parquet-20250101T000000-dead_123", "releases/.staging-20250101T000000Z-0123abcd",
    "releases/20250101T000000Z-deadbeef", "releases/.staging-legacy-20250101T000000Z",
)  # fmt: skip
NOT_OURS = (
    "parquet-exports/q1.parquet", ".parquet.bak", "releases/my-notes/todo.txt", ".job_skills.duckdb.backup",
    "parquet-2025-01-01", "releases/20250101T000000Z-deadbeef.old", "releases/.staging-mine", "notes.txt",
)  # fmt: skip


def test_refused_publish_removes_nothing_and_cleaning_removes_only_what_publish_made(
    working: Path, tmp_path: Path, capsys
) -> None:
    """A refused publish deleted parquet-exports/, .parquet.bak and releases/my-notes by pattern."""
    published = tmp_path / "published"
    for name in LITTER + NOT_OURS:
        path = published / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if name.startswith(("releases/", "parquet-2")) and not name.endswith((".txt", ".old")):
            path.mkdir(exist_ok=True)
            (path / "file").write_bytes(b"x")
        else:
            path.write_bytes(b"x")
    everything = digest(published)  # each planted name holds (or is a folder holding) one file
    failed = tmp_path / "failed.duckdb"
    shutil.copy2(working, failed)
    failed_build(failed)
    assert main(failed, published, tmp_path) == 2  # refused: the last build failed
    assert_one_line(capsys.readouterr().err, "failed (1 failed: model.job_skills.fct_skill_frequency)")
    assert digest(published) == everything  # nothing removed, not even litter

    new = publish.publish(working, published, audit=cheap_audit)  # published: now the litter goes
    assert publish.verify_publication(published) == new.build_id
    for name in LITTER:
        assert not (published / name).exists(), name
    after = digest(published)
    for name in NOT_OURS:
        assert after.get(name, after.get(f"{name}/file")) == everything.get(name, everything.get(f"{name}/file")), name


@pytest.fixture()
def one_suite_audit(monkeypatch) -> None:
    """publish's default audit (GX, with Data Docs) on one mart's suite: seconds instead of ten."""
    real_audit = validate_warehouse.audit_publication

    def one_suite(staged, docs, **options):
        return real_audit(staged, docs, **(options | {"marts": [CHEAP_MART], "manifest": project_manifest()}))

    monkeypatch.setattr(validate_warehouse, "audit_publication", one_suite)


def test_data_docs_dir_that_is_a_file_exits_2_in_one_line_without_gx_tracebacks(
    working: Path, tmp_path: Path, capsys, one_suite_audit
) -> None:
    """It printed ~600 lines of GX tracebacks after the whole audit, then a wrong message."""
    docs = tmp_path / "docs.html"
    docs.write_text("a file, not a folder")
    argv = ["--warehouse", str(working), "--published-dir", str(tmp_path / "published"), "--data-docs-dir", str(docs)]
    assert cli.main(["publish", *argv]) == 2
    captured = capsys.readouterr()
    assert_one_line(captured.err, f"the Data Docs folder {docs} (--data-docs-dir) is not a folder")
    assert "Traceback" not in captured.out + captured.err and "data docs rendering" not in captured.err
    assert not (tmp_path / "published").exists()
    assert docs.read_text() == "a file, not a folder"


def test_a_relative_data_docs_dir_works(working: Path, tmp_path: Path, monkeypatch, one_suite_audit) -> None:
    """GX raised "base_directory must be an absolute path" (a traceback) for --data-docs-dir docs."""
    monkeypatch.chdir(tmp_path)
    assert (
        cli.main(["publish", "--warehouse", str(working), "--published-dir", "published", "--data-docs-dir", "docs"])
        == 0
    )
    assert (tmp_path / "docs" / "index.html").is_file()
    publish.verify_publication(tmp_path / "published")


SIGINT_HARNESS = textwrap.dedent(
    r"""
    # For each point, in a forked child: the command line as the script runs it, with a Ctrl-C
    # (SIGINT to itself) at that point; the child's stderr goes to <published>.stderr.
    import os, signal, sys, threading
    from job_skills import cli, publish
    from job_skills.audit import validate as validate_warehouse

    working, folder, docs, manifest, points = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:]
    # Ctrl-C as a terminal delivers it: a process started in the background by a non-interactive
    # shell (as CI may start the suite) inherits SIGINT ignored, and Python then keeps ignoring it.
    signal.signal(signal.SIGINT, signal.default_int_handler)

    def ctrl_c():
        os.kill(os.getpid(), signal.SIGINT)

    def run(point):
        published = os.path.join(folder, point)
        def audit(staged):
            if point == "audit":
                ctrl_c()
            return validate_warehouse.audit_publication(staged, marts=["fct_skill_frequency"], manifest=manifest)
        if point == "freeze":  # 0.1 s into the copy of the marts: inside a DuckDB query most likely, where
            freeze = publish.freeze  # DuckDB turns it into RuntimeError("Query interrupted")
            def interrupted_freeze(*args):
                threading.Timer(0.1, ctrl_c).start()
                return freeze(*args)
            publish.freeze = interrupted_freeze
        if point.startswith("switched"):  # current points at the new build; the static links are next
            links = publish.ensure_static_links
            def interrupted_links(*args):
                ctrl_c()
                return links(*args)
            publish.ensure_static_links = interrupted_links
        with open(published + ".stderr", "w") as err, open(published + ".stdout", "w") as out:
            os.dup2(err.fileno(), 2)
            os.dup2(out.fileno(), 1)  # the parent's stdout carries only "<point> <exit code>" lines
        argv = ["publish", "--warehouse", working, "--published-dir", published, "--data-docs-dir", docs]
        return publish.run(cli.parse(argv), audit)

    for point in points:
        pid = os.fork()
        if pid == 0:
            code = run(point)
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
        print(point, os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]), flush=True)
    """
)


def test_ctrl_c_says_in_one_line_whether_it_published_and_exits_130(working: Path, tmp_path: Path) -> None:
    """Ctrl-C printed a KeyboardInterrupt traceback (or DuckDB's RuntimeError: Query interrupted)."""
    folder = tmp_path / "published"
    first = publish.publish(working, folder / "first", audit=cheap_audit)
    for point in ("freeze", "audit", "switched"):  # each starts from that publication
        shutil.copytree(folder / "first", folder / point, symlinks=True)
    before = digest(folder / "first")
    harness = tmp_path / "harness.py"
    harness.write_text(SIGINT_HARNESS, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(harness), str(working), str(folder), str(tmp_path / "docs"), str(project_manifest()),
         "freeze", "audit", "switched", "switched_first"],
        capture_output=True, text=True, check=False, env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    codes = dict(line.split() for line in result.stdout.splitlines())
    children = {
        point: (folder / f"{point}.stdout").read_text() + (folder / f"{point}.stderr").read_text() for point in codes
    }
    assert codes == dict.fromkeys(["freeze", "audit", "switched", "switched_first"], "130"), (codes, children)
    for point in ("freeze", "audit"):
        published = folder / point
        assert_one_line(
            (folder / f"{point}.stderr").read_text(), f"interrupted; nothing published, {published} unchanged"
        )
        assert digest(published) == before
        assert publish.verify_publication(published) == first.build_id
        assert_clean(published)
    published = folder / "switched"
    new = publish.current_build(published)
    assert new != first.build_id
    stderr = (folder / "switched.stderr").read_text()
    assert_one_line(stderr, f"interrupted after the switch: build {new} is published in {published}")
    assert publish.verify_publication(published) == new
    assert_clean(published)
    published = folder / "switched_first"  # the first publication: the links BI tools open are not made yet
    new = publish.current_build(published)
    assert new is not None
    stderr = (folder / "switched_first.stderr").read_text()
    assert_one_line(stderr, f"{published / 'current'} is build {new} but its links are not all made")
    assert not (published / "job_skills.duckdb").exists()


def test_quotes_and_odd_characters_in_paths_simply_work(built_warehouse: Path, tmp_path: Path) -> None:
    folder = tmp_path / "o'brien's jobs (1) {x} [2]; --"
    folder.mkdir()
    working = folder / "it's.duckdb"
    shutil.copy2(built_warehouse, working)
    published = tmp_path / 'pub\'lished "q" [1] {0}'
    assert main(working, published, tmp_path) == 0
    publish.verify_publication(published)
    assert query(published / "job_skills.duckdb", "select count(*) from marts.dim_postings") == [(22,)]


def test_refuses_a_warehouse_never_built_with_the_invocation_record(working: Path, tmp_path: Path, capsys) -> None:
    write(working, "drop schema meta cascade")  # a warehouse from before the record existed, or hand-made
    assert main(working, tmp_path / "published", tmp_path) == 2
    assert_one_line(capsys.readouterr().err, "no dbt build is recorded")


# The layout of earlier versions -------------------------------------------------------------------


def test_migrates_the_old_layout_and_removes_its_litter(working: Path, tmp_path: Path) -> None:
    """What the previous publish.py left: a plain job_skills.duckdb, parquet -> parquet-<stamp>-<random>,
    and the temporaries of killed runs."""
    published = tmp_path / "published"
    published.mkdir()
    old = published / "parquet-20260101T000000-k3j_9xq2"  # tempfile.mkdtemp's 8-character suffix
    old.mkdir()
    con = duckdb.connect(str(published / "job_skills.duckdb"))
    try:
        con.execute(f"attach {publish.sql_literal(working)} as working (read_only)")
        con.execute("create schema marts")
        for mart in publish.list_marts(con, "working"):
            con.execute(f"create table marts.{mart} as select * from working.marts.{mart}")
            con.execute(f"copy marts.{mart} to {publish.sql_literal(old / f'{mart}.parquet')} (format parquet)")
        con.execute("detach working")
    finally:
        con.close()
    (published / "parquet").symlink_to(old.name)
    old_database = (published / "job_skills.duckdb").read_bytes()
    for name in (".job_skills.duckdb.123.tmp", ".job_skills.duckdb.123.tmp.wal"):
        (published / name).write_bytes(b"half written")
    (published / "parquet-20250101T000000-dead1234").mkdir()
    (published / ".parquet.123").symlink_to("parquet-20250101T000000-dead1234")

    new = publish.publish(working, published, audit=cheap_audit)

    assert publish.verify_publication(published) == new.build_id
    assert_clean(published)
    legacy = [path for path in (published / "releases").iterdir() if path.name != new.build_id]
    assert [path.name[:7] for path in legacy] == ["legacy-"]  # the old publication is kept as the previous one
    assert (legacy[0] / "job_skills.duckdb").read_bytes() == old_database
    assert len(list((legacy[0] / "parquet").glob("*.parquet"))) == len(MART_MODELS)
