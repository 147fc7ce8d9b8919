"""Every dbt var is checked once, at the start of a run (macros/validate_vars.sql, issue 11 item 5).

Cheap by design: dbt runs in this process on a manifest parsed once (a var change would make a
subprocess parse the whole project again), and that parse starts from the session's partial parse
(conftest: parsed_project), so a case costs a fraction of a second:
- the rules, case by case: `dbt run-operation validate_vars --vars ...`;
- the wiring: `dbt seed/run/build` with a bad var stops with the one line naming the var and
  builds nothing (the on-run-start hook fires first); valid overrides build;
- one real `dbt test` in a subprocess, parsing with wrongly typed vars, shows that no parse-time
  read of a var pre-empts that line (match_mode once did) and that the exit code is non-zero.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pytest
import yaml
from conftest import PARSED_PROFILE, release_warehouse
from dbt.cli.main import dbtRunner

from job_skills.project import PROJECT_ROOT, dbt_environment, run_dbt

FIELDS = (
    "posting_id, title, description, company, location, industry, org_size, posted_date, "
    "salary, salary_min, salary_max, salary_period"
)
COLUMNS_SHAPE = (
    f"var postings_columns must be a mapping from the fields {FIELDS} to column names, "
    'e.g. {description: "Job Description"}'
)
MATCH_MODE = "var match_mode must be 'word' or 'substring' (exactly, lower case)"
WORD_MATCHER = "var word_matcher must be 'auto', 'native' or 'sql' (exactly, lower case)"
SHARE = "must be a number from 0 to 1 (a share of postings)"
COUNT = "must be a whole number of at least 1"
PATH = "must be null (unset) or a non-empty string (a file path or glob)"
Z = "var wilson_z must be a number above 0 (1.96 for a 95% interval)"
ORDER = (
    "var tier_important_min_share (0.6) must not exceed tier_core_min_share (0.3): a share at or above the "
    "core threshold is Core, below it and at or above the important one Important"
)
PROJECT_VARS = sorted(yaml.safe_load((PROJECT_ROOT / "dbt_project.yml").read_text())["vars"])

# (vars given with --vars, the exact message or None when the vars are fine)
CASES: list[tuple[dict[str, Any], str | None]] = [
    ({}, None),
    (
        {
            "tier_core_min_share": 0.8,
            "tier_important_min_share": 0.8,
            "wilson_z": 2.576,
            "small_sample_max_postings": 1,
            "published_role": "Data Scientist",
            "postings_path": "jobs (1).csv",
            "postings_columns": {"title": "Job Title", "description": "Job Description"},
            "taxonomy_path": None,
            "match_mode": "substring",
            "deduplicate_postings": False,
            "max_description_chars": 5,
        },
        None,
    ),
    ({"tier_core_min_share": 1, "tier_important_min_share": 0}, None),
    ({"postings_columns": None}, None),
    # the cases
    (
        {"deduplicate_postings": "false"},
        "var deduplicate_postings must be true or false (a YAML boolean), got the string 'false'",
    ),
    ({"max_description_chars": -1}, f"var max_description_chars {COUNT}, got the number -1"),
    ({"tier_core_min_share": 0.3, "tier_important_min_share": 0.6}, ORDER),
    ({"match_mode": "WORD"}, f"{MATCH_MODE}, got the string 'WORD'"),
    ({"tier_core_min_share": "abc"}, f"var tier_core_min_share {SHARE}, got the string 'abc'"),
    # booleans: real YAML booleans only
    ({"deduplicate_postings": 0}, "var deduplicate_postings must be true or false (a YAML boolean), got the number 0"),
    ({"deduplicate_postings": None}, "var deduplicate_postings must be true or false (a YAML boolean), got null"),
    # enums: exact values
    ({"match_mode": "word "}, f"{MATCH_MODE}, got the string 'word '"),
    ({"match_mode": 1}, f"{MATCH_MODE}, got the number 1"),
    ({"word_matcher": "fast"}, f"{WORD_MATCHER}, got the string 'fast'"),
    ({"word_matcher": "NATIVE"}, f"{WORD_MATCHER}, got the string 'NATIVE'"),
    ({"word_matcher": 1}, f"{WORD_MATCHER}, got the number 1"),
    ({"word_matcher": "sql"}, None),
    # shares in [0, 1]
    ({"tier_important_min_share": 1.5}, f"var tier_important_min_share {SHARE}, got the number 1.5"),
    ({"tier_important_min_share": -0.1}, f"var tier_important_min_share {SHARE}, got the number -0.1"),
    ({"tier_core_min_share": "0.75"}, f"var tier_core_min_share {SHARE}, got the string '0.75'"),
    ({"tier_core_min_share": True}, f"var tier_core_min_share {SHARE}, got the boolean true"),
    ({"tier_core_min_share": float("nan")}, f"var tier_core_min_share {SHARE}, got the number nan"),
    ({"tier_important_min_share": float("nan")}, f"var tier_important_min_share {SHARE}, got the number nan"),
    # z > 0 and finite
    ({"wilson_z": "abc"}, f"{Z}, got the string 'abc'"),
    ({"wilson_z": 0}, f"{Z}, got the number 0"),
    ({"wilson_z": float("inf")}, f"{Z}, got the number inf"),
    ({"wilson_z": float("nan")}, f"{Z}, got the number nan"),
    # counts: whole numbers >= 1
    ({"max_description_chars": 0}, f"var max_description_chars {COUNT}, got the number 0"),
    ({"max_description_chars": "100"}, f"var max_description_chars {COUNT}, got the string '100'"),
    ({"small_sample_max_postings": 30.0}, f"var small_sample_max_postings {COUNT}, got the number 30.0"),
    ({"small_sample_max_postings": True}, f"var small_sample_max_postings {COUNT}, got the boolean true"),
    ({"min_postings_per_role_report": 0}, f"var min_postings_per_role_report {COUNT}, got the number 0"),
    ({"min_postings_per_role_report": "5"}, f"var min_postings_per_role_report {COUNT}, got the string '5'"),
    ({"cooccurrence_min_postings": 0}, f"var cooccurrence_min_postings {COUNT}, got the number 0"),
    (
        {"trend_period": "week"},
        "var trend_period must be 'month', 'quarter' or 'year' (exactly, lower case), got the string 'week'",
    ),
    # strings
    ({"published_role": ""}, "var published_role must be a non-empty string (a role name), got the string ''"),
    ({"published_role": 5}, "var published_role must be a non-empty string (a role name), got the number 5"),
    ({"postings_path": ""}, f"var postings_path {PATH}, got the string ''"),
    ({"postings_path": 5}, f"var postings_path {PATH}, got the number 5"),
    ({"postings_path": ["a.csv"]}, f"var postings_path {PATH}, got a list ['a.csv']"),
    ({"taxonomy_path": " "}, f"var taxonomy_path {PATH}, got the string ' '"),
    ({"taxonomy_path": True}, f"var taxonomy_path {PATH}, got the boolean true"),
    # postings_columns: a mapping of known fields to non-empty strings
    ({"postings_columns": ["title"]}, f"{COLUMNS_SHAPE}, got a list ['title']"),
    ({"postings_columns": "title"}, f"{COLUMNS_SHAPE}, got the string 'title'"),
    (
        {"postings_columns": {"Title": "Job Title"}},
        f"var postings_columns has an unknown field 'Title'; the fields are {FIELDS}",
    ),
    (
        {"postings_columns": {"title": 5}},
        "var postings_columns.title must be a column name (a non-empty string), got the number 5",
    ),
    (
        {"postings_columns": {"description": ""}},
        "var postings_columns.description must be a column name (a non-empty string), got the string ''",
    ),
    # a misspelt var is not ignored
    (
        {"postings_colums": {"title": "Job Title"}},
        f"var postings_colums is not a var of this project (misspelt?); its vars are {', '.join(PROJECT_VARS)}",
    ),
    # several at once: one line
    (
        {"match_mode": "WORD", "deduplicate_postings": "no"},
        (
            f"{MATCH_MODE}, got the string 'WORD'; "
            "var deduplicate_postings must be true or false (a YAML boolean), got the string 'no'"
        ),
    ),
    # a value with a line break stays on one line
    ({"match_mode": "a\nb"}, f"{MATCH_MODE}, got the string 'a\\nb'"),
]


@dataclass
class Outcome:
    """How an in-process dbt command went: success, its error lines (stripped), dbt's result."""

    success: bool
    lines: list[str]
    result: Any


