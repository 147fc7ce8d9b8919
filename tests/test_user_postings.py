"""Bring your own postings (issue 4): the warehouse reads a user's file in place and turns it into
the same marts as the sample, with nothing lost and every bad input named.

- Real data: the Glassdoor postings (../shared/data) reproduce their author's published keyword
  counts in `substring` mode, and whole-word matching drops the look-alikes ("excellent", "laws").
- One synthetic CSV holds every extraction, role, duplicate and quarantine case; it is built in
  `word` mode, in `substring` mode, with deduplication off, and as Parquet and JSON lines.
- Bad rows are quarantined with their reason and every row is accounted for; bad files (no file,
  an empty file, an unknown field, a missing column named like an SQL injection, invalid UTF-8)
  stop the build with one message and no Python traceback; a semicolon-delimited file is read.
- Parquet and JSON lines give the same frequencies as CSV; a glob reads every file; ids derived
  for files without an id column are the same in every build.

Each dbt build writes into its own DuckDB file under pytest's temporary directory. A build that
several tests read is run once per test session even under pytest-xdist: the first worker that
needs it builds it under a file lock in the session's shared temporary directory, the other
reads the finished warehouse read-only (see `shared_build`). dbt runs in the test process
(tests/dbt_in_process.py: no interpreter start and dbt import per call).
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pytest
from conftest import exclusive
from dbt_in_process import run_dbt_in_process

from benchmarks.data import tokens
from job_skills.project import PROJECT_ROOT, read_frame

GLASSDOOR = PROJECT_ROOT.parent / "shared" / "data" / "glassdoor_ds_jobs" / "glassdoor_jobs.csv"
GLASSDOOR_PUBLISHED = {"python": 392, "spark": 167, "aws": 176, "excel": 388, "r": 2}
GLASSDOOR_COLUMNS = {
    "title": "Job Title",
    "description": "Job Description",
    "company": "Company Name",
    "location": "Location",
}

# The marts the tests read and everything upstream. One build runs their dbt tests too (tests of
# models outside the selection left out); the others build the models only, to keep the suite fast
# (every dbt invocation costs seconds of parsing), and check the invariants here in Python.
MARTS = [
    "+fct_skill_frequency",
    "+fct_posting_mentions",
    "+fct_row_accounting",
    "+fct_quarantined_rows",
    "+dim_postings",
]
TESTED_BUILD = ["build", "--select", *MARTS, "--indirect-selection", "cautious"]
MODELS_ONLY = ["build", "--select", *MARTS, "--exclude-resource-type", "test", "--exclude-resource-type", "unit_test"]
STAGING_ONLY = ["build", "--select", "stg_user__postings"]
# The model that derives a posting id for files without an id column, and its parents.
DERIVED_IDS_ONLY = ["build", "--select", "+int_user_postings_normalized", "--exclude-resource-type", "test"]

MAX_CHARS = 200  # var max_description_chars in the synthetic builds

# ---------------------------------------------------------------------------------------------
# The synthetic postings: (id, title, description, company, location, posted date). Row numbers
# in the file are 1-based positions in this list.
HEADER = ["id", "Job Title", "Job Description", "Company", "Location", "Posted"]
ROWS: list[tuple[str, str, str, str, str, str]] = [
    # roles: seniority stripped, rules applied; look-alikes "excellent" and "laws"
    (
        "p01",
        "Sr. Data Scientist",
        "Excellent communication; you will study laws and regulations.",
        "Acme",
        "Austin",
        "",
    ),
    # case-insensitive, a skill repeated four times counts once
    (
        "p02",
        "Senior Data Scientist II",
        "Strong EXCEL and aws skills: excel, Excel and more excel.",
        "Beta",
        "Boston",
        "",
    ),
    # multi-word names and aliases
    (
        "p03",
        "Data Engineer",
        "Big data and Machine Learning pipelines on k8s with Postgres.",
        "Gamma",
        "Denver",
        "2024-03-01",
    ),
    # punctuation in names
    (
        "p04",
        "Data Engineer",
        "Write C++ and C# services on .NET, Node.js tooling and CI/CD.",
        "Delta",
        "Seattle",
        "03/15/2024",
    ),
    ("p05", "Data Engineer", "Plain C code only.", "Epsilon", "Portland", "March 5, 2024"),
    # short names: a standalone capital R (the "r" in "for", "our", "reporting" is not R)
    ("p06", "Data Analyst", "Statistics in R and Python for our reporting.", "Zeta", "Chicago", ""),
    ("p07", "Data Analyst", "An r user, ready to go for golang and every report.", "Eta", "Miami", ""),
    ("p08", "Data Analyst", "Services in Go and GOLANG.", "Theta", "Dallas", ""),
    # a title no rule matches keeps its own title as role, seniority removed
    ("p09", "Chief Happiness Officer", "Keep everyone happy, with Excel sheets.", "Iota", "Reno", ""),
    ("p10", "Senior Chief Happiness Officer", "Spread joy.", "Kappa", "Tulsa", ""),
    # the same posting twice under two ids, differing only in case and white space
    ("p11", "Data Analyst", "Dashboards in Tableau and Excel.", "Acme Corp", "Austin, TX", ""),
    ("p12", "data  ANALYST", "dashboards   in TABLEAU and excel.", "ACME  corp", "austin,  tx", ""),
    # quarantined rows
    ("q01", "Data Analyst", "", "Lambda", "Omaha", ""),
    ("q02", "", "Python wanted.", "Mu", "Boise", ""),
    ("q03", "Data Analyst", "Version one: Python.", "Nu", "Fresno", ""),
    ("q03", "Data Analyst", "Version two: SQL.", "Nu", "Fresno", ""),
    ("q04", "Data Analyst", "Tableau wanted.", "Xi", "Tampa", "not a date"),
    ("q05", "Data Analyst", "Python " * 40, "Omicron", "Akron", ""),
]
POSTING_COLUMNS = {
    "posting_id": "id",
    "title": "Job Title",
    "description": "Job Description",
    "company": "Company",
    "location": "Location",
    "posted_date": "Posted",
}
DESCRIPTIONS = {row[0]: row[2].strip() for row in ROWS if not row[0].startswith("q")}

QUARANTINED = {  # input row number: (posting_id, reason)
    13: ("q01", "missing description"),
    14: ("q02", "missing title"),
    15: ("q03", "posting_id repeated with different content"),
    16: ("q03", "posting_id repeated with different content"),
    17: ("q04", "posted_date does not parse"),
    18: ("q05", f"description longer than {MAX_CHARS} characters"),
}

TAXONOMY_ROWS = [
    ("Excel", "Analytics tool", ""),
    ("AWS", "Cloud", ""),
    ("Python", "Programming language", ""),
    ("Tableau", "Analytics tool", ""),
    ("Big data", "Big data", ""),
    ("Machine learning", "Machine learning", ""),
    ("Kubernetes", "Infrastructure", "k8s"),
    ("PostgreSQL", "Database", "Postgres"),
    ("C++", "Programming language", ""),
    ("C#", "Programming language", "c#"),
    ("C", "Programming language", "=C"),
    (".NET", "Framework", ""),
    ("Node.js", "Framework", ""),
    ("CI/CD", "Infrastructure", ""),
    ("R", "Programming language", "=R|r studio"),
    ("Go", "Programming language", "=Go|golang"),
]
# The same taxonomy with R written without aliases: a name shorter than 3 characters never matches.
PLAIN_R_TAXONOMY_ROWS = [(name, category, "" if name == "R" else aliases) for name, category, aliases in TAXONOMY_ROWS]

WORD_MENTIONS = {  # posting: skill ids found in word mode
    "p01": set(),
    "p02": {"excel", "aws"},
    "p03": {"big_data", "machine_learning", "kubernetes", "postgresql"},
    "p04": {"c++", "c#", ".net", "node.js", "ci_cd"},
    "p05": {"c"},
    "p06": {"r", "python"},
    "p07": {"go"},  # through golang, not the lower-case "go"
    "p08": {"go"},
    "p09": {"excel"},
    "p10": set(),
    "p11": {"tableau", "excel"},
}
ROLES = {
    "p01": "Data Scientist",
    "p02": "Data Scientist",
    "p03": "Data Engineer",
    "p04": "Data Engineer",
    "p05": "Data Engineer",
    "p06": "Data Analyst",
    "p07": "Data Analyst",
    "p08": "Data Analyst",
    "p09": "Chief Happiness Officer",
    "p10": "Chief Happiness Officer",
    "p11": "Data Analyst",
}


# ---------------------------------------------------------------------------------------------
# Builds


@dataclass(frozen=True)
class Build:
    """One dbt invocation: its warehouse file, exit code and output."""

    warehouse: Path
    returncode: int
    stdout: str
    stderr: str

    def query(self, sql: str, *params: object) -> pd.DataFrame:
        return read_frame(sql, list(params), self.warehouse)

    def explain(self) -> str:
        return self.stdout[-6000:] + self.stderr[-2000:]


def dbt(work: Path, args: list[str], dbt_vars: dict[str, Any]) -> Build:
    """Run dbt on a private warehouse, target, log and spill directory under work.

    The vars are written as JSON, which is YAML, so paths and odd column names need no escaping.
    """
    path = work / "warehouse.duckdb"
    result = run_dbt_in_process(
        [
            *args,
            "--vars",
            json.dumps(dbt_vars),
            "--target-path",
            str(work / "target"),
            "--log-path",
            str(work / "logs"),
            "--no-write-json",  # no test reads manifest.json or run_results.json: writing them is ~0.9 s a run
        ],
        duckdb_path=path,
        extra_env={"DUCKDB_TEMP_DIRECTORY": str(work / "spill")},
    )
    return Build(path, result.returncode, result.stdout, result.stderr)


def shared_build(factory: pytest.TempPathFactory, name: str, make: Callable[[Path], Build]) -> Build:
    """make(work) once per test session, whichever xdist worker asks first.

    Under xdist every worker has its own base temporary directory inside the session's one; the
    build goes into a folder of the session's directory, under a lock, and its result is recorded
    there so the other worker reads the same warehouse instead of building it again.
    """
    base = factory.getbasetemp()
    root = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "user_postings_builds"
    root.mkdir(exist_ok=True)
    work = root / name
    record = root / f"{name}.json"
    with exclusive(root / f"{name}.lock"):
        if record.exists():
            saved = json.loads(record.read_text())
            return Build(Path(saved["warehouse"]), saved["returncode"], saved["stdout"], saved["stderr"])
        work.mkdir(exist_ok=True)
        build = make(work)
        record.write_text(
            json.dumps(
                {
                    "warehouse": str(build.warehouse),
                    "returncode": build.returncode,
                    "stdout": build.stdout,
                    "stderr": build.stderr,
                }
            )
        )
        return build


def write_csv(path: Path, header: list[str], rows: list[tuple[str, ...]], delimiter: str = ",") -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def copy_postings(source: Path, target: Path, options: str) -> Path:
    """Rewrite a CSV (read as text) in another format with DuckDB's COPY."""
    con = duckdb.connect()
    try:
        con.execute(
            f"copy (select * from read_csv(?, all_varchar = true, header = true)) to '{target}' ({options})",
            [str(source)],
        )
    finally:
        con.close()
    return target


