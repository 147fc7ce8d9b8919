"""The scale benchmark's cell on Apache Spark beside DuckDB (issue 16): the same generated postings
built on both engines in one run, each build timed and checked against the generator's truth.

    python -m benchmarks.spark --size 100000 --skills 1000      # from the project root
    python -m benchmarks.spark --size 300 --skills 100 --work-dir /tmp/s --results /tmp/s.md --json /tmp/s.json

It generates the postings once (`benchmarks/data.py`, cached as `benchmarks/run.py` caches them),
then builds the models (tests excluded, `--threads 1`, the same --vars) first on a fresh DuckDB
file, exactly as a cell of the scale benchmark (`run_warehouse`), then on the spark target: a local
Spark inside .venv-spark's dbt (`local[2]`, both cores; profiles/profiles.yml), its tables written
afresh under the work directory. The two builds run one after the other, never together, and each
is timed on the wall clock with the 1-minute load average before and after it (the machine is
shared: the load says how far the seconds can be trusted). Each engine's (posting, skill) pairs
are read with the scale benchmark's own query (`warehouse_pairs`; for Spark on a DuckDB copy of
its two intermediate tables' Parquet files) and compared with the truth (precision, recall).

No peak memory is given: the scale benchmark samples the dbt process, and Spark's JVM is a child
of that process, so the two figures would not measure the same thing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path

import duckdb

from benchmarks.data import taxonomy, write_taxonomy_csv
from benchmarks.run import (
    check,
    dbt_vars,
    machine,
    measure,
    model_seconds,
    postings_for,
    run_warehouse,
    truth_for,
    warehouse_pairs,
)
from job_skills.project import PROJECT_ROOT, SPARK_TARGET, EngineMissing, dbt_environment, dbt_executable, quoted

HERE = Path(__file__).parent
#: the models the scale benchmark counts as extraction (run.py, run_warehouse)
EXTRACTION_MODELS = ("int_item_aliases_anchored", "int_anchor_filters_built", "int_item_mentions_extracted")
#: the tables warehouse_pairs reads
PAIR_TABLES = ("int_item_mentions_extracted", "int_skills_selected")


def spark_dbt() -> Path:
    """.venv-spark's dbt, by the rule every command uses (EngineMissing, one line, when it or java
    is missing)."""
    os.environ["DBT_TARGET"] = SPARK_TARGET
    try:
        return dbt_executable()
    finally:
        del os.environ["DBT_TARGET"]


def spark_versions(dbt: Path) -> dict[str, str]:
    """dbt-spark's and pyspark's versions in .venv-spark, and java's first line."""
    script = "from importlib.metadata import version; print(version('dbt-spark'), version('pyspark'))"
    dbt_spark, pyspark = subprocess.run(
        [str(dbt.with_name("python")), "-c", script], capture_output=True, text=True, check=True
    ).stdout.split()
    java = subprocess.run(["java", "-version"], capture_output=True, text=True, check=True).stderr.splitlines()[0]
    return {"dbt-spark": dbt_spark, "pyspark": pyspark, "java": java}


def run_spark(dbt: Path, work: Path, name: str, glob: str, taxonomy_csv: Path, driver_memory: str) -> dict:
    """The models on the spark target, as run_warehouse builds them on DuckDB (fresh tables, the
    same arguments); where its tables are."""
    folder = work / f"{name}_on_spark"
    shutil.rmtree(folder, ignore_errors=True)
    target = folder / "target"
    env = dbt_environment()
    env.update(
        {
            "DBT_TARGET": SPARK_TARGET,
            "SPARK_WAREHOUSE_DIR": str(folder / "warehouse"),
            "SPARK_DRIVER_MEMORY": driver_memory,
            "DBT_TARGET_PATH": str(target),
            "DBT_LOG_PATH": str(target / "logs"),
        }
    )
    arguments = ["build", "--threads", "1", "--exclude-resource-type", "test", "unit_test"]
    run = measure([str(dbt), *arguments, "--vars", dbt_vars(glob, taxonomy_csv)], target / "dbt.log", env=env)
    if run.returncode != 0:
        raise SystemExit(f"dbt build on Spark failed for {name}:\n{run.output}")
    return {"run": run, "tables": folder / "warehouse" / "tables", "target": target}


def spark_pairs(tables: Path, copy: Path) -> set[tuple[str, str]]:
    """Spark's pairs by warehouse_pairs itself, on a DuckDB file holding copies of the two tables
    it reads (Spark writes each table as Parquet files under tables/<schema>.db/<table>/)."""
    copy.unlink(missing_ok=True)
    con = duckdb.connect(str(copy))
    try:
        con.execute("create schema intermediate")
        for table in PAIR_TABLES:
            parquet = str(tables / "intermediate.db" / table / "*.parquet")
            con.execute(f"create table intermediate.{quoted(table)} as select * from read_parquet(?)", [parquet])
    finally:
        con.close()
    try:
        return warehouse_pairs(copy)
    finally:
        copy.unlink(missing_ok=True)


def timed(build, truth: set[tuple[str, str]], megabytes: float, pairs_of) -> dict:
    """One engine's build: its figures, the load around it, and its pairs checked against the truth."""
    load_before = os.getloadavg()[0]
    built = build()
    load_after = os.getloadavg()[0]
    extraction = model_seconds(built["target"], *EXTRACTION_MODELS)
    return {
        "seconds": built["run"].seconds,
        "mb_per_s": megabytes / built["run"].seconds,
        "extraction_seconds": extraction,
        "load_average_1min": {"before": round(load_before, 2), "after": round(load_after, 2)},
        "check": asdict(check(pairs_of(built), truth)),
    }


