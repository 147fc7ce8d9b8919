"""Hostile and unlucky input files (issue 11, items 1, 6 and 7): the warehouse reads a user's
file by its path as an escaped string literal, never pasted into SQL, and every odd file stops
the build with one line naming the file, row or column, or reaches the quarantine.

- SQL in postings_path or taxonomy_path (creating a table, writing a file with COPY) runs
  nothing: the path matches no file and the message names the var.
- Legal but odd names (a quote, braces, parentheses, in file and directory names) build.
- A ragged CSV row (in the sniffer's sample or far beyond it) stops the build naming file and row.
- A description longer than DuckDB's default line limit (2 MiB CSV, 16 MiB JSON) is read and
  quarantined by max_description_chars; a user column named `filename` is just a column.
- A Parquet description or title column that is not text is an error naming its type; typed
  dates and integer ids still work.

Each dbt invocation runs on a private warehouse under pytest's temporary directory and selects
only the models it needs (staging alone where the reading is what is tested), in the test process
(test_user_postings.dbt, tests/dbt_in_process.py).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb
import pytest
from test_user_postings import MODELS_ONLY, STAGING_ONLY, Build, assert_failed_cleanly, dbt, row_accounting, write_csv

TAXONOMY_HEADER = ["skill_name", "category", "aliases"]
TAXONOMY = [("Python", "Programming language", ""), ("Excel", "Analytics tool", ""), ("SQL", "Database", "")]
# the models that read a user file (the anchor sample reads the postings through staging)
READERS = ["stg_user__postings", "stg_user__posting_files", "stg_user__taxonomy", "int_item_aliases_anchored"]


def tables_in(warehouse: Path) -> set[str]:
    if not warehouse.exists():
        return set()
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return {name for (name,) in con.execute("select table_name from information_schema.tables").fetchall()}
    finally:
        con.close()


# ---------------------------------------------------------------------------------------------
# 1. SQL in a path runs nothing


def _create_table(tmp: Path, name: str) -> str:
    return f"x.csv'); create table {name} as select 1; --"


def _copy_to_file(tmp: Path, name: str) -> str:
    # no "(": dbt-duckdb wrapped such an external_location in quotes, so this one ran
    return f"x.csv'); create table {name}_copied as select 42 as answer; copy {name}_copied to '{tmp / name}.csv'; --"


@pytest.mark.parametrize(
    ("postings_payload", "taxonomy_payload"),
    [(_create_table, _copy_to_file), (_copy_to_file, _create_table)],
    ids=["postings_create_taxonomy_copy", "postings_copy_taxonomy_create"],
)
def test_sql_in_a_path_runs_nothing(postings_payload: Any, taxonomy_payload: Any, tmp_path: Path) -> None:
    """Both vars carry a payload; every model that reads a path is run. Before the fix the first
    payload created the table (or wrote the file) through the source's external_location."""
    postings_path = postings_payload(tmp_path, "pwned_postings")
    taxonomy_path = taxonomy_payload(tmp_path, "pwned_taxonomy")
    build = dbt(
        tmp_path,
        ["run", "--select", *READERS],
        {"postings_path": postings_path, "taxonomy_path": taxonomy_path},
    )
    assert_failed_cleanly(
        build,
        f"postings_path '{postings_path}' matches no file",
        f"taxonomy_path '{taxonomy_path}' matches no file",
    )
    # the file is checked once, by the staging model that reads it (the anchor sample reads staging)
    assert build.stdout.count(f"postings_path '{postings_path}' matches no file") == 1, build.explain()
    assert not [table for table in tables_in(build.warehouse) if table.startswith("pwned")]
    assert not list(tmp_path.glob("pwned*")), list(tmp_path.glob("pwned*"))


# ---------------------------------------------------------------------------------------------
# 1 (continued), 6, 7. Odd but legal names, an oversized description and a `filename` column
# build, whole and incrementally (one build for the three, to keep the suite fast)

HUGE = "Python " * 450_000  # 3,150,000 characters: over DuckDB's 2 MiB CSV line limit
ODD_FILES = {
    "jobs (1).csv": [("Data Analyst", "Excel and SQL.", "a.pdf"), ("Data Analyst", "Excel daily.", "")],
    "jobs{1}.csv": [("Data Scientist", "Python and SQL.", "b.pdf")],
    "o'brien.csv": [("Data Engineer", "Python pipelines.", ""), ("Data Engineer", HUGE, "c.pdf"), ("ML", "SQL.", "")],
}
OVERSIZED = ("o'brien.csv", 2)  # the file and row of the oversized description


