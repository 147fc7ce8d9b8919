"""The same models on Apache Spark (issue 16): the shipped sample built on Spark (dbt-spark,
session mode, a local Spark in the dbt process) gives every mart the DuckDB build gives, row for
row; floating-point values may differ by 1e-9 (the engines sum in different orders).

Slow: a Spark build of the sample takes minutes on two cores. The Spark tables are read with
pyspark in this process once dbt has exited, from the Spark warehouse and metastore the build
wrote (SPARK_WAREHOUSE_DIR; the session must be configured as profiles/profiles.yml configures it).
"""

from __future__ import annotations

import datetime
import math
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from job_skills.project import run_dbt

pytestmark = pytest.mark.slow

TOLERANCE = 1e-9

Row = tuple[object, ...]


@pytest.fixture(scope="module")
def spark_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """dbt build of the sample on the spark target; fails with dbt's output."""
    if shutil.which("java") is None:
        pytest.fail("the Spark build needs Java 17 (java is not on PATH)")
    folder = tmp_path_factory.mktemp("spark")
    result = run_dbt(
        ["build", "--target-path", str(folder / "target"), "--log-path", str(folder / "logs")],
        extra_env={
            "DBT_TARGET": "spark",
            "SPARK_WAREHOUSE_DIR": str(folder / "warehouse"),
            "DBT_EXCLUDE_RESOURCE_TYPES": "unit_test",
        },
    )
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]
    return folder / "warehouse"


@pytest.fixture(scope="module")
def spark_session(spark_warehouse: Path) -> Iterator[object]:
    """A local Spark session on the warehouse the build wrote (profiles.yml's settings)."""
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .config("spark.sql.warehouse.dir", str(spark_warehouse / "tables"))
        .config("spark.hadoop.javax.jdo.option.ConnectionURL", "jdbc:derby:;databaseName=metastore_db;create=true")
        .config("spark.driver.extraJavaOptions", f"-Dderby.system.home={spark_warehouse}")
        .config("spark.ui.enabled", "false")
        .enableHiveSupport()
        .getOrCreate()
    )
    yield session
    session.stop()


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


def test_every_mart_is_the_same_on_spark_and_duckdb(built_warehouse: Path, spark_session: object) -> None:
    with duckdb.connect(str(built_warehouse), read_only=True) as con:
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
    spark_marts = sorted(row.tableName for row in spark_session.sql("show tables in marts").collect())  # type: ignore[attr-defined]
    assert spark_marts == marts
    assert len(marts) >= 29
    problems = []
    for mart in marts:
        frame = spark_session.table(f"marts.{mart}")  # type: ignore[attr-defined]
        columns, duck_rows = duck[mart]
        assert frame.columns == columns, f"{mart}: columns {frame.columns} on Spark, {columns} on DuckDB"
        spark_rows = [tuple(plain(v) for v in row) for row in frame.collect()]
        problems += differences(mart, columns, duck_rows, spark_rows)
    assert not problems, "\n".join(problems)