Invoke = Callable[[list[str], dict[str, Any], Path], Outcome]


@pytest.fixture(scope="module")
def dbt_in_process(tmp_path_factory: pytest.TempPathFactory, parsed_project: Path) -> Iterator[Invoke]:
    """dbt in this process on a manifest parsed once: invoke(args, vars, folder) -> Outcome.

    Each call builds into folder/w.duckdb: the manifest names the database after the file it
    was parsed with, so every warehouse file is called w.duckdb, in a folder of its own. The parse
    reuses parsed_project's (same files, same profile: PARSED_PROFILE), so it reads no model again.
    """
    work = tmp_path_factory.mktemp("vars")
    shutil.copytree(parsed_project / "target", work / "target")
    common = [
        "--project-dir",
        str(PROJECT_ROOT),
        "--target-path",
        str(work / "target"),
        "--log-path",
        str(work / "logs"),
    ]
    saved = dict(os.environ)
    os.environ.update(dbt_environment())
    os.environ.update(PARSED_PROFILE)  # the profile parsed_project was parsed under
    try:
        parsed = dbtRunner().invoke(["parse", "--quiet", *common])
        assert parsed.success, parsed.exception
        os.environ["DUCKDB_TEMP_DIRECTORY"] = str(work / "spill")  # each invoke sets DUCKDB_PATH
        errors: list[str] = []
        runner = dbtRunner(
            manifest=parsed.result,
            callbacks=[lambda event: errors.append(event.info.msg) if event.info.level == "error" else None],
        )

        def invoke(args: list[str], dbt_vars: dict[str, Any], folder: Path) -> Outcome:
            errors.clear()
            folder.mkdir(parents=True, exist_ok=True)
            os.environ["DUCKDB_PATH"] = str(folder / "w.duckdb")
            # YAML, as a user writes --vars: JSON has no infinity or NaN
            text = yaml.safe_dump(dbt_vars, default_flow_style=True)
            result = runner.invoke([*args, "--quiet", "--vars", text, *common])
            release_warehouse()
            return Outcome(result.success, [line.strip() for error in errors for line in error.splitlines()], result)

        yield invoke
    finally:
        os.environ.clear()
        os.environ.update(saved)