@pytest.fixture(scope="module")
def odd_files_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Build, Build, Path]:
    """The three files, each with its own `filename` column (before: a binder error), in a
    directory whose name has a quote, braces and parentheses (before: str.format and SQL syntax
    errors), read through a glob; the taxonomy in another such directory; then the fingerprints
    built again (incremental: files_to_fingerprint reads the same path)."""
    work = tmp_path_factory.mktemp("odd_names")
    folder = work / "it's {here} (1)"
    folder.mkdir()
    for name, rows in ODD_FILES.items():
        write_csv(folder / name, ["title", "description", "filename"], rows)
    taxonomy_folder = work / "tax {1} (o'k)"
    taxonomy_folder.mkdir()
    taxonomy = write_csv(taxonomy_folder / "taxonomy.csv", TAXONOMY_HEADER, TAXONOMY)
    dbt_vars = {
        "postings_path": str(folder / "*.csv"),
        "taxonomy_path": str(taxonomy),
        "max_description_chars": 100_000,
    }
    first = dbt(work, MODELS_ONLY, dbt_vars)
    assert first.returncode == 0, first.explain()
    again = dbt(work, ["run", "--select", "+int_user_posting_texts_fingerprinted"], dbt_vars)
    assert again.returncode == 0, again.explain()
    return first, again, folder


def test_odd_names_build_with_the_right_counts(odd_files_build: tuple[Build, Build, Path]) -> None:
    build, _, folder = odd_files_build
    rows = sum(len(rows) for rows in ODD_FILES.values())
    assert row_accounting(build) == (rows, rows - 1, 0, 1)
    per_file = build.query(
        "select input_file, count(*) as n from staging.stg_user__postings group by input_file order by input_file"
    )
    assert dict(zip(per_file["input_file"], per_file["n"].astype(int), strict=True)) == {
        str(folder / name): len(rows) for name, rows in ODD_FILES.items()
    }
    python = build.query("select frequency from marts.fct_skill_frequency where skill_id = 'python' and frequency > 0")
    assert int(python["frequency"].sum()) == 2


def test_oversized_description_is_quarantined(odd_files_build: tuple[Build, Build, Path]) -> None:
    build, _, folder = odd_files_build
    quarantined = build.query(
        "select postings.input_file, postings.input_file_row_number, quarantined.quarantine_reason"
        " from marts.fct_quarantined_rows as quarantined"
        " inner join staging.stg_user__postings as postings"
        " on quarantined.input_row_number = postings.input_row_number"
        " where quarantined.input_name = 'user_postings'"
    )
    name, row = OVERSIZED
    assert [tuple(found) for found in quarantined.itertuples(index=False)] == [
        (str(folder / name), row, "description longer than 100000 characters")
    ]


def test_odd_names_incremental_run_keeps_every_file(odd_files_build: tuple[Build, Build, Path]) -> None:
    _, again, folder = odd_files_build
    files = again.query(
        "select input_file, count(*) as n from intermediate.int_user_posting_texts_fingerprinted group by input_file"
    )
    assert dict(zip(files["input_file"], files["n"].astype(int), strict=True)) == {
        str(folder / name): len(rows) for name, rows in ODD_FILES.items()
    }


# ---------------------------------------------------------------------------------------------
# 7. Ragged rows are named by file and row


