"""The Great Expectations suites check what dbt cannot: the files about to be published and their
drift against the previous publication. Fast lane: each test makes a small DuckDB file and a dbt
manifest of two marts, publishes or audits it, and makes each expectation fail once.

A GX audit costs about a second, so the previous publication that most publish tests start from
is published once per module (`first_publication`) and each test publishes again onto its own
copy of it (`previous_publication`): one audit per test instead of two.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from job_skills import cli, publish
from job_skills.audit import validate as validate_warehouse
from job_skills.audit.manifest import normalise_type, read_contracts
from job_skills.audit.validate import StagedPublication, ValidationSummary

MARTS = {
    "dim_skills": {"skill_id": "varchar", "skill_name": "varchar"},
    "fct_skill_frequency": {
        "role": "varchar",
        "skill_id": "varchar",
        "frequency": "integer",
        "share_of_postings": "double",
    },
}
KEYS = {"dim_skills": [("skill_id",), ("skill_name",)], "fct_skill_frequency": [("role", "skill_id")]}
ROLE = "Team Lead"


def write_manifest(path: Path, marts: dict[str, dict[str, str | None]] = MARTS) -> Path:
    """A dbt manifest with the marts (table, schema marts), their typed columns and unique tests."""
    nodes: dict[str, object] = {}
    for mart, columns in marts.items():
        unique_id = f"model.job_skills.{mart}"
        nodes[unique_id] = {
            "unique_id": unique_id, "name": mart, "resource_type": "model", "schema": "marts",
            "config": {"materialized": "table"}, "contract": {"enforced": True},
            "columns": {name: {"name": name, "data_type": data_type} for name, data_type in columns.items()},
        }  # fmt: skip
        for number, key in enumerate(KEYS.get(mart, [])):
            name, kwargs = (
                ("unique", {"column_name": key[0]}) if len(key) == 1
                else ("unique_combination_of_columns", {"combination_of_columns": list(key)})
            )  # fmt: skip
            nodes[f"test.job_skills.{name}_{mart}_{number}"] = {
                "resource_type": "test", "attached_node": unique_id, "test_metadata": {"name": name, "kwargs": kwargs},
            }  # fmt: skip
    path.write_text(json.dumps({"metadata": {}, "nodes": nodes}), encoding="utf-8")
    return path


def make_warehouse(path: Path, shares: dict[str, float] | None = None, skills: int = 4) -> Path:
    """A working warehouse as a successful dbt build leaves it: two marts and the invocation record."""
    shares = shares or {f"skill_{n}": n / 10 for n in range(skills)}
    con = duckdb.connect(str(path))
    try:
        con.execute("create schema marts")
        con.execute("create schema meta")
        con.execute("create table marts.dim_skills (skill_id varchar, skill_name varchar)")
        con.execute("create table marts.fct_skill_frequency"
                    " (role varchar, skill_id varchar, frequency integer, share_of_postings double)")  # fmt: skip
        for skill, share in shares.items():
            con.execute("insert into marts.dim_skills values (?, ?)", [skill, skill.replace("_", " ").title()])
            con.execute(
                "insert into marts.fct_skill_frequency values (?, ?, ?, ?)", [ROLE, skill, round(share * 10), share]
            )
        con.execute(
            "create table meta.dbt_invocations as select 'inv-1' as invocation_id, 'build' as command,"
            " null::varchar as selection, 'success' as status, null::varchar as detail,"
            " now()::timestamp as started_at, now()::timestamp as recorded_at"
        )
    finally:
        con.close()
    return path


def execute(path: Path, *statements: str) -> None:
    con = duckdb.connect(str(path))
    try:
        for statement in statements:
            con.execute(statement)
    finally:
        con.close()


@pytest.fixture()
def manifest(tmp_path: Path) -> Path:
    return write_manifest(tmp_path / "manifest.json")


@pytest.fixture()
def working(tmp_path: Path) -> Path:
    return make_warehouse(tmp_path / "working.duckdb")


def audit_with(manifest: Path, change: Callable[[StagedPublication], None] | None = None, **options: object):
    """publish's audit, after change() altered the staged files (a bug between freeze and switch)."""

    def audit(staged: StagedPublication) -> ValidationSummary:
        if change is not None:
            change(staged)
        return validate_warehouse.audit_publication(staged, manifest=manifest, **options)

    return audit


@dataclass(frozen=True)
class Publication:
    """A published folder and the build id it serves."""

    folder: Path
    build_id: str


