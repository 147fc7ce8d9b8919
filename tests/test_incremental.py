"""Incremental builds of the user's postings: appending a file reads and scans only that file,
a changed file is read again, a removed file's rows go, a new taxonomy rescans every posting,
and the bookkeeping check fails when a posting is never scanned.

Postings come from the benchmark generator (benchmarks/data.py), whose true pairs are known.

One warehouse goes through four states, each made by a module fixture that depends on the one
before and records what its tests check as soon as its build is done: `appended` (two files,
tampered with between the builds), `edited` (a description changed), `retaxonomied` (a new
taxonomy), `removed` (a file deleted). So a test gets the state it checks whatever runs before
it, in whichever order and on whichever xdist worker (each worker builds the states it needs).
The tests used to change the warehouse themselves and rely on running in file order on one
worker; under pytest 9.2 with pytest-xdist 3.8 the xdist_group mark is silently ignored (xdist
sets `item._nodeid`, which pytest 9 no longer reads), so `pytest -n 2` dealt the tests to both
workers and test_new_taxonomy_rescans_every_posting ran on a warehouse test_edited... had never
edited: its tampered row was still there (`assert not [(1,)]`).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from conftest import copy_project

from benchmarks.data import generate, taxonomy, write_taxonomy_csv
from job_skills.project import run_dbt

BUILD = ["build", "--exclude-resource-type", "unit_test"]
# What the states' tests read, with everything upstream and the data tests on them (cautious: a
# test runs only when all its parents are built, so none reads a mart left unbuilt). The
# incremental state is in these intermediate models; the marts are tables rebuilt from them on
# every build, so the whole build (every mart and its tests) runs once, on the last state.
INCREMENTAL_MODELS = [
    "--select",
    "+int_item_mentions_extracted",
    "+int_user_posting_texts_fingerprinted",
    "+int_skills_selected",
    "+fct_row_accounting",
    "--indirect-selection",
    "cautious",
]
# pytest runs with --dist loadfile (pyproject.toml), so the module stays on one worker and each
# state is built once; correctness does not depend on it (see the module docstring).


def write_part(folder: Path, name: str, start: int, count: int) -> set[tuple[str, str]]:
    """A Parquet file of generated postings; returns their true (posting_id, skill_name) pairs."""
    batch = generate(start, count)
    pq.write_table(batch.table, folder / name)
    return set(batch.truth)


def build(work: Path, taxonomy_csv: Path, project: Path | None = None, whole: bool = False) -> tuple[int, str]:
    """dbt build of the incremental models (INCREMENTAL_MODELS), or of the whole project when whole."""
    args = [
        *BUILD,
        *([] if whole else INCREMENTAL_MODELS),
        "--vars",
        json.dumps({"postings_path": str(work / "postings" / "*.parquet"), "taxonomy_path": str(taxonomy_csv)}),
        "--target-path",
        str(work / "target"),
        "--log-path",
        str(work / "logs"),
    ]
    kwargs = {"project_dir": project} if project else {}
    result = run_dbt(
        args,
        duckdb_path=work / "warehouse.duckdb",
        extra_env={"DUCKDB_TEMP_DIRECTORY": str(work / "spill")},
        **kwargs,
    )
    return result.returncode, result.stdout[-4000:] + result.stderr[-2000:]


def query(work: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(work / "warehouse.duckdb"))
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def found_pairs(work: Path) -> set[tuple[str, str]]:
    return set(
        query(
            work,
            "select mentions.posting_id, skills.skill_name from intermediate.int_item_mentions_extracted as mentions"
            " inner join intermediate.int_skills_selected as skills"
            " on mentions.item_type = 'skill' and mentions.item_id = skills.skill_id",
        )
    )


def restrict(truth: set[tuple[str, str]], taxonomy_csv: Path) -> set[tuple[str, str]]:
    names = {
        row[0] for row in duckdb.connect().execute(f"select skill_name from read_csv('{taxonomy_csv}')").fetchall()
    }
    return {pair for pair in truth if pair[1] in names}


@pytest.fixture(scope="module")
def appended(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A warehouse built on one file, tampered with, then rebuilt after a second file arrived."""
    work = tmp_path_factory.mktemp("incremental")
    (work / "postings").mkdir()
    taxonomy_csv = work / "taxonomy.csv"
    write_taxonomy_csv(taxonomy(300), taxonomy_csv)
    first = write_part(work / "postings", "part-000.parquet", 0, 60)
    code, output = build(work, taxonomy_csv)
    assert code == 0, output
    first_build = found_pairs(work)
    # Marks only a rescan or a re-read would undo: one old posting loses its matches, and one old
    # row's fingerprint is overwritten.
    query(
        work,
        "delete from intermediate.int_item_mentions_extracted where posting_id = 'bench-00000007'"
        " and item_id is not null and item_id = (select min(item_id) from intermediate.int_item_mentions_extracted"
        " where posting_id = 'bench-00000007')",
    )
    query(
        work,
        "update intermediate.int_user_posting_texts_fingerprinted set description_hash = 'tampered'"
        " where input_file_row_number = 1",
    )
    second = write_part(work / "postings", "part-001.parquet", 60, 15)
    code, output = build(work, taxonomy_csv)
    assert code == 0, output
    shutil.copy2(work / "warehouse.duckdb", work / "appended.duckdb")  # for tests that tamper with a copy
    return {
        "work": work,
        "taxonomy": taxonomy_csv,
        "first": restrict(first, taxonomy_csv),
        "second": restrict(second, taxonomy_csv),
        "first_build": first_build,
        "found": found_pairs(work),
        "row_one_hashes": query(
            work,
            "select input_file like '%part-000%', description_hash"
            " from intermediate.int_user_posting_texts_fingerprinted where input_file_row_number = 1 order by 1",
        ),
        "row_accounting": query(
            work, "select rows_in, rows_accepted + rows_deduplicated + rows_quarantined from marts.fct_row_accounting"
        ),
    }


