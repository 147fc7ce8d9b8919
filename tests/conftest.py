"""Shared fixtures (a warehouse built once per session into a temporary DuckDB file) and the lanes.

The real warehouse (warehouse/job_skills.duckdb) is never touched by the tests.

Two lanes (STYLE.md, Tests): `slow` marks every test that builds a warehouse (a whole dbt build,
`make postings`, a pull-request diff, the benchmark), marked here, centrally, by the fixtures it
uses (SLOW_FIXTURES) or by name (SLOW_TESTS), so test modules need no edit; a test may also say
`@pytest.mark.slow` itself. `make test-fast` runs `pytest -m "not slow"`: the logic (dbt unit
tests, macros, vars, scorers, the CLI) in under a minute. In that lane a dbt run that would build
more than a few models fails with one line naming the fix (tests/lane_guard/sitecustomize.py), in
this process and in every process it starts, so a builder cannot hide in the fast lane.
"""

from __future__ import annotations

import fcntl
import importlib.util
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import pytest
from _pytest.mark.expression import Expression

from job_skills.project import PROJECT_ROOT, import_benchmarks, read_frame, run_dbt

# benchmarks/ and tools/ are not part of the installed package: the benchmark code is registered
# by path as the package `benchmarks` (so `from benchmarks.data import ...` works in the tests),
# and tools/ (one-off generators such as generate_sample_seeds) goes on sys.path.
import_benchmarks("data")
sys.path.insert(0, str(PROJECT_ROOT / "tools"))

Query = Callable[..., pd.DataFrame]

# dbt's unit tests check the models' SQL on their own fixture rows, so they give the same result
# whatever a build reads: test_dbt_unit_tests.py runs every one of them (its own
# --exclude-resource-type on the command line overrides this), and every other dbt run the tests
# start, directly or through job-skills and make, leaves them out instead of repeating them; they
# were about a third of a whole build's time here.
os.environ.setdefault("DBT_EXCLUDE_RESOURCE_TYPES", "unit_test")

# The fast lane's guard, loaded by path: child processes import it as sitecustomize (PYTHONPATH).
LANE_GUARD = Path(__file__).resolve().parent / "lane_guard"
_guard_spec = importlib.util.spec_from_file_location("job_skills_lane_guard", LANE_GUARD / "sitecustomize.py")
assert _guard_spec is not None and _guard_spec.loader is not None
lane_guard = importlib.util.module_from_spec(_guard_spec)
_guard_spec.loader.exec_module(lane_guard)

# Fixtures that build a warehouse: every test using one (directly or through another fixture) is slow.
SLOW_FIXTURES = frozenset(
    {
        "built_warehouse",  # this file: the shipped sample; `query` and every fixture on it use it
        "odd_files_build",  # test_hostile_inputs
        "appended",  # test_incremental: edited, retaxonomied and removed build on it
        "taxonomy_build",  # test_taxonomy_input
        "word_build",  # test_user_postings
        "substring_build",
        "dedup_off_build",
        "glassdoor_postings",
        "glob_builds",
        "typed_build",  # test_one_flow
        "default_build",
        "text_build",  # test_salary
        "amount_build",
    }
)
# Tests that run dbt on the project or make postings in their own body: "module.py::function" (every
# parameter) or "module.py". A dbt subprocess costs a parse of the whole project (5-10 s on these
# 2 cores) even when its build stops at the first model, so the input-error cases, which run
# `dbt build` on a user's file, are slow too; the fast lane keeps the ones that need no subprocess
# build: vars (dbt in-process), macros (one compile), dbt unit tests (one --empty build), the CLI.
SLOW_TESTS = frozenset(
    {
        "test_benchmark.py",  # the tiny benchmark: full, incremental and memory-limited builds
        "test_evaluation.py::test_evaluate_end_to_end_on_a_few_postings",
        "test_hostile_inputs.py",  # every case builds a user's odd file
        "test_incremental.py",  # four states of one user warehouse
        "test_salary.py",  # two pay warehouses, their negative cases and a dbt show
        "test_user_postings.py",  # every case builds a user's postings (or stops on a bad file)
        "test_onet_taxonomy.py::test_postings_are_measured_against_all_of_onet",
        "test_make.py::test_make_postings_builds_publishes_and_reports_a_tiny_csv",
        "test_make.py::test_path_payloads_reach_dbt_as_given",
        "test_make.py::test_match_mode_is_judged_by_validate_vars",
        "test_pr_diff.py::test_threshold_and_taxonomy_change_show_what_they_do_to_both_inputs",
        "test_pr_diff.py::test_comment_change_is_rebuilt_and_changes_no_number",
    }
)