@pytest.fixture(scope="module")
def first_publication(tmp_path_factory: pytest.TempPathFactory) -> Publication:
    """The working file (make_warehouse) published once under the standard manifest; read only by copying."""
    folder = tmp_path_factory.mktemp("first_publication")
    manifest = write_manifest(folder / "manifest.json")
    publication = publish.publish(
        make_warehouse(folder / "working.duckdb"), folder / "published", audit=audit_with(manifest)
    )
    assert publication.audit.success, publication.audit.render()
    return Publication(folder / "published", publication.build_id)


@pytest.fixture()
def previous_publication(first_publication: Publication, tmp_path: Path) -> Publication:
    """This test's own copy of the first publication, at tmp_path/published (its links are relative)."""
    shutil.copytree(first_publication.folder, tmp_path / "published", symlinks=True)
    assert publish.verify_publication(tmp_path / "published") == first_publication.build_id
    return Publication(tmp_path / "published", first_publication.build_id)


def failed_audit(working: Path, published: Path, audit) -> ValidationSummary:
    with pytest.raises(publish.AuditFailed) as failed:
        publish.publish(working, published, audit=audit)
    assert not (published / "current").exists() or publish.verify_publication(published)
    return failed.value.summary


def rewrite_parquet(staged: StagedPublication, mart: str, select: str) -> None:
    """Replace a staged Parquet file by a query of it (`the_file`), its build id kept."""
    path = staged.parquet_dir / f"{mart}.parquet"
    temporary = path.with_suffix(".tmp")
    con = duckdb.connect()
    try:
        con.execute(f"create table the_file as select * from read_parquet({publish.sql_literal(path)})")
        con.execute(
            f"copy ({select}) to {publish.sql_literal(temporary)}"
            f" (format parquet, kv_metadata {{build_id: {publish.sql_literal(staged.build_id)}}})"
        )
    finally:
        con.close()
    temporary.replace(path)


# The manifest ------------------------------------------------------------------------------------


def test_contracts_and_keys_come_from_the_manifest(manifest: Path) -> None:
    contracts = read_contracts(manifest)
    assert sorted(contracts) == sorted(MARTS)
    assert contracts["fct_skill_frequency"].keys == (("role", "skill_id"),)
    assert contracts["dim_skills"].keys == (("skill_id",), ("skill_name",))
    assert contracts["fct_skill_frequency"].columns["share_of_postings"] == "DOUBLE"
    assert [normalise_type(name) for name in ("int", "string", "Decimal(10, 2)", None)] == [
        "INTEGER", "VARCHAR", "DECIMAL(10,2)", None,
    ]  # fmt: skip


# `job-skills audit`: the working file against the contract ---------------------------------------


def test_audit_passes_on_a_file_that_keeps_the_contract(working: Path, manifest: Path, tmp_path: Path) -> None:
    summary = validate_warehouse.validate(working, tmp_path / "docs", manifest=manifest)
    assert summary.success, summary.render()
    assert [suite.name for suite in summary.suites] == ["marts", "dim_skills", "fct_skill_frequency"]
    assert (tmp_path / "docs" / "index.html").is_file()


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        ("alter table marts.fct_skill_frequency alter share_of_postings type float",
         "[file=working.duckdb] column_differences=share_of_postings is FLOAT, the contract says DOUBLE"),
        ("alter table marts.fct_skill_frequency drop column frequency", "frequency missing (contract: INTEGER)"),
        ("alter table marts.dim_skills add column note varchar", "note (VARCHAR) is not in the contract"),
        ("insert into marts.fct_skill_frequency select * from marts.fct_skill_frequency limit 1",
         "fct_skill_frequency: expect_column_values_to_be_between(duplicate_rows_of_key_role_skill_id)"),
        ("update marts.dim_skills set skill_name = null where skill_id = 'skill_1'",
         "dim_skills: expect_column_values_to_be_between(null_rows_in_key_skill_name)"),
        ("drop table marts.dim_skills", "marts: expect_column_values_to_be_in_set(in_duckdb_file)"),
        ("create table marts.fct_extra as select 1 as x", "marts: expect_column_values_to_be_in_set(in_dbt_manifest)"),
    ],
    ids=["type_changed", "column_missing", "column_extra", "duplicate_key", "null_key", "mart_missing", "mart_extra"],
)  # fmt: skip
def test_audit_fails_naming_the_mart_and_the_figure(
    working: Path, manifest: Path, statement: str, expected: str
) -> None:
    execute(working, statement)
    summary = validate_warehouse.validate(working, manifest=manifest)
    assert not summary.success
    assert any(expected in failure for failure in summary.failures), summary.failures


