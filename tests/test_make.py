"""make hands user values to the programs through the environment, never through shell text
(issue 11 item 2).

Each payload would run `touch PWNED...` if make pasted it into a recipe (`'$(POSTINGS)'`), if the
shell expanded it (`$(...)`, backticks) or if make expanded it (`$(shell ...)`, which a
command-line variable is by default). Every case runs make in a copy of the project, checks that
no PWNED file appears anywhere and that the user gets one line naming the value.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import MART_MODELS, copy_project

from job_skills.project import PROJECT_ROOT, read_frame

# Every way a value could be run: closing make's single quotes, shell substitutions, make's $(shell).
PAYLOAD = "x'; touch PWNED_QUOTE; echo '`touch PWNED_BACKTICK`$(touch PWNED_SUBSHELL)$(shell touch PWNED_MAKE)"
USER_VARIABLES = (
    "POSTINGS COLUMNS TAXONOMY MATCH_MODE DEDUPLICATE POSTINGS_WAREHOUSE POSTINGS_REPORTS POSTINGS_PUBLISHED BASE"
    " ACCEPT_DRIFT SIZES TAXONOMIES"
).split()


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project with the Makefile and scripts; the venv is the real one (linked)."""
    copy = copy_project(
        tmp_path_factory.mktemp("make") / "project",
        extra=("Makefile", "src", "benchmarks", "tools", "pyproject.toml", "requirements.txt", "constraints.txt"),
    )
    (copy / ".venv").symlink_to(PROJECT_ROOT / ".venv")
    shutil.rmtree(copy / "benchmarks" / "work", ignore_errors=True)  # the benchmark's work folder: none yet
    return copy