def synthetic_vars(postings: Path, taxonomy: Path, **overrides: Any) -> dict[str, Any]:
    return {
        "postings_path": str(postings),
        "postings_columns": POSTING_COLUMNS,
        "taxonomy_path": str(taxonomy),
        "match_mode": "word",
        "max_description_chars": MAX_CHARS,
        **overrides,
    }


def synthetic_build(
    factory: pytest.TempPathFactory,
    name: str,
    args: list[str],
    postings_format: str = "csv",
    plain_r: bool = False,
    **overrides: Any,
) -> Build:
    def make(work: Path) -> Build:
        postings = write_csv(work / "postings.csv", HEADER, ROWS)
        if postings_format == "parquet":
            postings = copy_postings(postings, work / "postings.parquet", "format parquet")
        elif postings_format == "jsonl":
            postings = copy_postings(postings, work / "postings.jsonl", "format json")
        taxonomy = write_csv(
            work / "taxonomy.csv",
            ["skill_name", "category", "aliases"],
            PLAIN_R_TAXONOMY_ROWS if plain_r else TAXONOMY_ROWS,
        )
        return dbt(work, args, synthetic_vars(postings, taxonomy, **overrides))

    build = shared_build(factory, name, make)
    assert build.returncode == 0, build.explain()
    return build