def tampered_rows(work: Path) -> list[tuple]:
    return query(
        work, "select 1 from intermediate.int_user_posting_texts_fingerprinted where description_hash = 'tampered'"
    )


@pytest.fixture(scope="module")
def edited(appended: dict) -> dict:
    """Same posting id, new text: bench-00000005's description gains a mention of Python."""
    work, taxonomy_csv = appended["work"], appended["taxonomy"]
    old = work / "postings" / "part-000.parquet"
    table = pq.read_table(old)
    rows = table.to_pylist()
    assert rows[5]["posting_id"] == "bench-00000005"
    rows[5]["description"] += " Required skills: Python."
    pq.write_table(type(table).from_pylist(rows, schema=table.schema), old)
    code, output = build(work, taxonomy_csv)
    assert code == 0, output
    return {"found": found_pairs(work), "tampered": tampered_rows(work)}


@pytest.fixture(scope="module")
def retaxonomied(appended: dict, edited: dict) -> dict:
    """The edited warehouse rebuilt with another taxonomy (the 200 most widespread skills)."""
    work, taxonomy_csv = appended["work"], appended["taxonomy"]
    write_taxonomy_csv(taxonomy(200), taxonomy_csv)
    code, output = build(work, taxonomy_csv)
    assert code == 0, output
    return {
        "found": found_pairs(work),
        "tampered": tampered_rows(work),
        "truth": restrict(appended["first"] | appended["second"] | {("bench-00000005", "Python")}, taxonomy_csv),
        "matchers": query(
            work, "select count(distinct matcher_fingerprint) from intermediate.int_item_mentions_extracted"
        ),
    }


@pytest.fixture(scope="module")
def removed(appended: dict, retaxonomied: dict) -> dict:
    """The last state: part-001.parquet deleted, then rebuilt."""
    work = appended["work"]
    (work / "postings" / "part-001.parquet").unlink()
    code, output = build(work, appended["taxonomy"], whole=True)  # every mart and its tests, once
    assert code == 0, output
    return {
        "postings": {
            row[0] for row in query(work, "select distinct posting_id from intermediate.int_item_mentions_extracted")
        },
        "fingerprinted_rows": query(work, "select count(*) from intermediate.int_user_posting_texts_fingerprinted"),
    }


def test_first_build_finds_exactly_the_true_pairs(appended: dict) -> None:
    assert appended["first_build"] == appended["first"]