@pytest.fixture(scope="module")
def validate(
    dbt_in_process: Invoke, tmp_path_factory: pytest.TempPathFactory
) -> Callable[[dict[str, Any]], str | None]:
    """validate_vars on the given vars: the one message line, or None when they are fine."""
    folder = tmp_path_factory.mktemp("validate")

    def run(dbt_vars: dict[str, Any]) -> str | None:
        outcome = dbt_in_process(["run-operation", "validate_vars"], dbt_vars, folder)
        if outcome.success:
            return None
        messages = [line for line in outcome.lines if line.startswith("var ")]
        assert len(messages) == 1, outcome.lines
        return messages[0]

    return run


@pytest.mark.parametrize(("dbt_vars", "message"), CASES, ids=[json.dumps(case[0])[:60] for case in CASES])
def test_validate_vars_names_the_var_the_value_and_what_is_allowed(
    validate: Callable[[dict[str, Any]], str | None], dbt_vars: dict[str, Any], message: str | None
) -> None:
    assert validate(dbt_vars) == message


def test_every_project_var_is_checked(validate: Callable[[dict[str, Any]], str | None]) -> None:
    """A var added to dbt_project.yml without a rule in validate_vars fails here (a list suits no var)."""
    for name in PROJECT_VARS:
        message = validate({name: [1]})
        assert message is not None and message.startswith(f"var {name}"), (name, message)


