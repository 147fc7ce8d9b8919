"""The figures the audit holds the files to, computed in DuckDB (never by loading a mart into Python).

Per mart and per file (a table of a DuckDB file, or a Parquet file): its columns and types, its
rows, the rows with a null in a key, the rows beyond the first of each key value, and a checksum
(the sum of every row's hash, so it does not depend on row order and a duplicated row changes it).
Per frequency mart of two publications: share_of_postings per (role, item), side by side.

Names of marts and columns reach SQL as quoted identifiers, paths as bound parameters.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from job_skills.project import quoted


@dataclass(frozen=True)
class MartShape:
    """A mart as found in a file: its columns (name -> DuckDB type, in order) and its rows."""

    columns: dict[str, str]
    rows: int


@dataclass(frozen=True)
class FileFacts:
    """One published file of a mart (or the mart's table in a DuckDB file)."""

    columns: dict[str, str]
    rows: int
    null_key_rows: dict[tuple[str, ...], int | None]  # None: a key column is missing from the file
    duplicate_key_rows: dict[tuple[str, ...], int | None]
    checksum: str
    build_id: str | None


def sql_literal(path: Path) -> str:
    """A path as a DuckDB string literal (ATTACH takes no parameters): quotes doubled."""
    text = str(path)
    if "\x00" in text:
        raise ValueError("a SQL string literal cannot hold a NUL character")
    return "'" + text.replace("'", "''") + "'"


def table_columns(con: duckdb.DuckDBPyConnection, catalog: str, schema: str, table: str) -> dict[str, str]:
    rows = con.execute(
        "select column_name, data_type from information_schema.columns"
        " where table_catalog = ? and table_schema = ? and table_name = ? order by ordinal_position",
        [catalog, schema, table],
    ).fetchall()
    return {name: data_type for name, data_type in rows}


def list_tables(con: duckdb.DuckDBPyConnection, catalog: str, schema: str = "marts") -> list[str]:
    rows = con.execute(
        "select table_name from information_schema.tables"
        " where table_catalog = ? and table_schema = ? and table_type = 'BASE TABLE' order by table_name",
        [catalog, schema],
    ).fetchall()
    return [name for (name,) in rows]


def describe_marts(con: duckdb.DuckDBPyConnection, catalog: str, marts: list[str]) -> dict[str, MartShape]:
    """mart -> its columns and rows in an attached catalog (publish records the working file's at freeze)."""
    return {
        mart: MartShape(
            columns=table_columns(con, catalog, "marts", mart),
            rows=con.execute(f"select count(*) from {quoted(catalog)}.marts.{quoted(mart)}").fetchone()[0],
        )
        for mart in marts
    }


def relation_facts(
    con: duckdb.DuckDBPyConnection,
    relation: str,
    params: list[object],
    columns: dict[str, str],
    keys: tuple[tuple[str, ...], ...],
    build_id: str | None,
) -> FileFacts:
    """The facts of one relation (SQL text naming a table, or read_parquet(?) with params)."""
    rows, checksum = con.execute(
        f"select count(*), coalesce(sum(hash(r)::hugeint), 0)::varchar from {relation} as r", params
    ).fetchone()
    null_rows: dict[tuple[str, ...], int | None] = {}
    duplicate_rows: dict[tuple[str, ...], int | None] = {}
    for key in keys:
        if not set(key) <= set(columns):
            null_rows[key] = duplicate_rows[key] = None
            continue
        listed = ", ".join(quoted(column) for column in key)
        any_null = " or ".join(f"{quoted(column)} is null" for column in key)
        null_rows[key], distinct = con.execute(
            f"select count(*) filter (where {any_null}), count(distinct ({listed})) from {relation} as r", params
        ).fetchone()
        duplicate_rows[key] = rows - distinct
    return FileFacts(columns, rows, null_rows, duplicate_rows, checksum, build_id)


def database_facts(database: Path, keys: dict[str, tuple[tuple[str, ...], ...]]) -> dict[str, FileFacts]:
    """mart -> facts of its table in a DuckDB file (read-only, closed at once); build id from meta.publication."""
    con = duckdb.connect(str(database), read_only=True)
    try:
        catalog = con.execute("select current_database()").fetchone()[0]
        try:
            build_id = con.execute("select max(build_id) from meta.publication").fetchone()[0]
        except duckdb.CatalogException:
            build_id = None
        return {
            mart: relation_facts(
                con,
                f"marts.{quoted(mart)}",
                [],
                table_columns(con, catalog, "marts", mart),
                keys.get(mart, ()),
                build_id,
            )
            for mart in list_tables(con, catalog)
        }
    finally:
        con.close()


def parquet_facts(parquet: Path, keys: tuple[tuple[str, ...], ...]) -> FileFacts:
    """Facts of one Parquet file, read by DuckDB; build id from its key-value metadata."""
    con = duckdb.connect()
    try:
        path = str(parquet)
        con.execute("create temp table parquet_columns as select * from read_parquet(?) limit 0", [path])
        columns = table_columns(con, "temp", "main", "parquet_columns")
        found = con.execute(
            "select decode(value) from parquet_kv_metadata(?) where decode(key) = 'build_id'", [path]
        ).fetchone()
        return relation_facts(con, "read_parquet(?)", [path], columns, keys, found[0] if found else None)
    finally:
        con.close()


def previous_shares(
    current: Path, previous: Path, mart: str, key: tuple[str, ...]
) -> list[tuple[str, str, float | None, float | None]]:
    """(role, item, previous share, current share) for every (role, item) of either file's frequency mart.

    key: the mart's key, role first; the item is the other key columns' values joined by ', '.
    """
    con = duckdb.connect(str(current), read_only=True)
    try:
        con.execute(f"attach {sql_literal(previous)} as previous (read_only)")
        items = [f"coalesce({quoted(column)}::varchar, '(null)')" for column in key if column != "role"]
        item = " || ', ' || ".join(items)
        table = f"marts.{quoted(mart)}"
        return con.execute(
            f"""
            with current_shares as (select role, {item} as item, share_of_postings from {table}),
                previous_shares as (select role, {item} as item, share_of_postings from previous.{table})
            select
                coalesce(current_shares.role, previous_shares.role) as role,
                coalesce(current_shares.item, previous_shares.item) as item,
                previous_shares.share_of_postings::double as previous_share_of_postings,
                current_shares.share_of_postings::double as share_of_postings
            from current_shares
            full outer join previous_shares
                on current_shares.role is not distinct from previous_shares.role
                and current_shares.item = previous_shares.item
            order by 1, 2
            """
        ).fetchall()
    finally:
        con.close()


def shapes(database: Path) -> dict[str, MartShape]:
    """mart -> columns and rows of a DuckDB file's marts (read-only, closed at once)."""
    con = duckdb.connect(str(database), read_only=True)
    try:
        catalog = con.execute("select current_database()").fetchone()[0]
        return describe_marts(con, catalog, list_tables(con, catalog))
    finally:
        con.close()