def test_cli_audit_exits_1_on_a_failure_and_2_without_a_manifest(
    working: Path, manifest: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["audit", "--warehouse", str(working), "--data-docs-dir", str(tmp_path / "docs")]
    assert cli.main([*args, "--manifest", str(manifest)]) == 0
    execute(working, "insert into marts.dim_skills values ('skill_1', 'Again')")
    assert cli.main([*args, "--manifest", str(manifest)]) == 1
    assert "FAIL  dim_skills: " in capsys.readouterr().out
    assert cli.main([*args, "--manifest", str(tmp_path / "none.json")]) == 2
    assert "no dbt manifest at" in capsys.readouterr().err
    assert cli.main(["audit", "--warehouse", str(tmp_path / "missing.duckdb")]) == 2
    assert "warehouse not found" in capsys.readouterr().err


# publish: the files about to be published ----------------------------------------------------------


def test_publish_audits_the_staged_duckdb_and_parquet_files(working: Path, manifest: Path, tmp_path: Path) -> None:
    publication = publish.publish(working, tmp_path / "published", audit=audit_with(manifest))
    names = [suite.name for suite in publication.audit.suites]
    assert names == ["marts", "dim_skills", "fct_skill_frequency"]  # no drift suite: the first publication
    assert publication.audit.success and publication.audit.suites[2].evaluated == 9
    assert publish.verify_publication(tmp_path / "published") == publication.build_id


def parquet_change(mart: str, query: str) -> Callable[[StagedPublication], None]:
    return lambda staged: rewrite_parquet(staged, mart, query)


FREQUENCY = "fct_skill_frequency"
STAGED_CHANGES = {
    "parquet_column_missing": (
        parquet_change(FREQUENCY, "select * exclude (frequency) from the_file"),
        "[file=parquet/fct_skill_frequency.parquet] column_differences=frequency missing",
    ),
    "parquet_type_changed": (
        parquet_change(FREQUENCY, "select * replace (frequency::bigint as frequency) from the_file"),
        "frequency is BIGINT, the contract says INTEGER",
    ),
    "parquet_rows_missing": (
        parquet_change(FREQUENCY, "select * from the_file limit 3"),
        "fct_skill_frequency: expect_column_pair_values_to_be_equal(rows, working_rows)",
    ),
    "parquet_values_changed": (
        parquet_change("dim_skills", "select * replace (upper(skill_name) as skill_name) from the_file"),
        "dim_skills: expect_column_pair_values_to_be_equal(checksum, first_file_checksum)",
    ),
    "parquet_duplicated_key": (
        parquet_change("dim_skills", "select * from the_file union all select * from the_file"),
        "dim_skills: expect_column_values_to_be_between(duplicate_rows_of_key_skill_id)",
    ),
    "parquet_file_missing": (
        lambda staged: (staged.parquet_dir / "dim_skills.parquet").unlink(),
        "marts: expect_column_values_to_be_in_set(in_parquet_files)",
    ),
    "build_id_differs": (
        lambda staged: execute(staged.database, "update meta.publication set build_id = 'other'"),
        "[file=job_skills.duckdb] build_id=other, expected_build_id=",
    ),
    "manifest_rows_differ": (
        lambda staged: staged.rows.update(dim_skills=5),
        "dim_skills: expect_column_pair_values_to_be_equal(rows, manifest_rows)",
    ),
}


@pytest.mark.parametrize("case", list(STAGED_CHANGES))
def test_a_staged_file_that_differs_is_not_published(
    working: Path, manifest: Path, previous_publication: Publication, case: str
) -> None:
    change, expected = STAGED_CHANGES[case]
    published = previous_publication.folder
    summary = failed_audit(working, published, audit_with(manifest, change))
    assert any(expected in failure for failure in summary.failures), summary.failures
    assert not summary.drift
    assert publish.verify_publication(published) == previous_publication.build_id  # the previous publication stays


def test_a_mart_that_breaks_its_contract_at_freeze_is_not_published(
    working: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = write_manifest(
        tmp_path / "manifest.json", MARTS | {"dim_skills": {"skill_id": "varchar", "skill_name": "integer"}}
    )
    argv = ["publish", "--warehouse", str(working), "--published-dir", str(tmp_path / "published"),
            "--data-docs-dir", str(tmp_path / "docs"), "--manifest", str(manifest)]  # fmt: skip
    assert cli.main(argv) == 1
    err = capsys.readouterr().err
    assert (
        "publish: audit failed, nothing published" in err and "skill_name is VARCHAR, the contract says INTEGER" in err
    )
    assert not (tmp_path / "published" / "current").exists()


# publish: drift against the previous publication ---------------------------------------------------


def republish(previous: Publication, tmp_path: Path, shares: dict[str, float], *options: str) -> tuple[int, Path]:
    """Publish a rebuilt file with these shares onto the previous publication (of the working file):
    the exit code and the published folder."""
    manifest = write_manifest(tmp_path / "manifest.json")
    published = previous.folder
    rebuilt = make_warehouse(tmp_path / "rebuilt.duckdb", shares)
    argv = ["publish", "--warehouse", str(rebuilt), "--published-dir", str(published),
            "--data-docs-dir", str(tmp_path / "docs"), "--manifest", str(manifest), *options]  # fmt: skip
    return cli.main(argv), published


def test_unchanged_marts_republish_with_the_drift_suites_passing(
    working: Path, manifest: Path, previous_publication: Publication
) -> None:
    second = publish.publish(working, previous_publication.folder, audit=audit_with(manifest))
    assert [suite.name for suite in second.audit.suites][-2:] == ["drift", "drift.fct_skill_frequency"]
    assert second.audit.success and not second.audit.drift


@pytest.mark.parametrize(
    ("shares", "options", "expected"),
    [
        ({"skill_0": 0.0, "skill_1": 0.1, "skill_2": 0.45, "skill_3": 0.3}, [],
         "fct_skill_frequency: share_of_postings of (Team Lead, skill_2) 0.2 -> 0.45 (+0.25, limit ±0.1)"),
        ({"skill_0": 0.0, "skill_1": 0.1, "skill_2": 0.2}, [],
         "fct_skill_frequency: (Team Lead, skill_3) gone (share_of_postings was 0.3)"),
        ({f"skill_{n}": n / 10 for n in range(5)}, [],
         "fct_skill_frequency: (Team Lead, skill_4) new (share_of_postings 0.4)"),
        ({f"skill_{n}": n / 10 for n in range(6)}, ["--max-share-change", "0.5"],
         "dim_skills: rows 4 -> 6 (+50.0%, limit ±25%)"),
        ({"skill_0": 0.0, "skill_1": 0.1, "skill_2": 0.25, "skill_3": 0.3}, ["--max-share-change", "0.01"],
         "fct_skill_frequency: share_of_postings of (Team Lead, skill_2) 0.2 -> 0.25 (+0.05, limit ±0.01)"),
    ],
    ids=["share_moved", "item_gone", "item_new", "rows_changed", "tighter_limit"],
)  # fmt: skip
def test_drift_refuses_in_one_line_per_figure_unless_accepted(
    previous_publication: Publication, tmp_path: Path, capsys: pytest.CaptureFixture[str], shares, options, expected
) -> None:
    code, published = republish(previous_publication, tmp_path, shares, *options)
    err = capsys.readouterr().err
    assert code == 1, err
    assert "drift beyond the limits (--accept-drift if deliberate), nothing published" in err
    assert f"  drift: {expected}" in err.splitlines(), err
    before = publish.verify_publication(published)
    rebuilt = tmp_path / "rebuilt.duckdb"
    manifest = str(tmp_path / "manifest.json")
    argv = ["publish", "--warehouse", str(rebuilt), "--published-dir", str(published), "--accept-drift",
            "--data-docs-dir", str(tmp_path / "docs"), "--manifest", manifest, *options]  # fmt: skip
    assert cli.main(argv) == 0
    out = capsys.readouterr().out
    assert "accepted (--accept-drift)" in out and expected in out
    assert publish.verify_publication(published) != before


def test_a_mart_or_column_gone_is_drift(previous_publication: Publication, tmp_path: Path) -> None:
    published = previous_publication.folder
    rebuilt = make_warehouse(tmp_path / "rebuilt.duckdb")
    execute(rebuilt, "alter table marts.fct_skill_frequency drop column frequency", "drop table marts.dim_skills")
    columns = {name: data_type for name, data_type in MARTS["fct_skill_frequency"].items() if name != "frequency"}
    fewer = write_manifest(tmp_path / "fewer.json", {"fct_skill_frequency": columns})  # a deliberate change
    summary = failed_audit(rebuilt, published, audit_with(fewer))
    assert not summary.failures
    assert "dim_skills: mart gone (had 4 rows)" in summary.drift
    assert "fct_skill_frequency: columns gone: frequency" in summary.drift
