"""BI tools read the published marts: through SQLAlchemy with duckdb-engine (the path Superset
uses) and through plain DuckDB, both read-only; the dbt exposures end the lineage there."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest
import sqlalchemy as sa
from conftest import MART_MODELS

from job_skills import publish


@pytest.fixture(scope="module")
def published(built_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bi")
    working = folder / "working.duckdb"
    shutil.copy2(built_warehouse, working)
    return publish.publish(working, folder / "published").database


def marts_of(database: Path) -> list[str]:
    con = duckdb.connect(str(database), read_only=True)
    try:
        sql = "select table_name from information_schema.tables where table_schema = 'marts'"  # not meta.*
        return [name for (name,) in con.execute(sql).fetchall()]
    finally:
        con.close()


def test_every_published_mart_through_sqlalchemy_read_only(published: Path) -> None:
    marts = marts_of(published)  # listed first: one process may not open the file with two configurations
    assert sorted(marts) == MART_MODELS
    engine = sa.create_engine(f"duckdb:///{published}", connect_args={"read_only": True})
    try:
        with engine.connect() as connection:
            for mart in marts:
                rows = connection.execute(sa.text(f"select count(*) from marts.{mart}")).scalar_one()
                assert rows >= 0
            share = connection.execute(
                sa.text("select pct_of_postings from marts.fct_skill_frequency where frequency = 21")
            ).scalar_one()
            assert share == 95
            with pytest.raises(sa.exc.DBAPIError):  # read-only: a BI tool cannot change the published data
                connection.execute(sa.text("delete from marts.dim_skills"))
    finally:
        engine.dispose()


def test_every_published_mart_through_duckdb_read_only(published: Path) -> None:
    con = duckdb.connect(str(published), read_only=True)
    try:
        for mart in marts_of(published):
            con.execute(f"select * from marts.{mart} limit 1").fetchall()
        parquet = published.parent / "parquet" / "fct_skill_frequency.parquet"
        assert con.execute(f"select count(*) from read_parquet('{parquet.as_posix()}')").fetchone()[0] == 8
    finally:
        con.close()


def test_exposures_end_the_lineage_in_what_users_consume(built_warehouse: Path) -> None:
    manifest = json.loads((built_warehouse.parent / "target" / "manifest.json").read_text(encoding="utf-8"))
    exposures = {e["name"]: e for e in manifest["exposures"].values()}
    assert set(exposures) == {"job_posting_analysis_report", "published_marts"}
    published = {node.split(".")[-1] for node in exposures["published_marts"]["depends_on"]["nodes"]}
    built_marts = {
        node["name"]
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["original_file_path"].startswith("models/marts/")
    }
    assert published == built_marts