def mentions_by_posting(build: Build) -> dict[str, set[str]]:
    frame = build.query("select posting_id, item_id from marts.fct_posting_mentions where item_type = 'skill'")
    found: dict[str, set[str]] = {}
    for posting_id, item_id in frame.itertuples(index=False):
        found.setdefault(posting_id, set()).add(item_id)
    return found


def postings_per_skill(build: Build) -> dict[str, int]:
    frame = build.query(
        "select item_id, count(distinct posting_id) as postings from marts.fct_posting_mentions"
        " where item_type = 'skill' group by item_id"
    )
    return dict(zip(frame["item_id"], frame["postings"], strict=True))


def row_accounting(build: Build) -> tuple[int, int, int, int]:
    frame = build.query(
        "select rows_in, rows_accepted, rows_deduplicated, rows_quarantined"
        " from marts.fct_row_accounting where input_name = 'user_postings'"
    )
    assert len(frame) == 1, frame
    rows_in, accepted, deduplicated, quarantined = (int(value) for value in frame.iloc[0])
    return rows_in, accepted, deduplicated, quarantined


def skill_frequencies(build: Build) -> list[tuple[str, str, int, int]]:
    frame = build.query(
        "select role, skill_id, frequency, total_postings from marts.fct_skill_frequency order by role, skill_id"
    )
    return [(role, skill, int(freq), int(total)) for role, skill, freq, total in frame.itertuples(index=False)]


