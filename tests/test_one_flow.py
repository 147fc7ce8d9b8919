"""One flow for every input (issue 12, item 1): the input is chosen in one model only, and tools,
themes and signals are item types a user taxonomy can carry, so a user's postings fill the tool,
theme and signal marts too; with no taxonomy the shipped default one fills the tool marts; a
`type` that is none of skill, tool, theme, signal stops the build naming the file, row and value.

Two small builds (four postings): one with a user taxonomy of every type, one with the default
taxonomy. The later dbt calls keep the first build's vars, warehouse and target. dbt runs in this
process (tests/dbt_in_process.py: no interpreter start and dbt import per call).
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import duckdb
import pytest
from dbt_in_process import run_dbt_in_process

from job_skills.project import PROJECT_ROOT

POSTINGS = [
    ("p1", "Data Engineer", "We run Kubernetes and Airflow daily in Python. You will mentor engineers. Remote first."),
    ("p2", "Data Engineer", "Airflow pipelines in Python; k8s is a plus. Team building matters to us."),
    ("p3", "Data Engineer", "Jira and Confluence for delivery. Python and SQL."),
    ("p4", "Data Engineer", "Nothing that any taxonomy names."),
]
TAXONOMY_HEADER = ["skill_name", "category", "aliases", "type"]
TAXONOMY = [
    ("Python", "Programming language", "", "skill"),
    ("SQL", "Programming language", "", ""),  # empty type: a skill
    ("Kubernetes", "Orchestration & Platforms", "k8s", "tool"),
    ("Airflow", "Orchestration & Platforms", "apache airflow", "tool"),
    ("Jira", "Delivery & Collaboration", "", "tool"),
    ("Confluence", "Delivery & Collaboration", "", "Tool"),  # types are read in any case
    ("Mentoring", "People", "mentor|mentoring", "theme"),
    ("Team building", "People", "", "theme"),
    ("Remote first", "Culture", "remote-first", "signal"),
]
MARTS = [
    "+dim_tools",
    "+dim_tool_categories",
    "+dim_themes",
    "+dim_signals",
    "+fct_skill_frequency",
    "+fct_skill_category_frequency",
    "+fct_tool_frequency",
    "+fct_tool_category_frequency",
    "+fct_theme_frequency",
    "+fct_signal_frequency",
    "+fct_row_accounting",
]
ROLE = "Data Engineer"


def write_csv(path: Path, header: list[str], rows: list[tuple[str, ...]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def dbt(work: Path, dbt_vars: dict, *args: str) -> tuple[int, str]:
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
        duckdb_path=work / "warehouse.duckdb",
        extra_env={"DUCKDB_TEMP_DIRECTORY": str(work / "spill")},
    )
    return result.returncode, result.stdout + result.stderr


def build_taxonomy(work: Path, dbt_vars: dict) -> tuple[int, str]:
    """Rebuild just the user taxonomy and its typed entries (their data tests too), after a new file."""
    return dbt(
        work, dbt_vars, "build", "--select", "stg_user__taxonomy", "int_taxonomy_entries_typed",
        "--exclude-resource-type", "unit_test",
    )  # fmt: skip


def frequencies(work: Path, sql: str) -> dict[str, int]:
    con = duckdb.connect(str(work / "warehouse.duckdb"), read_only=True)
    try:
        return {key: int(value) for key, value in con.execute(sql, [ROLE]).fetchall()}
    finally:
        con.close()


def build(tmp_path_factory: pytest.TempPathFactory, name: str, with_taxonomy: bool, *select: str) -> dict:
    work = tmp_path_factory.mktemp(name)
    write_csv(work / "postings.csv", ["posting_id", "title", "description"], POSTINGS)
    dbt_vars = {"postings_path": str(work / "postings.csv")}
    if with_taxonomy:
        write_csv(work / "taxonomy.csv", TAXONOMY_HEADER, TAXONOMY)
        dbt_vars["taxonomy_path"] = str(work / "taxonomy.csv")
    code, output = dbt(work, dbt_vars, "build", *select)
    return {"work": work, "vars": dbt_vars, "code": code, "output": output}


@pytest.fixture(scope="module")
def typed_build(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The user's postings with a taxonomy of every type; the marts' dbt tests run too."""
    return build(tmp_path_factory, "one_flow_typed", True, "--select", *MARTS, "--indirect-selection", "cautious")