def make(project: Path, work: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """make in the project copy; dbt's target, logs and spill go to work. Output captured, not raised on.

    -o keeps make from reinstalling the (shared) venv whatever the requirements' timestamps.
    """
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in USER_VARIABLES and name not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")
    }
    env.update(
        DBT_TARGET_PATH=str(work / "target"),
        DBT_LOG_PATH=str(work / "logs"),
        DUCKDB_TEMP_DIRECTORY=str(work / "spill"),
    )
    return subprocess.run(
        ["make", "--no-print-directory", "-o", ".venv/.installed", *args],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def lines_of(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line.strip() for line in (result.stdout + result.stderr).splitlines()]


def assert_nothing_ran(*folders: Path) -> None:
    """No PWNED file anywhere; any found is removed first, so the failure stays with the test that made it."""
    pwned = [path for folder in folders for path in folder.rglob("PWNED*")]
    for path in pwned:
        path.unlink()
    assert pwned == [], f"a payload ran: {pwned}"


# (make arguments, the one line the user must see); dbt runs only where the value is dbt's to judge
FAST_CASES = {
    "COLUMNS": (
        ["postings", "POSTINGS=jobs.csv", f"COLUMNS={{title: x}}{PAYLOAD}"],
        (
            "make postings: COLUMNS is not valid YAML (expected '<document start>', but found '<scalar>' at line 1,"
            f" column 11): {'{title: x}' + PAYLOAD!r}; write e.g. COLUMNS='{{title: \"Job Title\"}}'"
        ),
    ),
    "DEDUPLICATE": (
        ["postings", "POSTINGS=jobs.csv", f"DEDUPLICATE=true{PAYLOAD}"],
        f"make postings: DEDUPLICATE must be true or false, got {'true' + PAYLOAD!r}",
    ),
    # dbt-duckdb's database name ends at the `;` (it reads the path as a URL): "wx'"
    "POSTINGS_WAREHOUSE": (
        ["postings", "POSTINGS=jobs.csv", f"POSTINGS_WAREHOUSE=w{PAYLOAD}.duckdb"],
        (
            f"make postings: POSTINGS_WAREHOUSE {'w' + PAYLOAD + '.duckdb'!r}: dbt-duckdb names the database"
            ' "wx\'" after the file and cannot quote it in SQL; use a file name without'
            " quotes (quotes in the folder are fine)"
        ),
    ),
    "POSTINGS missing": (
        ["postings", "COLUMNS={title: T}"],
        (
            "make postings: usage: make postings POSTINGS=file-or-glob [COLUMNS={...}] [TAXONOMY=skills.csv]"
            " [MATCH_MODE=word|substring] [DEDUPLICATE=true|false]"
            " [POSTINGS_WAREHOUSE=file.duckdb] [POSTINGS_REPORTS=dir] [POSTINGS_PUBLISHED=dir] [ACCEPT_DRIFT=1]"
        ),
    ),
    "SIZES": (
        ["benchmark", f"SIZES=10{PAYLOAD}"],
        (
            f"benchmark: --sizes (make: SIZES) must be positive whole numbers separated by commas (e.g. 10000,100000),"
            f" got {'10' + PAYLOAD!r}"
        ),
    ),
    "TAXONOMIES": (
        ["benchmark", "SIZES=10", f"TAXONOMIES={PAYLOAD}"],
        (
            f"benchmark: --taxonomies (make: TAXONOMIES) must be positive whole numbers separated by commas"
            f" (e.g. 10000,100000), got {PAYLOAD!r}"
        ),
    ),
    "BASE missing": (["pr"], "usage: make pr BASE=<git ref>   (for example BASE=main or BASE=HEAD~1)"),
    "ACCEPT_DRIFT": (
        ["pr", "BASE=HEAD", f"ACCEPT_DRIFT={PAYLOAD}"],
        f"make pr: ACCEPT_DRIFT must be 1 (or empty), got '{PAYLOAD}'",
    ),
    "ACCEPT_DRIFT postings": (
        ["postings", "POSTINGS=jobs.csv", f"ACCEPT_DRIFT={PAYLOAD}"],
        f"make postings: ACCEPT_DRIFT must be 1 (or empty), got {PAYLOAD!r}",
    ),
}


@pytest.mark.parametrize("case", list(FAST_CASES))
def test_a_payload_is_a_value_with_a_one_line_error(project: Path, tmp_path: Path, case: str) -> None:
    args, expected = FAST_CASES[case]
    result = make(project, tmp_path, *args)
    assert_nothing_ran(project, tmp_path)
    assert result.returncode != 0
    assert expected in lines_of(result), result.stdout[-3000:] + result.stderr[-3000:]
    assert not (project / "benchmarks" / "work").exists(), "the benchmark started before its arguments were checked"


def test_warehouse_folder_that_cannot_be_made_is_one_line(project: Path, tmp_path: Path) -> None:
    """A POSTINGS_WAREHOUSE under a file: one line naming it (a FileExistsError traceback before)."""
    (tmp_path / "afile").write_text("not a folder")
    warehouse = tmp_path / "afile" / "w.duckdb"
    result = make(project, tmp_path, "postings", "POSTINGS=jobs.csv", f"POSTINGS_WAREHOUSE={warehouse}")
    assert result.returncode == 2, result.stdout[-3000:] + result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    assert (
        f"make postings: POSTINGS_WAREHOUSE {str(warehouse)!r}: cannot create its folder:"
        f" [Errno 17] File exists: '{tmp_path / 'afile'}'"
    ) in lines_of(result)


def test_base_is_a_value(project: Path, tmp_path: Path) -> None:
    result = make(project, tmp_path, "pr", f"BASE={PAYLOAD}")
    assert_nothing_ran(project, tmp_path)
    assert result.returncode == 2
    assert f"pr_diff: {PAYLOAD!r} is not a commit in {project}" in lines_of(result), result.stderr[-3000:]


def test_path_payloads_reach_dbt_as_given(project: Path, tmp_path: Path) -> None:
    """POSTINGS and TAXONOMY arrive as written (Jinja in them is not rendered either), each named in one line;
    the build stops at its first step."""
    postings = f"missing{{{{ 1 + 1 }}}}{PAYLOAD}.csv"
    taxonomy = f"skills{{{{ 1 + 1 }}}}{PAYLOAD}.csv"
    reports = tmp_path / "reports"
    result = make(
        project, tmp_path, "postings", f"POSTINGS={postings}", f"TAXONOMY={taxonomy}",
        f"POSTINGS_WAREHOUSE={tmp_path / 'w.duckdb'}", f"POSTINGS_REPORTS={reports}",
    )  # fmt: skip
    assert_nothing_ran(project, tmp_path)
    assert result.returncode != 0
    lines = lines_of(result)
    for var, value in (("postings_path", postings), ("taxonomy_path", taxonomy)):
        assert any(var in line and value in line for line in lines), f"no line names {var}: " + result.stdout[-4000:]
    assert "make postings: dbt build failed (exit code 1); the steps after it did not run" in lines
    assert not reports.exists(), "a step ran after dbt build failed"


def test_match_mode_is_judged_by_validate_vars(project: Path, tmp_path: Path) -> None:
    warehouse = f"POSTINGS_WAREHOUSE={tmp_path / 'w.duckdb'}"
    result = make(project, tmp_path, "postings", "POSTINGS=missing.csv", f"MATCH_MODE=word{PAYLOAD}", warehouse)
    assert_nothing_ran(project, tmp_path)
    assert result.returncode != 0
    expected = f"var match_mode must be 'word' or 'substring' (exactly, lower case), got the string 'word{PAYLOAD}'"
    assert expected in lines_of(result), result.stdout[-3000:]


def test_make_postings_builds_publishes_and_reports_a_tiny_csv(project: Path, tmp_path: Path) -> None:
    """The whole of `make postings` (write, audit, publish, report, offline Data Docs), into folders whose
    names carry the payload (legal names work)."""
    csv = tmp_path / "jobs.csv"
    csv.write_text(
        "Job Title,Job Description\n"
        'Data Scientist,"Python, SQL and Spark; Python again."\n'
        'Data Engineer,"Airflow, Python and AWS."\n',
        encoding="utf-8",
    )
    out = tmp_path / PAYLOAD
    columns = 'COLUMNS={title: "Job Title", description: "Job Description"}'
    warehouse = f"POSTINGS_WAREHOUSE={out / 'postings.duckdb'}"
    folders = [f"POSTINGS_REPORTS={out / 'reports'}", f"POSTINGS_PUBLISHED={out / 'published'}"]
    result = make(project, tmp_path, "postings", f"POSTINGS={csv}", columns, warehouse, *folders)
    assert_nothing_ran(project, tmp_path)
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-3000:]
    lines = lines_of(result)
    for step in ("[1/4] dbt build", "[2/4] audit and publish", "[3/4] report", "[4/4] offline Data Docs"):
        assert f"postings {step} (warehouse {out / 'postings.duckdb'})" in lines, "no progress line for " + step
    accepted = read_frame("select role from marts.dim_postings order by role", path=out / "postings.duckdb")
    assert accepted["role"].tolist() == ["Data Engineer", "Data Scientist"]
    python = read_frame(
        "select frequency from marts.fct_skill_frequency where skill_name = 'Python' order by role",
        path=out / "postings.duckdb",
    )
    assert python["frequency"].tolist() == [1, 1]
    # one posting per role, under min_postings_per_role_report (10): no report of its own, both
    # counted on the index page as other roles
    assert sorted(path.name for path in (out / "reports").glob("*.md")) == ["index.md"]
    role_index = (out / "reports" / "index.md").read_text(encoding="utf-8")
    assert "| Other roles (2 roles) | 2 | mid 2 (100%) |" in role_index
    assert "Data Engineer (1), Data Scientist (1)._" in role_index
    # published like the sample: the audited snapshot, read through the static links BI tools use
    published = read_frame(
        "select frequency from marts.fct_skill_frequency where skill_name = 'Python' order by role",
        path=out / "published" / "job_skills.duckdb",
    )
    assert published["frequency"].tolist() == [1, 1]
    assert (out / "published" / "parquet" / "fct_skill_frequency.parquet").is_file()
    assert any(line.startswith(f"published {len(MART_MODELS)} marts, build ") for line in lines), result.stdout[-3000:]
    index = (out / "reports" / "data_docs" / "index.html").read_text(encoding="utf-8")
    assert "vendor/" in index and not re.search(r"<script[^>]+src=[\"']https?://", index), "Data Docs not offline"