def assert_failed_cleanly(build: Build, *expected: str) -> None:
    """dbt failed, printed every expected text, and no Python traceback."""
    assert build.returncode != 0, build.explain()
    for text in expected:
        assert text in build.stdout, f"{text!r} not in dbt's output:\n{build.explain()}"
    assert "Traceback" not in build.stdout + build.stderr, build.explain()


# ---------------------------------------------------------------------------------------------
# Fixtures: one build per configuration, shared by the tests that read it.


@pytest.fixture(scope="module")
def word_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The synthetic postings, whole words, deduplicated; the marts' dbt tests run too."""
    return synthetic_build(tmp_path_factory, "word", TESTED_BUILD)


@pytest.fixture(scope="module")
def substring_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return synthetic_build(tmp_path_factory, "substring", MODELS_ONLY, plain_r=True, match_mode="substring")


@pytest.fixture(scope="module")
def dedup_off_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return synthetic_build(tmp_path_factory, "dedup_off", MODELS_ONLY, plain_r=True, deduplicate_postings=False)


@pytest.fixture(scope="module")
def glassdoor_postings(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Build]:
    """The 742 Glassdoor rows with a salary estimate, as the published counts used them."""
    if not GLASSDOOR.exists():
        pytest.skip(f"the Glassdoor postings are not at {GLASSDOOR} (../shared/data is not checked out)")

    def build(match_mode: str) -> Build:
        def make(work: Path) -> Build:
            postings = work / "glassdoor_with_salary.csv"
            con = duckdb.connect()
            try:
                con.execute(
                    "copy (select * from read_csv(?, all_varchar = true, header = true)"
                    f""" where "Salary Estimate" <> '-1') to '{postings}' (header)""",
                    [str(GLASSDOOR)],
                )
            finally:
                con.close()
            taxonomy = write_csv(
                work / "taxonomy.csv",
                ["skill_name", "category", "aliases"],
                [
                    ("python", "Programming language", ""),
                    ("spark", "Big data", ""),
                    ("aws", "Cloud", ""),
                    ("excel", "Analytics tool", ""),
                    ("R", "Programming language", "r studio|r-studio"),
                ],
            )
            dbt_vars = {
                "postings_path": str(postings),
                "postings_columns": GLASSDOOR_COLUMNS,
                "taxonomy_path": str(taxonomy),
                "match_mode": match_mode,
                "deduplicate_postings": False,
            }
            return dbt(work, MODELS_ONLY, dbt_vars)

        result = shared_build(tmp_path_factory, f"glassdoor_{match_mode}", make)
        assert result.returncode == 0, result.explain()
        return result

    return build