def test_appended_postings_are_scanned_and_old_ones_are_not(appended: dict) -> None:
    found = appended["found"]
    new_postings = {posting for posting, _ in appended["second"]}
    assert {pair for pair in found if pair[0] in new_postings} == appended["second"]
    lost = appended["first"] - found  # the tampered posting was not scanned again
    assert lost and {posting for posting, _ in lost} == {"bench-00000007"}
    assert len(lost) == 1


def test_unchanged_files_are_not_read_again(appended: dict) -> None:
    hashes = appended["row_one_hashes"]
    assert hashes[0][1] != "tampered"  # part-001, new: read now
    assert hashes[1][1] == "tampered"  # part-000, unchanged: not read again


def test_row_accounting_balances_across_files(appended: dict) -> None:
    assert appended["row_accounting"] == [(75, 75)]


def test_edited_description_is_scanned_again(appended: dict, edited: dict) -> None:
    """Same posting id, new text: the file is read again and the posting scanned again (the
    taxonomy is unchanged, so nothing else forces a rescan)."""
    found = edited["found"]
    assert ("bench-00000005", "Python") in found
    assert {pair for pair in found if pair[0] == "bench-00000005"} == {
        pair for pair in appended["first"] if pair[0] == "bench-00000005"
    } | {("bench-00000005", "Python")}
    assert not edited["tampered"]  # part-000 was read again when it changed: its tampered row is gone


def test_new_taxonomy_rescans_every_posting(retaxonomied: dict) -> None:
    assert not retaxonomied["tampered"]  # still gone: part-000 was read again when it was edited
    # the tampered posting (bench-00000007) is whole again: every posting rescanned
    assert retaxonomied["found"] == retaxonomied["truth"]
    assert retaxonomied["matchers"] == [(1,)]


@pytest.mark.parametrize(
    ("tamper", "breach"),
    [
        (
            (
                "update intermediate.int_item_mentions_extracted set matcher_fingerprint = 'old matcher'"
                " where posting_id = 'bench-00000002'"
            ),
            "different matchers",
        ),
        (
            (
                "insert into intermediate.int_item_mentions_extracted (posting_id, item_id)"
                " values ('bench-00000002', null)"
            ),
            "posting both without and with matches",
        ),
    ],
    ids=["two_matchers", "found_and_not_found"],
)
def test_scan_bookkeeping_check_fails_on_inconsistent_rows(
    appended: dict, tmp_path: Path, tamper: str, breach: str
) -> None:
    work = tmp_path
    shutil.copy2(appended["work"] / "appended.duckdb", work / "warehouse.duckdb")
    query(work, tamper)
    result = run_dbt(
        [
            "test",
            "--select",
            "int_item_mentions_extracted",
            "--vars",
            json.dumps(
                {
                    "postings_path": str(appended["work"] / "postings" / "*.parquet"),
                    "taxonomy_path": str(appended["taxonomy"]),
                }
            ),
            "--target-path",
            str(work / "target"),
            "--log-path",
            str(work / "logs"),
        ],
        duckdb_path=work / "warehouse.duckdb",
        extra_env={"DUCKDB_TEMP_DIRECTORY": str(work / "spill")},
    )
    assert result.returncode != 0
    assert "scanned_once_per_matcher" in result.stdout
    assert breach in result.stdout


def test_removed_file_rows_are_deleted(removed: dict) -> None:
    assert removed["postings"] == {f"bench-{n:08d}" for n in range(60)}
    assert removed["fingerprinted_rows"] == [(60,)]


def test_scan_bookkeeping_check_fails_when_a_posting_is_skipped(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    model = project / "models" / "intermediate" / "mentions" / "int_item_mentions_extracted.sql"
    text = model.read_text()
    marker = "and texts.input_file_row_number = accepted_postings.input_file_row_number"
    assert marker in text
    skip = "\n            and accepted_postings.posting_id <> 'bench-00000003'"
    model.write_text(text.replace(marker, marker + skip))
    work = tmp_path / "work"
    (work / "postings").mkdir(parents=True)
    write_part(work / "postings", "part-000.parquet", 0, 10)
    taxonomy_csv = work / "taxonomy.csv"
    write_taxonomy_csv(taxonomy(100), taxonomy_csv)
    code, output = build(work, taxonomy_csv, project)
    assert code != 0
    assert "scanned_once_per_matcher" in output
    assert "bench-00000003" in output