@pytest.fixture(scope="module")
def default_build(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The user's postings with no taxonomy_path: the shipped default taxonomy.

    Only the two tool marts its test reads and their parents, models only: the same marts' dbt
    tests run on a user's postings in typed_build and on the default taxonomy in the sample build
    (conftest: built_warehouse)."""
    return build(
        tmp_path_factory, "one_flow_default", False,
        "--select", "+fct_tool_frequency", "+fct_tool_category_frequency", "--exclude-resource-type", "test",
    )  # fmt: skip


def test_the_input_is_chosen_in_one_model_only() -> None:
    calls = [
        path.relative_to(PROJECT_ROOT).as_posix()
        for path in sorted((PROJECT_ROOT / "models").rglob("*"))
        if path.is_file() and "is_user_mode" in path.read_text(encoding="utf-8")
    ]
    assert calls == ["models/intermediate/inputs/int_inputs_selected.sql"]


def test_no_model_reads_a_compile_time_query() -> None:
    """Compile-time queries make a model unreachable for unit tests; user files are read by staging only."""
    offenders = [
        path.relative_to(PROJECT_ROOT).as_posix()
        for path in sorted((PROJECT_ROOT / "models" / "intermediate").rglob("*.sql"))
        if re.search(r"\b(run_query|load_relation|anchor_bloom_filter|check_skill_ids_distinct)\b", path.read_text())
    ]
    assert offenders == []


def test_a_user_taxonomy_fills_the_tool_theme_and_signal_marts(typed_build: dict) -> None:
    assert typed_build["code"] == 0, typed_build["output"][-5000:]
    work = typed_build["work"]
    tools = frequencies(work, "select tool_id, frequency from marts.fct_tool_frequency where role = ?")
    assert tools == {"kubernetes": 2, "airflow": 2, "jira": 1, "confluence": 1}
    categories = frequencies(
        work, "select tool_category_id, frequency from marts.fct_tool_category_frequency where role = ?"
    )
    assert categories == {"orchestration_platforms": 2, "delivery_collaboration": 1}
    themes = frequencies(work, "select theme_id, frequency from marts.fct_theme_frequency where role = ?")
    assert themes == {"mentoring": 1, "team_building": 1}
    signals = frequencies(work, "select signal_id, frequency from marts.fct_signal_frequency where role = ?")
    assert signals == {"remote_first": 1}
    skills = frequencies(work, "select skill_id, frequency from marts.fct_skill_frequency where role = ?")
    assert skills == {"python": 3, "sql": 1}
    # the skills' category column is a skill area with its own frequency: postings with Python or SQL
    areas = frequencies(
        work, "select skill_category_id, frequency from marts.fct_skill_category_frequency where role = ?"
    )
    assert areas == {"programming_language": 3}
    totals = frequencies(work, "select tool_id, total_postings from marts.fct_tool_frequency where role = ?")
    assert set(totals.values()) == {4}


def test_a_user_taxonomys_dimensions_carry_categories_and_no_quantifier_claim(typed_build: dict) -> None:
    assert typed_build["code"] == 0, typed_build["output"][-5000:]
    con = duckdb.connect(str(typed_build["work"] / "warehouse.duckdb"), read_only=True)
    try:
        tools = con.execute(
            "select tool_id, tool_category_id, tool_name, tool_category_name, aliases from marts.dim_tools"
            " order by tool_id"
        ).fetchall()
        signal = con.execute(
            "select quantifier, is_quantifier_consistent from marts.fct_signal_frequency"
            " where signal_id = 'remote_first'"
        ).fetchall()
    finally:
        con.close()
    assert tools == [
        ("airflow", "orchestration_platforms", "Airflow", "Orchestration & Platforms", "apache airflow"),
        ("confluence", "delivery_collaboration", "Confluence", "Delivery & Collaboration", None),
        ("jira", "delivery_collaboration", "Jira", "Delivery & Collaboration", None),
        ("kubernetes", "orchestration_platforms", "Kubernetes", "Orchestration & Platforms", "k8s"),
    ]
    assert signal == [("any", True)]  # a user's signal makes no claim about how many postings show it


def test_the_default_taxonomy_fills_the_tool_marts(default_build: dict) -> None:
    assert default_build["code"] == 0, default_build["output"][-5000:]
    work = default_build["work"]
    tools = frequencies(
        work, "select tool_id, frequency from marts.fct_tool_frequency where role = ? and frequency > 0"
    )
    assert tools == {"kubernetes": 2, "airflow": 2, "jira": 1, "confluence": 1}
    categories = frequencies(
        work,
        "select tool_category_id, frequency from marts.fct_tool_category_frequency where role = ? and frequency > 0",
    )
    assert categories == {"orchestration_platforms": 2, "delivery_collaboration": 1}
    all_tools = frequencies(work, "select tool_id, frequency from marts.fct_tool_frequency where role = ?")
    assert len(all_tools) == 15  # the sample's tools but Linear, Workday, Ray; each with its frequency (0 for most)
    assert not {"linear", "workday", "ray"} & set(all_tools)


def test_an_unknown_type_stops_the_build_naming_the_file_row_and_value(typed_build: dict) -> None:
    assert typed_build["code"] == 0, typed_build["output"][-5000:]
    work = typed_build["work"]
    rows = [*TAXONOMY[:2], ("Gadget", "Odd", "", "widget")]
    write_csv(work / "taxonomy.csv", TAXONOMY_HEADER, rows)
    code, output = build_taxonomy(work, typed_build["vars"])
    assert code != 0
    assert "FAIL item_types_known_int_taxonomy_entries_typed_ (1 row(s)):" in output
    assert (
        f"problem=taxonomy_path '{work / 'taxonomy.csv'}': row 3 has type 'widget'; the types are skill, tool,"
        " theme and signal (empty means skill)"
    ) in output
    assert "Traceback" not in output


def test_a_type_header_in_any_case_is_read(typed_build: dict) -> None:
    """A header `Type` (DuckDB finds columns whatever their case) was ignored: every row a skill."""
    assert typed_build["code"] == 0, typed_build["output"][-5000:]
    work = typed_build["work"]
    write_csv(work / "taxonomy.csv", ["skill_name", "category", "aliases", "Type"], TAXONOMY[:4])
    code, output = build_taxonomy(work, typed_build["vars"])
    assert code == 0, output[-5000:]
    with duckdb.connect(str(work / "warehouse.duckdb"), read_only=True) as con:
        types = dict(con.execute("select item_name, item_type from intermediate.int_taxonomy_entries_typed").fetchall())
    assert types == {"Python": "skill", "SQL": "skill", "Kubernetes": "tool", "Airflow": "tool"}