# ---------------------------------------------------------------------------------------------
# 1. Real data


def test_glassdoor_substring_reproduces_published_counts(glassdoor_postings: Callable[[str], Build]) -> None:
    build = glassdoor_postings("substring")
    assert postings_per_skill(build) == GLASSDOOR_PUBLISHED
    totals = build.query("select skill_id, sum(frequency) as postings from marts.fct_skill_frequency group by skill_id")
    assert dict(zip(totals["skill_id"], totals["postings"].astype(int), strict=True)) == GLASSDOOR_PUBLISHED
    assert row_accounting(build) == (742, 742, 0, 0)


def test_glassdoor_word_mode_drops_look_alikes(glassdoor_postings: Callable[[str], Build]) -> None:
    word = postings_per_skill(glassdoor_postings("word"))
    substring = postings_per_skill(glassdoor_postings("substring"))
    assert word["excel"] < substring["excel"]  # "excellent"
    assert word["aws"] < substring["aws"]  # "laws"
    assert all(word.get(skill, 0) <= count for skill, count in substring.items()), (word, substring)


# ---------------------------------------------------------------------------------------------
# 2. Extraction (word mode)


def test_word_mode_finds_exactly_the_expected_skills(word_build: Build) -> None:
    """Case-insensitive; no "excel" in "excellent" nor "aws" in "laws"; multi-word names; aliases;
    C++, C#, .NET, Node.js, CI/CD; C++ and C# never as plain C; R and Go only through `=R`, `=Go`
    and golang."""
    found = mentions_by_posting(word_build)
    expected = {posting: skills for posting, skills in WORD_MENTIONS.items() if skills}
    assert found == expected


def test_repeated_skill_counts_once(word_build: Build) -> None:
    rows = word_build.query(
        "select count(*) as n from marts.fct_posting_mentions where posting_id = 'p02' and item_id = 'excel'"
    )
    assert int(rows["n"].iloc[0]) == 1
    excel = word_build.query(
        "select frequency, total_postings from marts.fct_skill_frequency"
        " where role = 'Data Scientist' and skill_id = ?",
        "excel",
    )
    assert [tuple(row) for row in excel.itertuples(index=False)] == [(1, 2)]