def render(report: dict) -> str:
    m, duck, spark = report["machine"], report["duckdb"], report["spark"]

    def row(label: str, part: dict) -> str:
        c, load = part["check"], part["load_average_1min"]
        return (
            f"| {label} | {part['seconds']:.1f} | {part['mb_per_s']:.3g} | {part['extraction_seconds']:.1f} "
            f"| {load['before']} / {load['after']} | {c['found']:,} | {c['precision']:.4f} / {c['recall']:.4f} |"
        )

    lines = [
        "# The scale benchmark's cell on Spark beside DuckDB",
        "",
        (
            f"Measured {report['date']} by `{report['command']}` (code: `benchmarks/spark.py`): "
            f"{report['size']:,} generated postings (`benchmarks/data.py`, {report['megabytes']:.1f} MB of "
            f"description text) x {report['skills']:,} skills, {report['true_pairs']:,} true (posting, skill) pairs. "
            "Each engine ran `dbt build` of the models (tests excluded, `--threads 1`, the same --vars) on a fresh "
            "warehouse, one after the other in this one run."
        ),
        (
            f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB; {m['os']}; Python {m['python']}, "
            f"dbt-core {m['dbt-core']}. DuckDB {m['duckdb']} (dbt-duckdb {m['dbt-duckdb']}, memory_limit "
            f"{report['memory_limit']}, 2 threads); Spark: pyspark {m['pyspark']} (dbt-spark {m['dbt-spark']}, "
            f"session mode, `local[2]`, driver memory {report['spark_driver_memory']}), {m['java']}."
        ),
        "",
        "| engine | build s (wall) | MB/s | extraction s | load before / after | pairs found | precision / recall |",
        "|---|---:|---:|---:|---|---:|---|",
        row("DuckDB", duck),
        row("Spark", spark),
        "",
        (
            f"Spark took **{report['ratio']:.2f}x** DuckDB's time (wall clock of the whole `dbt build`, start-up "
            "included; extraction = the anchor and extraction models' own time from dbt's run results). Load = "
            "the 1-minute load average just before and after each build: the machine is shared."
        ),
        "",
    ]
    for label, part in (("DuckDB", duck), ("Spark", spark)):
        c = part["check"]
        if c["false_positives"] or c["false_negatives"]:
            lines.append(
                f"- {label}: found {c['found']:,} of {c['true']:,}; not true: {c['false_positives']}; "
                f"missed: {c['false_negatives']}"
            )
    if not any(p["check"]["false_positives"] or p["check"]["false_negatives"] for p in (duck, spark)):
        lines.append("Both engines found exactly the true pairs.")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--skills", type=int, default=1000)
    parser.add_argument("--memory-limit", default=os.environ.get("DUCKDB_MEMORY_LIMIT", "1.5GB"), help="DuckDB's")
    parser.add_argument("--spark-driver-memory", default=os.environ.get("SPARK_DRIVER_MEMORY", "2g"))
    parser.add_argument("--work-dir", type=Path, default=PROJECT_ROOT / "warehouse" / "benchmark")
    parser.add_argument("--results", type=Path, default=HERE / "SPARK.md")
    parser.add_argument("--json", type=Path, default=HERE / "spark.json")
    args = parser.parse_args(argv)
    if args.size < 1 or args.skills < 1:
        print("benchmarks.spark: --size and --skills must be at least 1", file=sys.stderr)
        return 2
    # Each half names its engine itself; a DBT_TARGET left in the shell would send the DuckDB half to Spark.
    os.environ.pop("DBT_TARGET", None)
    try:
        dbt = spark_dbt()
    except EngineMissing as missing:  # before anything is generated or built
        print(f"benchmarks.spark: {missing}", file=sys.stderr)
        return 2
    work = args.work_dir.resolve()
    work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    csv = work / f"taxonomy_{args.skills}.csv"
    write_taxonomy_csv(taxonomy(args.skills), csv)
    stats = postings_for(work, args.size)
    glob = str(work / f"postings_{args.size}" / "*.parquet")
    truth = truth_for([work / f"truth_{args.size}.parquet"], csv)
    megabytes = stats["description_bytes"] / 1e6
    name = f"spark_cell_{args.size}_{args.skills}"

    def on_duckdb() -> dict:
        return run_warehouse(work, name, glob, csv, args.memory_limit)

    def on_spark() -> dict:
        return run_spark(dbt, work, name, glob, csv, args.spark_driver_memory)

    print(f"[{time.perf_counter() - started:7.1f}s] postings ready; dbt build on DuckDB", flush=True)
    duck = timed(on_duckdb, truth, megabytes, lambda built: warehouse_pairs(built["warehouse"]))
    (work / f"warehouse_{name}.duckdb").unlink(missing_ok=True)
    print(f"[{time.perf_counter() - started:7.1f}s] DuckDB {duck['seconds']:.1f} s; dbt build on Spark", flush=True)
    spark = timed(on_spark, truth, megabytes, lambda built: spark_pairs(built["tables"], work / f"pairs_{name}.duckdb"))
    print(f"[{time.perf_counter() - started:7.1f}s] Spark {spark['seconds']:.1f} s", flush=True)
    report = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "command": "python -m benchmarks.spark " + " ".join(argv if argv is not None else sys.argv[1:]),
        "machine": {**machine(), **spark_versions(dbt)},
        "size": args.size,
        "skills": args.skills,
        "megabytes": megabytes,
        "true_pairs": len(truth),
        "memory_limit": args.memory_limit,
        "spark_driver_memory": args.spark_driver_memory,
        "duckdb": duck,
        "spark": spark,
        "ratio": spark["seconds"] / duck["seconds"],
        "total_seconds": round(time.perf_counter() - started, 1),
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2) + "\n")
    args.results.write_text(render(report))
    print(render(report))
    print(f"[{time.perf_counter() - started:7.1f}s] written {args.results} and {args.json}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
