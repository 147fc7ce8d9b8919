"""A user taxonomy whatever its script or punctuation (issue 11, item 7): skill ids readable and
unique for any script, never empty; two names giving one id stop the build naming both; aliases
that can never match are reported by a warning and the build goes on; the unique tests on
skill_id fail when ids collide. (The optional `type` column is tested in test_one_flow.py.)

One small build (four postings, nine skills) in a temporary warehouse; the later dbt calls keep
its vars, warehouse path and target, so dbt parses the project once.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import duckdb
import pytest

from job_skills.project import run_dbt

TAXONOMY = [
    ("Анализ данных", "Analytics", ""),
    ("数据分析", "Analytics", ""),
    ("تحليل البيانات", "Analytics", ""),
    ("Ελληνικά", "Languages", ""),
    ("Düsseldorf-Tool", "Tools", ""),
    ("C++", "Programming language", ""),
    ("++", "Odd", ""),
    ("—", "Odd", ""),
    ("Python", "Programming language", "(.*)|--|!!|py"),
]
EXPECTED_IDS = {
    "Анализ данных": "анализ_данных",
    "数据分析": "数据分析",
    "تحليل البيانات": "تحليل_البيانات",
    "Ελληνικά": "ελληνικά",
    "Düsseldorf-Tool": "düsseldorf_tool",
    "C++": "c++",
    "++": "++",
    "—": "_26aeabd0c99c",  # '_' and the first 12 hex digits of md5('—')
    "Python": "python",
}
POSTINGS = [
    ("p1", "Data Analyst", "Требуется анализ данных и отчёты. Python и SQL."),
    ("p2", "Data Analyst", "负责 数据分析 和 报告"),
    ("p3", "Engineer", "Erfahrung mit dem Düsseldorf-Tool und C++."),
    ("p4", "Engineer", "Nothing to see here (.*) -- !!"),
]


def write_csv(path: Path, header: list[str], rows: list[tuple[str, ...]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def dbt(work: Path, *args: str) -> tuple[int, str]:
    result = run_dbt(
        [
            *args,
            "--vars",
            json.dumps({"postings_path": str(work / "postings.csv"), "taxonomy_path": str(work / "taxonomy.csv")}),
            "--target-path",
            str(work / "target"),
            "--log-path",
            str(work / "logs"),
        ],
        duckdb_path=work / "warehouse.duckdb",
        extra_env={"DUCKDB_TEMP_DIRECTORY": str(work / "spill")},
    )
    return result.returncode, result.stdout + result.stderr


def query(work: Path, sql: str, read_only: bool = True) -> list[tuple]:
    con = duckdb.connect(str(work / "warehouse.duckdb"), read_only=read_only)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


@pytest.fixture(scope="module")
def taxonomy_build(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The small taxonomy built end to end (the marts that report skills), with its dbt output."""
    work = tmp_path_factory.mktemp("taxonomy_input")
    write_csv(work / "postings.csv", ["posting_id", "title", "description"], POSTINGS)
    write_csv(work / "taxonomy.csv", ["skill_name", "category", "aliases"], TAXONOMY)
    code, output = dbt(
        work,
        "build",
        "--select",
        "+dim_skills",
        "+fct_skill_frequency",
        "+int_item_aliases_tokenized",
        "--indirect-selection",
        "cautious",
        "--exclude-resource-type",
        "unit_test",
    )
    return {
        "work": work,
        "code": code,
        "output": output,
        "selected": dict(
            query(work, "select skill_name, skill_id from intermediate.int_skills_selected") if code == 0 else []
        ),
        "dimension": dict(query(work, "select skill_name, skill_id from marts.dim_skills") if code == 0 else []),
        "found": set(
            query(
                work,
                "select posting_id, item_id from intermediate.int_item_mentions_extracted where item_type = 'skill'",
            )
            if code == 0
            else []
        ),
    }


def test_build_succeeds_with_warnings_only(taxonomy_build: dict) -> None:
    assert taxonomy_build["code"] == 0, taxonomy_build["output"][-5000:]
    assert "Warning in test taxonomy_aliases_can_match" in taxonomy_build["output"]


@pytest.mark.parametrize("model", ["selected", "dimension"])
def test_skill_ids_are_readable_in_any_script_and_never_empty(taxonomy_build: dict, model: str) -> None:
    assert taxonomy_build[model] == EXPECTED_IDS
    assert len(set(taxonomy_build[model].values())) == len(TAXONOMY)


def test_skills_in_other_scripts_are_found_in_postings(taxonomy_build: dict) -> None:
    assert {("p1", "анализ_данных"), ("p2", "数据分析"), ("p3", "düsseldorf_tool"), ("p3", "c++")} <= taxonomy_build[
        "found"
    ]
    assert not {pair for pair in taxonomy_build["found"] if pair[0] == "p4"}  # "(.*) -- !!" matches no alias


def test_aliases_without_word_tokens_are_named(taxonomy_build: dict) -> None:
    """The on-run-end hook prints each alias that can never match, by skill name and alias."""
    output = taxonomy_build["output"]
    assert "WARN taxonomy_aliases_can_match (5 row(s)):" in output
    for alias in ("(.*)", "--", "!!"):
        assert f"item_type=skill, item_name=Python, alias={alias}, problem=alias has no word tokens" in output
    for name in ("++", "—"):
        assert f"item_type=skill, item_name={name}, alias=None, problem=skill has no alias with word tokens" in output
    assert "alias=py," not in output


def test_unique_tests_fail_when_skill_ids_collide(taxonomy_build: dict) -> None:
    work = taxonomy_build["work"]
    assert taxonomy_build["code"] == 0
    query(
        work,
        "insert into intermediate.int_skills_selected by name select * replace ('Python (again)' as skill_name)"
        " from intermediate.int_skills_selected where skill_id = 'python'",
        read_only=False,
    )
    query(
        work,
        "insert into marts.dim_skills select * from marts.dim_skills where skill_id = 'python'",
        read_only=False,
    )
    code, output = dbt(work, "test", "--select", "int_skills_selected", "dim_skills")
    assert code != 0
    assert "FAIL unique_int_skills_selected_skill_id (1 row(s)):" in output
    assert "FAIL unique_dim_skills_skill_id (1 row(s)):" in output
    assert "unique_field=python, n_records=2" in output


def test_two_names_with_one_skill_id_stop_the_build_naming_both(taxonomy_build: dict) -> None:
    work = taxonomy_build["work"]
    clashing = [("Data Science", "Analytics", ""), ("Python", "Programming language", ""), ("data-science", "X", "")]
    write_csv(work / "taxonomy.csv", ["skill_name", "category", "aliases"], clashing)
    code, output = dbt(work, "build", "--select", "int_taxonomy_entries_typed", "--exclude-resource-type", "unit_test")
    assert code != 0
    assert "FAIL names_give_distinct_ids_int_taxonomy_entries_typed_ (1 row(s)):" in output
    assert (
        f'problem=taxonomy_path \'{work / "taxonomy.csv"}\': skill names "Data Science" and "data-science"'
        " give the same skill_id 'data_science'; merge them into one row or rename one"
    ) in output
    assert "Traceback" not in output