def test_matched_alias(word_build: Build) -> None:
    """Each extracted mention names the alias that matched (the longest, when several did) and the
    token its first occurrence starts at (checked against the Python mirror of the tokenizer)."""
    mentions = word_build.query(
        "select posting_id, item_id, matched_alias, token_position from marts.fct_posting_mentions"
        " where item_type = 'skill'"
    )
    assert not mentions.empty
    for posting_id, _item_id, alias, position in mentions.itertuples(index=False):
        words, wanted = tokens(DESCRIPTIONS[posting_id]), tokens(alias)
        start = int(position) - 1  # the first occurrence starts at the token_position-th token
        assert words[start : start + len(wanted)] == wanted, (posting_id, alias, position)
        assert all(words[i : i + len(wanted)] != wanted for i in range(start)), (posting_id, alias, position)
    chosen = {(p, i): a for p, i, a, _ in mentions.itertuples(index=False)}
    assert chosen[("p03", "kubernetes")] == "k8s"
    assert chosen[("p03", "postgresql")] == "Postgres"
    assert chosen[("p02", "excel")] == "Excel"
    assert chosen[("p06", "r")] == "R"
    assert chosen[("p08", "go")] == "golang"  # "Go" matches too; the longer alias is named
    assert chosen[("p07", "go")] == "golang"
    assert chosen[("p04", "node.js")] == "Node.js"


def test_substring_mode_counts_look_alikes(substring_build: Build) -> None:
    found = mentions_by_posting(substring_build)
    assert {"excel", "aws"} <= found["p01"]  # "Excellent", "laws"
    excel = substring_build.query(
        "select frequency from marts.fct_skill_frequency where role = 'Data Scientist' and skill_id = 'excel'"
    )
    assert excel["frequency"].tolist() == [2]


@pytest.mark.parametrize("build_name", ["substring_build", "dedup_off_build"])
def test_short_skill_name_without_aliases_never_matches(build_name: str, request: pytest.FixtureRequest) -> None:
    """R written without aliases: not the standalone "R" of p06 (word mode), not every "r" (substring)."""
    build: Build = request.getfixturevalue(build_name)
    assert "r" in set(build.query("select skill_id from marts.dim_skills")["skill_id"])
    assert "r" not in postings_per_skill(build)


# ---------------------------------------------------------------------------------------------
# 3. Roles


def test_titles_map_to_roles(word_build: Build) -> None:
    postings = word_build.query("select posting_id, role from marts.dim_postings")
    assert dict(zip(postings["posting_id"], postings["role"], strict=True)) == ROLES


def test_marts_group_by_role(word_build: Build) -> None:
    totals = word_build.query(
        "select role, count(distinct total_postings) as totals, min(total_postings) as total_postings"
        " from marts.fct_skill_frequency group by role"
    )
    assert (totals["totals"] == 1).all(), totals
    expected: dict[str, int] = {}
    for role in ROLES.values():
        expected[role] = expected.get(role, 0) + 1
    assert dict(zip(totals["role"], totals["total_postings"].astype(int), strict=True)) == expected
    excel = word_build.query(
        "select role, frequency from marts.fct_skill_frequency where skill_id = 'excel' and frequency > 0"
    )
    assert dict(zip(excel["role"], excel["frequency"].astype(int), strict=True)) == {
        "Data Scientist": 1,
        "Chief Happiness Officer": 1,
        "Data Analyst": 1,
    }


def test_title_with_extra_spaces_maps_to_its_role(dedup_off_build: Build) -> None:
    roles = dedup_off_build.query("select role from marts.dim_postings where posting_id = 'p12'")
    assert roles["role"].tolist() == ["Data Analyst"]


# ---------------------------------------------------------------------------------------------
# 4. Duplicates


def test_duplicates_collapse_when_deduplicating(word_build: Build) -> None:
    ids = set(word_build.query("select posting_id from marts.dim_postings")["posting_id"])
    assert "p11" in ids
    assert "p12" not in ids
    rows_in, accepted, deduplicated, quarantined = row_accounting(word_build)
    assert (rows_in, accepted, deduplicated, quarantined) == (len(ROWS), len(ROWS) - 1 - len(QUARANTINED), 1, 6)


def test_duplicates_kept_when_not_deduplicating(dedup_off_build: Build) -> None:
    ids = set(dedup_off_build.query("select posting_id from marts.dim_postings")["posting_id"])
    assert {"p11", "p12"} <= ids
    assert row_accounting(dedup_off_build) == (len(ROWS), len(ROWS) - len(QUARANTINED), 0, len(QUARANTINED))
    assert postings_per_skill(dedup_off_build)["tableau"] == 2


