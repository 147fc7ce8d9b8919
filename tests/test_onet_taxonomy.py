"""The O*NET Technology Skills list (8,745 technologies) loads through taxonomy_path."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from job_skills.project import PROJECT_ROOT, read_frame, run_dbt
from job_skills.taxonomy import onet as onet_taxonomy

ONET = PROJECT_ROOT.parent / "shared" / "data" / "onet" / "technology_skills.tsv"
pytestmark = pytest.mark.skipif(not ONET.exists(), reason=f"O*NET file not found at {ONET}")


@pytest.fixture(scope="module")
def taxonomy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("onet") / "onet_taxonomy.csv"
    assert onet_taxonomy.write_taxonomy(ONET, target) == 8745
    return target


def test_taxonomy_has_the_contract_header_and_every_technology(taxonomy: Path) -> None:
    with taxonomy.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["skill_name", "category", "aliases"]
    assert len({row["skill_name"] for row in rows}) == 8745
    assert all(row["category"] for row in rows)


def test_postings_are_measured_against_all_of_onet(taxonomy: Path, tmp_path: Path) -> None:
    postings = tmp_path / "postings.csv"
    postings.write_text(
        "title,description\n"
        'Data Analyst,"Daily work in Microsoft Excel and Python; some Tableau."\n'
        'Data Engineer,"Build pipelines with Apache Spark and Python on Amazon Web Services AWS."\n',
        encoding="utf-8",
    )
    result = run_dbt(
        [
            "build",
            "--vars",
            f"{{postings_path: '{postings}', taxonomy_path: '{taxonomy}'}}",
            "--target-path",
            str(tmp_path / "target"),
        ],
        tmp_path / "onet.duckdb",
        extra_env={"DUCKDB_TEMP_DIRECTORY": str(tmp_path / "spill")},
    )
    assert result.returncode == 0, result.stdout[-4000:]
    skills = read_frame("select count(*) as n from marts.dim_skills", path=tmp_path / "onet.duckdb")
    assert skills.loc[0, "n"] == 8745
    found = read_frame(
        "select skills.skill_name, mentions.posting_id from marts.fct_posting_mentions as mentions"
        " inner join marts.dim_skills as skills on mentions.item_id = skills.skill_id",
        path=tmp_path / "onet.duckdb",
    )
    names = set(found["skill_name"])
    assert {"Microsoft Excel", "Python", "Tableau", "Apache Spark"} <= names


HEADER = "O*NET-SOC Code\tExample\tCommodity Code\tCommodity Title\tHot Technology\tIn Demand\n"


def test_a_target_path_with_a_quote_in_it_works(tmp_path: Path) -> None:
    source = tmp_path / "it's o*net.tsv"
    source.write_text(
        HEADER + "11-1011.00\tPython\t1\tLanguages\tY\tN\n15-1252.00\tPython\t1\tLanguages\tY\tN\n"
        "15-1252.00\tTableau\t2\tBI software\tY\tN\n",
        encoding="utf-8",
    )
    target = tmp_path / "x'); create table pwned as select 1; --" / "taxonomy.csv"
    assert onet_taxonomy.write_taxonomy(source, target) == 2
    with target.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["skill_name"] for row in rows] == ["Python", "Tableau"]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "no such file"),
        ("Example\tCommodity Title\nPython\tLanguages\n", "missing column(s) O*NET-SOC Code"),
        ("a,b\n1,2\n", "missing column(s) O*NET-SOC Code, Example, Commodity Title"),
    ],
)
def test_bad_input_gives_one_line_naming_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str | None, expected: str
) -> None:
    from job_skills.cli import main

    source = tmp_path / "technology_skills.tsv"
    if content is not None:
        source.write_text(content, encoding="utf-8")
    assert main(["taxonomy", str(source), str(tmp_path / "out.csv")]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and str(source) in err and expected in err, err
    assert not (tmp_path / "out.csv").exists()