def is_slow(item: pytest.Item) -> bool:
    """Whether a collected test builds a warehouse (see SLOW_FIXTURES and SLOW_TESTS)."""
    if item.get_closest_marker("slow") or SLOW_FIXTURES.intersection(getattr(item, "fixturenames", ())):
        return True
    module = item.path.name
    function = getattr(item, "originalname", item.name)
    return module in SLOW_TESTS or f"{module}::{function}" in SLOW_TESTS


def deselects_slow(config: pytest.Config) -> bool:
    """Whether this run's -m expression leaves out the slow lane (then it is the fast lane)."""
    markexpr = config.getoption("markexpr", "")
    if not markexpr:
        return False
    return not Expression.compile(markexpr).evaluate(lambda name, **_: name == "slow")


def pytest_configure(config: pytest.Config) -> None:
    """In the fast lane, arm the guard here and in every process the tests start (PYTHONPATH)."""
    if deselects_slow(config):
        os.environ[lane_guard.ENV] = "1"
        paths = [str(LANE_GUARD), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
        os.environ["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))
        lane_guard.install()


# The modules that take longest, longest first (measured with --durations; the rest follow in
# collection order). xdist's loadfile hands whole modules to the workers in this order
# (--no-loadscope-reorder: its default order, by number of tests, starts with the cheapest), so
# the long ones start at once instead of leaving one worker alone with a long tail. The first two
# build their own warehouses; the shared sample is built when the first module needing it starts.
# Order: the per-module sums of the 2026-12-03 whole-suite run, less what each module's change of
# that day saved when measured alone (docs/development.md, "Test timing").
LONGEST_FIRST = (
    "test_user_postings.py",
    "test_pr_diff.py",
    "test_lint.py",  # sqlfluff's dbt templater compiles the whole project: about a minute of one core
    "test_spark_equality.py",  # minutes of Spark, after .venv-spark's background install has had time
    "test_incremental.py",
    "test_negative.py",
    "test_publish.py",
    "test_hostile_inputs.py",
    "test_make.py",
    "test_invocation_record.py",
    "test_benchmark.py",
    "test_one_flow.py",
    "test_browser.py",
    "test_evaluation.py",
    "test_dbt_unit_tests.py",
    "test_vars.py",
    "test_gx_suites.py",
    "test_taxonomy_input.py",
    "test_cli.py",
    "test_metric_macros.py",
)


# The fast lane's own order (its slow modules are deselected): the longest single test (the dbt
# unit tests' --empty build, after the session's parse) first, then the GX audits, make and vars.
FAST_LONGEST_FIRST = (
    "test_dbt_unit_tests.py",
    "test_gx_suites.py",
    "test_make.py",
    "test_vars.py",
    "test_metric_macros.py",
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if is_slow(item):
            item.add_marker(pytest.mark.slow)
    order = LONGEST_FIRST
    if deselects_slow(config):
        order = (*FAST_LONGEST_FIRST, *(name for name in LONGEST_FIRST if name not in FAST_LONGEST_FIRST))
    rank = {name: position for position, name in enumerate(order)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))  # stable: a module's order is kept


# The Spark engine's environment (.venv-spark, requirements-spark.txt): on a fresh machine its
# install is mostly a 317 MB download (pyspark), so it starts in the background as soon as a test
# needing it is collected, while the other tests run, and the Spark tests wait for it. make (under
# one lock, so the wait is the same make) creates it once and skips it when its stamp is current.
SPARK_MODULES = frozenset({"test_spark_equality.py"})
SPARK_INSTALL = [
    *("flock", str(PROJECT_ROOT / ".venv-spark.lock")),
    *("make", "--no-print-directory", "-o", ".venv/.installed", ".venv-spark/.installed"),  # .venv as it is
]
SPARK_INSTALL_LOG = PROJECT_ROOT / ".venv-spark.log"


def pytest_collection_finish(session: pytest.Session) -> None:
    """Start making .venv-spark (once per run: the first xdist worker, or the only process)."""
    if os.environ.get("PYTEST_XDIST_WORKER", "gw0") != "gw0":
        return
    if not any(item.path.name in SPARK_MODULES for item in session.items):
        return
    with SPARK_INSTALL_LOG.open("w") as log:
        subprocess.Popen(SPARK_INSTALL, cwd=PROJECT_ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


@pytest.fixture(scope="session")
def spark_environment() -> Path:
    """The bin folder of .venv-spark, made (or waited for) under the install's lock."""
    result = subprocess.run(SPARK_INSTALL, cwd=PROJECT_ROOT, capture_output=True, text=True, check=False)
    log = SPARK_INSTALL_LOG.read_text(encoding="utf-8", errors="replace") if SPARK_INSTALL_LOG.exists() else ""
    assert result.returncode == 0, (log + result.stdout + result.stderr)[-4000:]
    return PROJECT_ROOT / ".venv-spark" / "bin"


def session_folder(factory: pytest.TempPathFactory) -> Path:
    """The temporary folder the whole session shares: under xdist, the parent of every worker's own."""
    base = factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@contextmanager
def exclusive(lock_file: Path) -> Iterator[None]:
    """An exclusive lock on lock_file, across the xdist workers."""
    with lock_file.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@pytest.fixture(scope="session")
def built_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """dbt build of the shipped sample into a temporary warehouse; fails with dbt's output.

    Built once per test session, by whichever xdist worker asks first (the other waits for it);
    each worker then reads its own file copy of the warehouse and of its target/ folder, so no two
    processes ever open one DuckDB file. Tests that change the warehouse copy it again.
    """
    shared = session_folder(tmp_path_factory) / "sample_warehouse"
    shared.mkdir(exist_ok=True)
    record = shared / "build.json"
    with exclusive(shared / "build.lock"):
        if not record.exists():
            result = run_dbt(
                ["build", "--target-path", str(shared / "target"), "--log-path", str(shared / "logs")],
                duckdb_path=shared / "job_skills.duckdb",
                extra_env={"DUCKDB_TEMP_DIRECTORY": str(shared / "tmp")},
            )
            output = result.stdout[-5000:] + result.stderr[-2000:]
            record.write_text(json.dumps({"returncode": result.returncode, "output": output}), encoding="utf-8")
    build = json.loads(record.read_text(encoding="utf-8"))
    assert build["returncode"] == 0, build["output"]
    work = tmp_path_factory.mktemp("warehouse")
    shutil.copy2(shared / "job_skills.duckdb", work / "job_skills.duckdb")
    shutil.copytree(shared / "target", work / "target")
    return work / "job_skills.duckdb"


@pytest.fixture(scope="session")
def query(built_warehouse: Path) -> Query:
    """Run SQL on the built sample warehouse (read-only, connection closed at once)."""

    def run(sql: str, *params: object) -> pd.DataFrame:
        return read_frame(sql, list(params), built_warehouse)

    return run


# Every mart the project builds (a table in schema marts each): what a publication must hold.
MART_MODELS = sorted(path.stem for path in (PROJECT_ROOT / "models" / "marts").rglob("*.sql"))

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


# The dbt profile every user of `parsed_project` runs under: dbt reuses a partial parse only when
# the profile is the same, DuckDB path included, so the paths are relative to the project folder
# (dbt runs in it) and the same for every copy.
PARSED_PROFILE = {"DUCKDB_PATH": "../w.duckdb", "DUCKDB_TEMP_DIRECTORY": "../spill"}


@pytest.fixture(scope="session")
def parsed_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project and a target folder with dbt's parse of it (partial_parse.msgpack).

    Parsed once per test session, by whichever xdist worker asks first (the other waits), under
    PARSED_PROFILE. Tests take their own copy (copy_parsed_project); a dbt command there re-reads
    only the files that differ instead of parsing the whole project (5-10 s on these 2 cores).
    """
    shared = session_folder(tmp_path_factory) / "parsed_project"
    shared.mkdir(exist_ok=True)
    record = shared / "parse.json"
    with exclusive(shared / "parse.lock"):
        if not record.exists():
            copy_project(shared / "project")
            result = run_dbt(
                ["parse", "--target-path", str(shared / "target"), "--log-path", str(shared / "logs")],
                project_dir=shared / "project",
                extra_env=PARSED_PROFILE,
            )
            output = result.stdout[-5000:] + result.stderr[-2000:]
            record.write_text(json.dumps({"returncode": result.returncode, "output": output}), encoding="utf-8")
    parse = json.loads(record.read_text(encoding="utf-8"))
    assert parse["returncode"] == 0, parse["output"]
    assert (shared / "target" / "partial_parse.msgpack").is_file(), "dbt wrote no partial parse"
    return shared


def copy_parsed_project(parsed: Path, destination: Path) -> Path:
    """destination/project and destination/target from parsed_project; returns the project folder.

    Run dbt there with project_dir=<it>, extra_env=PARSED_PROFILE and --target-path destination/target:
    the warehouse is destination/w.duckdb, the spill folder destination/spill.
    """
    destination.mkdir(parents=True, exist_ok=True)
    shutil.copytree(parsed / "project", destination / "project")
    shutil.copytree(parsed / "target", destination / "target")
    return destination / "project"


def release_warehouse() -> None:
    """Close the DuckDB database dbt-duckdb keeps open in this process, so the file can be read.

    (dbt-duckdb does the same itself when the credentials change between connections.)
    """
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    if DuckDBConnectionManager._ENV is not None:
        DuckDBConnectionManager._ENV.close()
        DuckDBConnectionManager._ENV = None