# ---------------------------------------------------------------------------------------------
# 5. Bad rows are quarantined with their reason; nothing is lost


def test_bad_rows_quarantined_with_reasons(word_build: Build) -> None:
    quarantined = word_build.query(
        "select input_row_number, posting_id, quarantine_reason from marts.fct_quarantined_rows"
        " where input_name = 'user_postings'"
    )
    found = {int(row): (posting, reason) for row, posting, reason in quarantined.itertuples(index=False)}
    assert found == QUARANTINED


@pytest.mark.parametrize("build_name", ["word_build", "substring_build", "dedup_off_build"])
def test_rows_balance(build_name: str, request: pytest.FixtureRequest) -> None:
    build: Build = request.getfixturevalue(build_name)
    rows_in, accepted, deduplicated, quarantined = row_accounting(build)
    assert rows_in == len(ROWS)
    assert rows_in == accepted + deduplicated + quarantined


def test_dates_parse_in_several_formats(word_build: Build) -> None:
    dates = word_build.query(
        "select posting_id, cast(posted_date as varchar) as posted from marts.dim_postings"
        " where posted_date is not null"
    )
    assert dict(zip(dates["posting_id"], dates["posted"], strict=True)) == {
        "p03": "2024-03-01",
        "p04": "2024-03-15",
        "p05": "2024-03-05",
    }


# ---------------------------------------------------------------------------------------------
# 5 (continued). Bad files stop the build with one message naming the file or column


def _missing_file(tmp: Path) -> tuple[dict[str, Any], str]:
    path = tmp / "no_such_postings.csv"
    return {"postings_path": str(path)}, f"postings_path '{path}' matches no file"


def _empty_file(tmp: Path) -> tuple[dict[str, Any], str]:
    path = tmp / "empty.csv"
    path.write_bytes(b"")
    return {"postings_path": str(path)}, f"postings_path: file '{path}' is empty"


def _unknown_field(tmp: Path) -> tuple[dict[str, Any], str]:
    path = write_csv(tmp / "postings.csv", ["title", "description"], [("Data Analyst", "Excel")])
    dbt_vars = {"postings_path": str(path), "postings_columns": {"bonus": "Bonus"}}
    return dbt_vars, 'postings_columns: unknown field "bonus"'


@pytest.mark.parametrize("case", [_missing_file, _empty_file, _unknown_field])
def test_bad_file_fails_with_one_message(case: Callable[[Path], tuple[dict[str, Any], str]], tmp_path: Path) -> None:
    dbt_vars, message = case(tmp_path)
    build = dbt(tmp_path, STAGING_ONLY, dbt_vars)
    assert_failed_cleanly(build, message)
    assert build.stdout.count(message) == 1, build.explain()


