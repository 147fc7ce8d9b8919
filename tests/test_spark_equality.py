"""The same models on Apache Spark (issue 16): every mart a Spark build (dbt-spark, session mode,
a local Spark in the dbt process) gives equals the DuckDB build's, row for row, for two inputs:
the shipped sample, and the shipped real-text postings (data/skillspan/postings.csv, 263 SkillSpan
postings read through the user-postings path with the default taxonomy, so the word-mode matcher
runs on real text); floating-point values may differ by 1e-9 (the engines sum in different orders).

On Spark the sample builds with every data test, so each test's SQL is shown to run and pass
there; the real text builds its models only: the marts equal to DuckDB's, whose build runs every
data test on the same input, is the stronger check, and Spark's data tests take minutes.

Slow: each Spark build takes minutes on two cores. Spark's dbt runs from its own environment
(.venv-spark, made in the background while the other tests run: conftest's spark_environment).
Spark writes each mart as Parquet files under SPARK_WAREHOUSE_DIR (tables/marts.db/<mart>/),
which DuckDB reads here once dbt has exited, so this environment needs no pyspark.
"""

from __future__ import annotations

import datetime
import json
import math
import subprocess
from pathlib import Path

import duckdb
import pytest

from job_skills.project import PROJECT_ROOT, dbt_environment, dbt_executable

pytestmark = pytest.mark.slow

TOLERANCE = 1e-9

Row = tuple[object, ...]


REAL_TEXT = PROJECT_ROOT / "data" / "skillspan" / "postings.csv"
REAL_TEXT_VARS = ["--vars", json.dumps({"postings_path": str(REAL_TEXT)})]
MODELS_ONLY = ["--exclude-resource-type", "test"]


def dbt_build(dbt: Path, folder: Path, env: dict[str, str], *args: str) -> None:
    """dbt build with args, its target and logs in folder; fails with dbt's output."""
    paths = ["--target-path", str(folder / "target"), "--log-path", str(folder / "logs")]
    result = subprocess.run(
        [str(dbt), "build", *args, *paths], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]


def spark_build(spark_environment: Path, folder: Path, *args: str) -> Path:
    """A build on the spark target into folder; the folder of its marts' Parquet files."""
    env = {**dbt_environment(), "DBT_TARGET": "spark", "SPARK_WAREHOUSE_DIR": str(folder / "warehouse")}
    dbt_build(spark_environment / "dbt", folder, env, *args)
    return folder / "warehouse" / "tables" / "marts.db"


@pytest.fixture(scope="module")
def sample_on_spark(spark_environment: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return spark_build(spark_environment, tmp_path_factory.mktemp("spark_sample"))


@pytest.fixture(scope="module")
def real_text_on_spark(spark_environment: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return spark_build(spark_environment, tmp_path_factory.mktemp("spark_real_text"), *REAL_TEXT_VARS, *MODELS_ONLY)


@pytest.fixture(scope="module")
def real_text_on_duckdb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("duckdb_real_text")
    env = {**dbt_environment(folder / "job_skills.duckdb"), "DUCKDB_TEMP_DIRECTORY": str(folder / "spill")}
    dbt_build(dbt_executable(), folder, env, *REAL_TEXT_VARS)
    return folder / "job_skills.duckdb"


def plain(value: object) -> object:
    """A value as both engines' Python clients can agree on (Spark gives datetime for timestamps)."""
    if isinstance(value, datetime.datetime):
        return value.replace(tzinfo=None)
    return value


def sort_key(row: Row) -> tuple[tuple[bool, str, object], ...]:
    """Rows ordered the same on both sides: nulls last, floats rounded beyond the tolerance."""
    return tuple(
        (value is None, type(value).__name__, round(value, 6) if isinstance(value, float) else value) for value in row
    )


def same_value(left: object, right: object) -> bool:
    if isinstance(left, float) or isinstance(right, float):
        if left is None or right is None:
            return left is None and right is None
        left_float, right_float = float(left), float(right)  # type: ignore[arg-type]
        if math.isnan(left_float) or math.isnan(right_float):
            return math.isnan(left_float) and math.isnan(right_float)
        return abs(left_float - right_float) <= TOLERANCE
    return left == right


def differences(mart: str, columns: list[str], duck_rows: list[Row], spark_rows: list[Row]) -> list[str]:
    """What differs between the two sides' rows, a line each (at most 5)."""
    if len(duck_rows) != len(spark_rows):
        return [f"{mart}: {len(duck_rows)} rows on DuckDB, {len(spark_rows)} on Spark"]
    found = []
    for duck_row, spark_row in zip(sorted(duck_rows, key=sort_key), sorted(spark_rows, key=sort_key), strict=True):
        for column, left, right in zip(columns, duck_row, spark_row, strict=True):
            if not same_value(left, right):
                found.append(f"{mart}.{column}: DuckDB {left!r}, Spark {right!r} (row {duck_row!r})")
    return found[:5]


def assert_same_marts(duckdb_warehouse: Path, spark_marts: Path) -> None:
    with duckdb.connect(str(duckdb_warehouse), read_only=True) as con:
        marts = [
            name
            for (name,) in con.execute(
                "select table_name from information_schema.tables where table_schema = 'marts' order by table_name"
            ).fetchall()
        ]
        duck = {}
        for mart in marts:
            relation = con.table(f"marts.{mart}")
            duck[mart] = (relation.columns, [tuple(plain(v) for v in row) for row in relation.fetchall()])
    assert sorted(folder.name for folder in spark_marts.iterdir() if folder.is_dir()) == marts
    assert len(marts) >= 29
    problems = []
    with duckdb.connect() as con:
        for mart in marts:
            relation = con.read_parquet(str(spark_marts / mart / "*.parquet"))
            columns, duck_rows = duck[mart]
            assert relation.columns == columns, f"{mart}: columns {relation.columns} on Spark, {columns} on DuckDB"
            spark_rows = [tuple(plain(v) for v in row) for row in relation.fetchall()]
            problems += differences(mart, columns, duck_rows, spark_rows)
    assert not problems, "\n".join(problems)


def test_the_sample_gives_the_same_marts_on_spark(built_warehouse: Path, sample_on_spark: Path) -> None:
    assert_same_marts(built_warehouse, sample_on_spark)


def test_real_text_gives_the_same_marts_on_spark(real_text_on_duckdb: Path, real_text_on_spark: Path) -> None:
    assert_same_marts(real_text_on_duckdb, real_text_on_spark)
