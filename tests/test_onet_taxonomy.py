"""The O*NET Technology Skills list (8,745 technologies) converts to a taxonomy with aliases and the
reviewed common-word list applied, and loads through taxonomy_path."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from job_skills.project import PROJECT_ROOT, read_frame, run_dbt
from job_skills.taxonomy import aliases, candidates
from job_skills.taxonomy import onet as onet_taxonomy

ONET = PROJECT_ROOT.parent / "shared" / "data" / "onet" / "technology_skills.tsv"
pytestmark = pytest.mark.skipif(not ONET.exists(), reason=f"O*NET file not found at {ONET}")


def excluded_names() -> set[str]:
    names = {name for name, _ in onet_taxonomy.read_technologies(ONET)}
    return {name for name, action in onet_taxonomy.read_decisions().items() if action == "exclude" and name in names}


@pytest.fixture(scope="module")
def taxonomy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("onet") / "onet_taxonomy.csv"
    assert len(onet_taxonomy.read_technologies(ONET)) == 8745
    assert onet_taxonomy.write_taxonomy(ONET, target) == 8745 - len(excluded_names())
    return target


def test_taxonomy_has_the_contract_header_and_every_technology(taxonomy: Path) -> None:
    with taxonomy.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["skill_name", "category", "aliases"]
    names = {row["skill_name"] for row in rows}
    assert len(names) == len(rows) == 8745 - len(excluded_names())
    assert not names & excluded_names()
    assert all(row["category"] for row in rows)
    by_name = {row["skill_name"]: row["aliases"].split("|") for row in rows}
    assert by_name["Slack"] == ["=Slack"] and "Microsoft Project" in by_name
    assert "Azure" in by_name["Microsoft Azure software"] and "Project" not in by_name["Microsoft Project"]


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
    assert skills.loc[0, "n"] == 8745 - len(excluded_names())
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


# --- alias derivation (job_skills.taxonomy.aliases), each rule on a hand-made case -------------

VENDOR_NAMES = ["Oracle Java", "Oracle Database", "Oracle Cloud", "Oracle Fusion", "Oracle Exadata"]
MICROSOFT = ["Microsoft Azure software", "Microsoft Excel", "Microsoft Word", "Microsoft Teams", "Microsoft Project"]


def derived(names: list[str], common: dict[str, int] | None = None, **rules: bool) -> dict[str, tuple[str, ...]]:
    return dict(zip(names, aliases.derive_aliases(names, common or {}, curated={}, **rules), strict=True))


def test_a_trailing_acronym_becomes_an_alias() -> None:
    found = derived(["Structured query language SQL", "Amazon Web Services AWS software", "Data tool XYZ"])
    assert found["Structured query language SQL"] == ("SQL", "Structured query language")
    assert "AWS" in found["Amazon Web Services AWS software"]
    assert found["Data tool XYZ"] == ()  # the acronym's first letter is not the name's


def test_a_vendor_prefix_is_stripped_unless_a_common_word_is_left() -> None:
    found = derived(VENDOR_NAMES + MICROSOFT, common={"project": 120})
    assert found["Oracle Java"] == ("Java",)
    assert found["Microsoft Azure software"] == ("Microsoft Azure", "Azure")
    assert found["Microsoft Project"] == ()  # "project" is a common lower-case word
    assert found["Microsoft Teams"] == ("Teams",)


def test_the_word_software_is_stripped() -> None:
    found = derived(["Tableau software", "Spreadsheet software"], common={"spreadsheet": 9})
    assert found["Tableau software"] == ("Tableau",)
    assert found["Spreadsheet software"] == ()  # one common word left: no alias
    assert derived(["Tableau software"], strip_software=False)["Tableau software"] == ()


def test_parentheticals_give_both_parts_unless_the_inner_one_describes() -> None:
    found = derived(["Adobe Experience Manager (AEM)", "Digivey software (expert system feature)"])
    assert found["Adobe Experience Manager (AEM)"] == ("Adobe Experience Manager", "Experience Manager", "AEM")
    assert found["Digivey software (expert system feature)"] == ("Digivey software", "Digivey")
    without = derived(["Adobe Experience Manager (AEM)"], parentheticals=False)
    assert without["Adobe Experience Manager (AEM)"] == ("Experience Manager (AEM)",)  # the vendor rule only


def test_an_alias_that_is_another_skills_name_or_already_taken_is_not_added() -> None:
    found = derived(["Oracle Java", "Java", *VENDOR_NAMES[1:], "Tableau", "Tableau software"])
    assert found["Oracle Java"] == ()
    assert found["Tableau software"] == ()
    curated = aliases.derive_aliases(["Microsoft Excel", "Excel"], {}, curated={"Microsoft Excel": ["Excel"]})
    assert curated == [("Excel",), ()]  # a curated alias is always kept


def test_the_tool_writes_the_derived_aliases(tmp_path: Path) -> None:
    source = tmp_path / "technology_skills.tsv"
    source.write_text(
        HEADER + "".join(f"11-1011.00\t{name}\t1\tSoftware\tY\tN\n" for name in ["Structured query language SQL"]),
        encoding="utf-8",
    )
    target = tmp_path / "taxonomy.csv"
    onet_taxonomy.write_taxonomy(source, target)
    with target.open(encoding="utf-8") as handle:
        assert [row["aliases"] for row in csv.DictReader(handle)] == ["SQL|Structured query language"]


# --- the shipped common words and the reviewed list ---------------------------------------------


@pytest.mark.skipif(
    not (candidates.GLASSDOOR.exists() and all(path.exists() for path in candidates.SKILLSPAN)),
    reason="corpora not found",
)
def test_the_shipped_common_words_are_the_corpora_s() -> None:
    assert aliases.common_words() == candidates.words_from_the_corpora()
    assert aliases.COMMON_WORDS.read_text(encoding="utf-8").startswith(candidates.COMMON_WORDS_HEADER)


def test_candidates_are_names_and_aliases_written_in_lower_case() -> None:
    texts = ["we use slack daily; slack is cut", "Slack", "slack time", "slack", "our slack", "Oracle Java java"]
    found = candidates.candidates(["Slack", "Oracle Java"] + [f"Oracle {w}" for w in "ABCD"], texts)
    assert found == [(5, "Slack", "Slack")]  # "java" once in lower case: not a candidate
    assert candidates.words_from_the_corpora(["the the the The", "Slack slack slack slack"]) == {
        "the": 3,
        "slack": 3,
    }


def test_the_reviewed_list_is_applied(tmp_path: Path) -> None:
    source = tmp_path / "technology_skills.tsv"
    names = ["Slack", "Google", "Microsoft Word", "Adobe Director", "Python"]
    source.write_text(HEADER + "".join(f"11-1011.00\t{name}\t1\tSoftware\tY\tN\n" for name in names), encoding="utf-8")
    target = tmp_path / "taxonomy.csv"
    assert onet_taxonomy.write_taxonomy(source, target) == 4  # Google left out
    with target.open(encoding="utf-8") as handle:
        written = {row["skill_name"]: row["aliases"] for row in csv.DictReader(handle)}
    assert written == {"Slack": "=Slack", "Microsoft Word": "=Word", "Adobe Director": "", "Python": "Python3"}


def test_every_entry_of_the_reviewed_list_is_an_onet_name_or_derived_alias() -> None:
    rows = onet_taxonomy.read_technologies(ONET)
    derived = aliases.derive_aliases([name for name, _ in rows], aliases.common_words())
    known = {name for name, _ in rows} | {alias for found in derived for alias in found}
    decisions = onet_taxonomy.read_decisions()
    assert {"Scheme", "Act!", "Slack", "After the Deadline", "Programming languages", "Google", "LinkedIn"} <= set(
        decisions
    )
    assert sorted(set(decisions) - known) == []


def test_a_bad_row_in_the_reviewed_list_gives_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "list.csv"
    bad.write_text("name,action,reason\nSlack,ignore,why\n", encoding="utf-8")
    with pytest.raises(onet_taxonomy.SourceError, match=r"list.csv: row 2, column action: 'ignore'"):
        onet_taxonomy.read_decisions(bad)
    bad.write_text("name,reason\nSlack,why\n", encoding="utf-8")
    with pytest.raises(onet_taxonomy.SourceError, match=r"missing column\(s\) action"):
        onet_taxonomy.read_decisions(bad)