def test_invalid_utf8_fails_naming_the_encoding(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes(b"title,description\nData Analyst,Excel \xff\xfe and SQL\nData Scientist,Python\n")
    build = dbt(tmp_path, STAGING_ONLY, {"postings_path": str(path)})  # the first model to read the file stops
    assert_failed_cleanly(build, "not utf-8 encoded", str(path))


def test_semicolon_delimited_file_is_read(tmp_path: Path) -> None:
    rows = [("Data Scientist", "Python, SQL and AWS, daily", "Acme"), ("Data Analyst", "Excel; Tableau", "Beta")]
    path = write_csv(tmp_path / "postings.csv", ["title", "description", "company"], rows, delimiter=";")
    build = dbt(tmp_path, STAGING_ONLY, {"postings_path": str(path)})
    assert build.returncode == 0, build.explain()
    staged = build.query("select title, description, company from staging.stg_user__postings order by input_row_number")
    assert [tuple(row) for row in staged.itertuples(index=False)] == rows


def test_missing_or_injected_column_name_fails_and_runs_nothing(tmp_path: Path) -> None:
    """A mapped column that does not exist, named like SQL: one quoted identifier, reported as
    missing with the file's columns, and never run (table y, created first, is still there)."""
    injected = 'x" ; drop table y; --'
    warehouse = tmp_path / "warehouse.duckdb"
    con = duckdb.connect(str(warehouse))
    try:
        con.execute("create table y as select 42 as answer")
    finally:
        con.close()
    path = write_csv(tmp_path / "postings.csv", ["title", "description"], [("Data Analyst", "Excel")])
    build = dbt(tmp_path, STAGING_ONLY, {"postings_path": str(path), "postings_columns": {"description": injected}})
    message = (
        f"postings_path: column {json.dumps(injected)} does not exist in '{path}';"
        ' its columns are ["title", "description"]'
    )
    assert_failed_cleanly(build, message)
    assert build.stdout.count(message) == 1, build.explain()
    assert build.query("select answer from main.y")["answer"].tolist() == [42]


# ---------------------------------------------------------------------------------------------
# 6. Formats, globs, derived ids


@pytest.mark.parametrize("postings_format", ["parquet", "jsonl"])
def test_parquet_and_json_lines_match_csv(
    postings_format: str, word_build: Build, tmp_path_factory: pytest.TempPathFactory
) -> None:
    build = synthetic_build(tmp_path_factory, f"word_{postings_format}", MODELS_ONLY, postings_format)
    assert skill_frequencies(build) == skill_frequencies(word_build)
    assert row_accounting(build) == row_accounting(word_build)


GLOB_FILES = {
    "first.csv": [("Data Scientist", "Python and SQL daily.", "Acme"), ("Data Engineer", "Spark on k8s.", "Beta")],
    "second.csv": [("Data Analyst", "Excel and Tableau.", "Gamma"), ("ML Engineer", "Python models.", "Delta")],
}


def glob_build(work: Path, args: list[str]) -> Build:
    """Both files through one glob; no id column and no mapping: canonical column names, the
    default taxonomy, ids derived from the file name and row."""
    folder = work / "postings"
    folder.mkdir()
    for name, rows in GLOB_FILES.items():
        write_csv(folder / name, ["title", "description", "company"], rows)
    return dbt(work, args, {"postings_path": str(folder / "*.csv")})


@pytest.fixture(scope="module")
def glob_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Build, Build]:
    first = shared_build(tmp_path_factory, "glob_first", lambda work: glob_build(work, MODELS_ONLY))
    assert first.returncode == 0, first.explain()
    # The same files written to another folder and built again, up to the model that derives the ids
    # (the first build's marts carry them from there): ids depend on file name and row only.
    second = shared_build(tmp_path_factory, "glob_second", lambda work: glob_build(work, DERIVED_IDS_ONLY))
    assert second.returncode == 0, second.explain()
    return first, second


def test_glob_reads_every_file(glob_builds: tuple[Build, Build]) -> None:
    build = glob_builds[0]
    postings = build.query("select posting_id, title from marts.dim_postings")
    assert sorted(postings["title"]) == sorted(row[0] for rows in GLOB_FILES.values() for row in rows)
    ids = dict(zip(postings["title"], postings["posting_id"], strict=True))
    found = mentions_by_posting(build)
    assert {"python", "sql"} <= found[ids["Data Scientist"]]
    assert {"spark", "kubernetes"} <= found[ids["Data Engineer"]]
    assert {"excel", "tableau"} <= found[ids["Data Analyst"]]
    assert row_accounting(build) == (4, 4, 0, 0)


def test_derived_ids_are_deterministic(glob_builds: tuple[Build, Build]) -> None:
    """The marts' ids of the first build are the ids the second derives from the other folder."""
    first = glob_builds[0].query("select title, posting_id from marts.dim_postings order by title")
    second = glob_builds[1].query(
        "select title, posting_id from intermediate.int_user_postings_normalized order by title"
    )
    assert first["posting_id"].str.startswith("row_").all()
    assert first["posting_id"].is_unique
    assert first.equals(second)