def tables_in(path: Path) -> list[str]:
    """The tables and views of a DuckDB file ([] when dbt never created it)."""
    if not path.exists():
        return []
    con = duckdb.connect(str(path), read_only=True)
    try:
        rows = con.execute(
            "select table_schema || '.' || table_name from information_schema.tables"
            " where table_catalog = current_database()"
        ).fetchall()
    finally:
        con.close()
    return [row[0] for row in rows]


WIRING = [
    (
        ["seed", "-s", "signal_quantifiers"],
        {"deduplicate_postings": "false"},
        "var deduplicate_postings must be true or false (a YAML boolean), got the string 'false'",
    ),
    (["build"], {"max_description_chars": -1}, f"var max_description_chars {COUNT}, got the number -1"),
    (["run", "-s", "stg_sample__postings"], {"tier_core_min_share": 0.3, "tier_important_min_share": 0.6}, ORDER),
]


@pytest.mark.parametrize(("args", "dbt_vars", "line"), WIRING, ids=[case[0][0] for case in WIRING])
def test_a_bad_var_stops_the_command_before_anything_is_built(
    dbt_in_process: Invoke, tmp_path: Path, args: list[str], dbt_vars: dict[str, Any], line: str
) -> None:
    outcome = dbt_in_process(args, dbt_vars, tmp_path)
    assert not outcome.success
    assert line in outcome.lines, outcome.lines
    assert any("on-run-start" in text for text in outcome.lines), f"not from the hook: {outcome.lines}"
    assert tables_in(tmp_path / "w.duckdb") == [], "something was built before the vars were checked"


def test_valid_overrides_build(dbt_in_process: Invoke, tmp_path: Path) -> None:
    dbt_vars = {"tier_core_min_share": 0.9, "match_mode": "substring", "deduplicate_postings": False, "wilson_z": 2.576}
    outcome = dbt_in_process(["seed", "-s", "signal_quantifiers"], dbt_vars, tmp_path)
    assert outcome.success, outcome.lines
    assert "seeds.signal_quantifiers" in tables_in(tmp_path / "w.duckdb")


def test_published_role_is_an_escaped_literal(dbt_in_process: Invoke, tmp_path: Path) -> None:
    """A role with a quote stays data: `'` is doubled, not pasted (it ended the literal before)."""
    role = "O'Brien Lead') or (1=1"
    model = "fct_reconciliation_skill_frequency"  # one of the reconciliation marts that filter on the role
    outcome = dbt_in_process(["compile", "-s", model], {"published_role": role}, tmp_path)
    assert outcome.success, outcome.lines
    [compiled] = [result.node.compiled_code for result in outcome.result.result.results if result.node.name == model]
    assert "where role = 'O''Brien Lead'') or (1=1'" in compiled
    assert "'O'Brien" not in compiled


def test_no_parse_time_read_of_a_var_pre_empts_its_message(tmp_path: Path) -> None:
    """A real `dbt test`, parsing with wrongly typed vars (postings_path makes the user staging read
    a file, whose parse reads postings_columns; match_mode 'WORD' crashed the parse of
    int_item_mentions_extracted with a message of its own): validate_vars' line, exit code non-zero."""
    dbt_vars = {"postings_path": "jobs.csv", "postings_columns": {"title": ["a"]}, "match_mode": "WORD"}
    path = tmp_path / "warehouse.duckdb"
    result = run_dbt(
        [
            *("test", "-s", "stg_sample__postings", "--vars", json.dumps(dbt_vars)),
            *("--target-path", str(tmp_path / "target"), "--log-path", str(tmp_path / "logs")),
        ],
        duckdb_path=path,
        extra_env={"DUCKDB_TEMP_DIRECTORY": str(tmp_path / "spill")},
    )
    output = result.stdout + result.stderr
    assert result.returncode != 0, output[-3000:]
    expected = (
        "var postings_columns.title must be a column name (a non-empty string), got a list ['a']; "
        f"{MATCH_MODE}, got the string 'WORD'"
    )
    assert expected in [line.strip() for line in output.splitlines()], output[-3000:]
    assert tables_in(path) == []