def test_ragged_rows_name_file_and_row(tmp_path: Path) -> None:
    """A row with an extra field in the sniffer's sample (before: `column "Job Title" does not
    exist`), and in a taxonomy a row with a field missing far beyond it (before: DuckDB's
    multi-line CSV error). Both reported, one line each."""
    postings = tmp_path / "ragged.csv"
    postings.write_text(
        'Job Title,Job Description,Company\nData Analyst,"Excel,\nand SQL",Acme\n'
        "Data Scientist,Python,Beta,extra\nML Engineer,Torch,Gamma\n",
        encoding="utf-8",
    )
    taxonomy = tmp_path / "taxonomy.csv"
    lines = ["skill_name,category,aliases", *(f"skill {i},Category,alias {i}" for i in range(30_000))]
    lines.insert(25_001, "Broken skill,Category")
    taxonomy.write_text("\n".join(lines) + "\n", encoding="utf-8")
    build = dbt(
        tmp_path,
        ["run", "--select", "stg_user__postings", "stg_user__taxonomy"],
        {
            "postings_path": str(postings),
            "postings_columns": {"title": "Job Title", "description": "Job Description"},
            "taxonomy_path": str(taxonomy),
        },
    )
    assert_failed_cleanly(
        build,
        f"postings_path: file '{postings}', row 2 after the header has 4 fields where the header has 3"
        ' (it starts "Data Scientist,Python,Beta,extra")',
        f"taxonomy_path: file '{taxonomy}', row 25001 after the header has 2 fields where the header has 3"
        ' (it starts "Broken skill,Category")',
    )


# ---------------------------------------------------------------------------------------------
# 6. A JSON value over read_json's default limit


def test_json_object_over_the_default_limit_is_read(tmp_path: Path) -> None:
    """A 34 MB description in JSON lines: over what read_json's default maximum_object_size
    (16 MiB, of which DuckDB reads up to twice) lets through."""
    path = tmp_path / "postings.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        handle.write(json.dumps({"title": "Data Analyst", "description": "Excel."}) + "\n")
        handle.write(json.dumps({"title": "Data Analyst", "description": "SQL " * 8_500_000}) + "\n")
    build = dbt(tmp_path, STAGING_ONLY, {"postings_path": str(path)})
    assert build.returncode == 0, build.explain()
    lengths = build.query("select length(description) as n from staging.stg_user__postings order by input_row_number")
    assert lengths["n"].tolist() == [6, 34_000_000]


# ---------------------------------------------------------------------------------------------
# 7. Text fields must be text; typed dates, integer ids and a `filename` column still work


def write_parquet(path: Path, select: str) -> Path:
    con = duckdb.connect()
    try:
        target = str(path).replace("'", "''")
        con.execute(f"copy ({select}) to '{target}' (format parquet)")
    finally:
        con.close()
    return path


@pytest.mark.parametrize(
    ("select", "column", "type_name"),
    [
        ("select 'Data Analyst' as title, 42 as description", "description", "INTEGER"),
        ("select 7 as title, 'Python' as description", "title", "INTEGER"),
    ],
)
def test_non_text_column_is_an_error(select: str, column: str, type_name: str, tmp_path: Path) -> None:
    path = write_parquet(tmp_path / "postings.parquet", select)
    build = dbt(tmp_path, STAGING_ONLY, {"postings_path": str(path)})
    assert_failed_cleanly(
        build,
        f"postings_path: column \"{column}\" in '{path}' is {type_name}, not text;"
        " descriptions and titles must be text (VARCHAR) columns",
    )


def test_typed_parquet_columns_still_read(tmp_path: Path) -> None:
    path = write_parquet(
        tmp_path / "postings.parquet",
        "select 101 as posting_id, 'Data Analyst' as title, 'Excel.' as description,"
        " date '2024-03-01' as posted_date, 'scan.pdf' as filename",
    )
    build = dbt(tmp_path, STAGING_ONLY, {"postings_path": str(path)})
    assert build.returncode == 0, build.explain()
    staged = build.query("select source_posting_id, posted_date, input_file from staging.stg_user__postings")
    assert [tuple(row) for row in staged.itertuples(index=False)] == [("101", "2024-03-01", str(path))]


def test_pattern_without_an_extension_over_parquet_files_is_an_error(tmp_path: Path) -> None:
    """`postings/*` would be read as CSV (the reader follows the path's extension): Parquet bytes
    became 'rows' with invalid UTF-8 before; now one line names the pattern and a matched file."""
    (tmp_path / "postings").mkdir()
    part = write_parquet(
        tmp_path / "postings" / "part-0.parquet", "select 'Data Analyst' as title, 'Excel.' as description"
    )
    pattern = str(tmp_path / "postings" / "*")
    build = dbt(tmp_path, STAGING_ONLY, {"postings_path": pattern})
    assert_failed_cleanly(
        build,
        f"postings_path '{pattern}' does not end in .csv, .parquet, .json, .jsonl or .ndjson, so it would be"
        f" read as CSV, but it matches '{part}': end the pattern in the files' extension (e.g. *.parquet)",
    )
