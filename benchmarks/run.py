"""The scale benchmark: the warehouse's dbt path against hand-written baselines, on generated
postings whose true (posting, skill) pairs are known.

    job-skills benchmark                # 100k and 1M postings x 1,000 and 8,745 skills (issue 17's cells)
    job-skills benchmark --sizes 2000 --taxonomies 100 --results /tmp/r.md --json /tmp/r.json

For each size it generates the postings once (cached in the work directory, `benchmarks/data.py`),
and for each taxonomy it runs, one after the other, and times (wall clock, peak resident memory of
the process that does the work, MB of description text per second):

- the warehouse: `dbt build` of the models on a fresh DuckDB file (ingest, extraction, marts),
  with extraction's own time read from dbt's run results; dbt runs one model at a time
  (`--threads 1`; DuckDB still uses both cores within each), so that no model's time includes
  another's; which word matcher ran (native or SQL) is read from dbt's output;
- baseline B (pyahocorasick) on every posting, and baseline A (pandas `str.contains` per skill) on
  the first --baseline-a-postings postings of the smallest size, for the taxonomies in
  --baseline-a-taxonomies only (one regular expression per skill over every text takes minutes
  per thousand postings: its MB/s, which does not depend on the number of postings, is compared);
- the literal scanners ahocorasick-rs and Hyperscan on every posting, on both cores, with B's
  search and boundary rule (`benchmarks/literal.py`): the best a hand-written script can do. The
  Hyperscan database is compiled once per taxonomy and kept in the work directory; its compile
  time is reported apart from its scan time;

and compares the pairs each one found with the truth (precision, recall, and the differences).
At the largest size it then appends 1% new postings as a second file and times the incremental
`dbt build`, runs the data tests once, and builds once more under a small memory limit to show
that DuckDB spills to its temp directory instead of failing. Results go to --results (Markdown)
and --json; nothing is timed inside the test suite.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import duckdb

from benchmarks.data import taxonomy, write_postings, write_taxonomy_csv
from job_skills.project import PROJECT_ROOT, dbt_environment

BIN = Path(sys.executable).parent
EXAMPLES = 5  # differences listed per method and cell
#: the literal-scanner baselines (benchmarks/literal.py), each named as the module it imports: its package
LITERAL_SCANNERS = {"ahocorasick_rs": "ahocorasick-rs", "hyperscan": "hyperscan"}
LITERAL_LABELS = {"ahocorasick_rs": "ahocorasick-rs", "hyperscan": "Hyperscan"}
#: what the warehouse's dbt output says before the name of the word matcher that ran
WORD_MATCHER = "word matcher: "
#: the cells issue 17's targets are measured on
TARGET_SIZES = (100_000, 1_000_000)
TARGET_TAXONOMIES = (1000, 8745)


@dataclass
class Run:
    seconds: float
    peak_rss_mb: float
    returncode: int
    output: str = ""
    temp_peak_mb: float = 0.0


@dataclass
class Check:
    found: int
    true: int
    precision: float
    recall: float
    false_positives: list[list[str]] = field(default_factory=list)
    false_negatives: list[list[str]] = field(default_factory=list)


def _peak_kib(pid: int) -> int:
    """The process's own peak resident memory so far (VmHWM, kB); 0 once it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def measure(command: list[str], log: Path, env: dict[str, str] | None = None, watch: Path | None = None) -> Run:
    """Run a command (output to `log`): wall time, the peak RSS of that process, and the peak
    size of directory `watch`, both sampled every 0.1 s. The peak RSS is the process's own high
    water mark (VmHWM), not wait4's ru_maxrss: on Linux a child forked from this process starts
    with this process's resident size as its maximum, and this process holds the truth sets."""
    temp_peak = [0]
    rss_peak = [0]
    done = threading.Event()
    child: list[int] = []

    def sample() -> None:
        while not done.is_set():
            if child:
                rss_peak[0] = max(rss_peak[0], _peak_kib(child[0]))
            if watch is not None:
                size = 0
                try:  # DuckDB deletes its temporary files, and the directory, while this walks them
                    for path in watch.rglob("*"):
                        try:
                            size += path.stat().st_size if path.is_file() else 0
                        except OSError:
                            continue
                except OSError:
                    pass
                temp_peak[0] = max(temp_peak[0], size)
            done.wait(0.1)

    watcher = threading.Thread(target=sample, daemon=True)
    watcher.start()
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w") as out:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        child.append(process.pid)
        # wait for the exit without reaping, so the last high water mark can still be read
        os.waitid(os.P_PID, process.pid, os.WEXITED | os.WNOWAIT)
        seconds = time.perf_counter() - started
        rss_peak[0] = max(rss_peak[0], _peak_kib(process.pid))
        _, status, _ = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    done.set()
    watcher.join()
    return Run(seconds, rss_peak[0] / 1024, process.returncode, log.read_text()[-4000:], temp_peak[0] / 1e6)


def check(found: set[tuple[str, str]], truth: set[tuple[str, str]]) -> Check:
    right = len(found & truth)
    return Check(
        found=len(found),
        true=len(truth),
        precision=right / len(found) if found else 1.0,
        recall=right / len(truth) if truth else 1.0,
        false_positives=[list(p) for p in sorted(found - truth)[:EXAMPLES]],
        false_negatives=[list(p) for p in sorted(truth - found)[:EXAMPLES]],
    )


def pairs(sql: str, path: Path | None = None) -> set[tuple[str, str]]:
    con = duckdb.connect(str(path) if path else ":memory:", read_only=path is not None)
    try:
        return {(str(a), str(b)) for a, b in con.execute(sql).fetchall()}
    finally:
        con.close()


def dbt(args: list[str], warehouse: Path, target: Path, memory_limit: str, temp_dir: Path) -> Run:
    env = dbt_environment(warehouse)
    env["DUCKDB_MEMORY_LIMIT"] = memory_limit
    env["DUCKDB_TEMP_DIRECTORY"] = str(temp_dir)
    env["DBT_TARGET_PATH"] = str(target)
    env["DBT_LOG_PATH"] = str(target / "logs")
    return measure([str(BIN / "dbt"), *args], target / "dbt.log", env=env, watch=temp_dir)


def model_seconds(target: Path, *names: str) -> float:
    results = json.loads((target / "run_results.json").read_text())["results"]
    return sum(r["execution_time"] for r in results if r["unique_id"].split(".")[-1] in names)


def dbt_vars(postings_glob: str, taxonomy_csv: Path, postings_columns: dict[str, str] | None = None) -> str:
    chosen = {"postings_path": postings_glob, "taxonomy_path": str(taxonomy_csv)}
    if postings_columns:
        chosen["postings_columns"] = postings_columns
    return json.dumps(chosen)


def generator_digest() -> str:
    import hashlib

    return hashlib.sha256((Path(__file__).parent / "data.py").read_bytes()).hexdigest()[:16]


def postings_for(work: Path, size: int) -> dict:
    """The size's postings (cached while the generator is unchanged) and their statistics."""
    folder = work / f"postings_{size}"
    meta = folder / "meta.json"
    key = {"count": size, "generator": generator_digest()}
    if meta.exists() and json.loads(meta.read_text()).get("key") == key:
        return json.loads(meta.read_text())["stats"]
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    started = time.perf_counter()
    stats = write_postings(folder / "part-000.parquet", work / f"truth_{size}.parquet", size)
    stats["generate_seconds"] = round(time.perf_counter() - started, 1)
    lengths = (
        duckdb.connect()
        .execute(
            f"select quantile_cont(strlen(description), [0.5, 0.99]), max(strlen(description)) "
            f"from read_parquet('{folder / 'part-000.parquet'}')"
        )
        .fetchone()
    )
    stats.update({"median_chars": lengths[0][0], "p99_chars": lengths[0][1], "max_chars": lengths[1]})
    meta.write_text(json.dumps({"key": key, "stats": stats}, indent=2))
    return stats


def truth_for(truth_files: list[Path], taxonomy_csv: Path, postings: Path | None = None) -> set[tuple[str, str]]:
    files = ", ".join(f"'{f}'" for f in truth_files)
    restrict = f" and posting_id in (select posting_id from read_parquet('{postings}'))" if postings else ""
    return pairs(
        f"select posting_id, skill_name from read_parquet([{files}]) where skill_name in "
        f"(select skill_name from read_csv('{taxonomy_csv}', header = true, all_varchar = true)){restrict}"
    )


def warehouse_pairs(warehouse: Path) -> set[tuple[str, str]]:
    return pairs(
        "select mentions.posting_id, skills.skill_name from intermediate.int_item_mentions_extracted as mentions "
        "inner join intermediate.int_skills_selected as skills"
        " on mentions.item_type = 'skill' and mentions.item_id = skills.skill_id",
        warehouse,
    )


def run_warehouse(
    work: Path,
    name: str,
    glob: str,
    taxonomy_csv: Path,
    memory_limit: str,
    fresh: bool = True,
    postings_columns: dict[str, str] | None = None,
) -> dict:
    warehouse = work / f"warehouse_{name}.duckdb"
    target = work / f"target_{name}"
    temp = work / f"tmp_{name}"
    if fresh:
        for path in (warehouse, Path(str(warehouse) + ".wal"), target, temp):
            shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)
    run = dbt(
        [
            "build",
            "--threads",
            "1",
            "--exclude-resource-type",
            "test",
            "unit_test",
            "--vars",
            dbt_vars(glob, taxonomy_csv, postings_columns),
        ],
        warehouse,
        target,
        memory_limit,
        temp,
    )
    if run.returncode != 0:
        raise SystemExit(f"dbt build failed for {name}:\n{run.output}")
    extraction = model_seconds(
        target, "int_item_aliases_anchored", "int_anchor_filters_built", "int_item_mentions_extracted"
    )
    return {
        "run": run,
        "extraction_seconds": extraction,
        "word_matcher": word_matcher(target / "dbt.log"),
        "warehouse": warehouse,
        "target": target,
        "temp": temp,
    }


def word_matcher(log: Path) -> str:
    """Which word matcher the build ran, and why, as its dbt output says ("unknown" if it does not):
    each distinct statement, in order."""
    said: list[str] = []
    for line in log.read_text(errors="replace").splitlines():
        if WORD_MATCHER in line:
            statement = line.split(WORD_MATCHER, 1)[1].strip()
            if statement not in said:
                said.append(statement)
    return "; ".join(said) or "unknown"


def run_baseline(work: Path, kind: str, name: str, glob: str, taxonomy_csv: Path, limit: int | None) -> dict:
    """Baseline `kind` (a, b, or a literal scanner) in its own process: what it found and its figures."""
    output = work / f"found_{kind}_{name}.parquet"
    if kind in LITERAL_SCANNERS:
        command = [sys.executable, "-m", "benchmarks.literal", kind, "--cache-dir", str(work / "hyperscan_cache")]
    else:
        command = [sys.executable, "-m", "benchmarks.baselines", kind] + (["--limit", str(limit)] if limit else [])
    command += ["--postings", glob, "--taxonomy", str(taxonomy_csv), "--output", str(output)]
    run = measure(command, work / "logs" / f"baseline_{kind}_{name}.log")
    if run.returncode != 0:
        raise SystemExit(f"baseline {kind} failed for {name}:\n{run.output}")
    reported = json.loads(run.output.strip().splitlines()[-1])
    text_bytes = (
        duckdb.connect()
        .execute(f"select sum(strlen(description)) from read_parquet('{reported['input']}')")
        .fetchone()[0]
    )
    return {
        "run": run,
        "scan_seconds": reported["seconds"],
        "found": pairs(f"select posting_id, skill_name from read_parquet('{output}')"),
        "input": reported["input"] if limit else None,
        "text_bytes": int(text_bytes),
        "database": reported.get("database") or {},
    }


def baseline_cell(run: dict, truth: set[tuple[str, str]]) -> dict:
    return {
        "seconds": run["run"].seconds,
        "scan_seconds": run["scan_seconds"],
        "mb_per_s": run["text_bytes"] / 1e6 / run["scan_seconds"],
        "peak_rss_mb": run["run"].peak_rss_mb,
        "check": asdict(check(run["found"], truth)),
    }


def literal_scanners() -> list[str]:
    """The literal scanners whose library is installed (Hyperscan has wheels for x86-64 only, for one)."""
    from importlib.util import find_spec

    return [kind for kind in LITERAL_SCANNERS if find_spec(kind) is not None]


def machine() -> dict:
    from importlib.metadata import version
    from importlib.util import find_spec

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor(),
    )
    memory = next(line for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal"))
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(int(memory.split()[1]) / 1024 / 1024, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "duckdb": version("duckdb"),
        "dbt-core": version("dbt-core"),
        "dbt-duckdb": version("dbt-duckdb"),
        "pyahocorasick": version("pyahocorasick"),
        "pandas": version("pandas"),
        **{
            package: version(package) if find_spec(kind) else "not installed"
            for kind, package in LITERAL_SCANNERS.items()
        },
    }


def positive_integers(name: str, text: str) -> list[int]:
    """A comma-separated list of positive whole numbers; ValueError naming the option otherwise."""
    items = text.split(",")
    if not all(item.strip().isdecimal() and int(item) > 0 for item in items):
        raise ValueError(f"{name} must be positive whole numbers separated by commas (e.g. 10000,100000), got {text!r}")
    return [int(item) for item in items]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--sizes", default=",".join(str(size) for size in TARGET_SIZES))
    parser.add_argument("--taxonomies", default=",".join(str(n) for n in TARGET_TAXONOMIES))
    parser.add_argument("--baseline-a-postings", type=int, default=2000)
    parser.add_argument("--baseline-a-taxonomies", default="100,1000")
    parser.add_argument("--memory-limit", default=os.environ.get("DUCKDB_MEMORY_LIMIT", "1.5GB"))
    parser.add_argument("--spill-memory-limit", default="1GB", help="the extra build that must spill")
    parser.add_argument("--work-dir", type=Path, default=PROJECT_ROOT / "benchmarks" / "work")
    parser.add_argument("--results", type=Path, default=PROJECT_ROOT / "benchmarks" / "RESULTS.md")
    parser.add_argument("--json", type=Path, default=PROJECT_ROOT / "benchmarks" / "results.json")


def run(args: argparse.Namespace) -> int:
    try:
        sizes = positive_integers("--sizes (make: SIZES)", args.sizes)
        taxonomies = positive_integers("--taxonomies (make: TAXONOMIES)", args.taxonomies)
    except ValueError as error:
        print(f"benchmark: {error}", file=sys.stderr)
        return 2
    a_taxonomies = {int(x) for x in args.baseline_a_taxonomies.split(",") if x}
    scanners = literal_scanners()
    work = args.work_dir.resolve()
    work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    report: dict = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "command": "job-skills " + " ".join(args.command_line),
        "machine": machine(),
        "memory_limit": args.memory_limit,
        "data": {},
        "cells": [],
    }
    csvs = {}
    for n in taxonomies:
        csvs[n] = work / f"taxonomy_{n}.csv"
        write_taxonomy_csv(taxonomy(n), csvs[n])
    for size in sizes:
        stats = postings_for(work, size)
        report["data"][size] = stats
        glob = str(work / f"postings_{size}" / "*.parquet")
        truth_file = work / f"truth_{size}.parquet"
        megabytes = stats["description_bytes"] / 1e6
        for n in taxonomies:
            name = f"{size}_{n}"
            print(f"[{time.perf_counter() - started:7.1f}s] {size:,} postings x {n:,} skills", flush=True)
            truth = truth_for([truth_file], csvs[n])
            cell: dict = {"postings": size, "skills": n, "megabytes": megabytes, "true_pairs": len(truth)}
            built = run_warehouse(work, name, glob, csvs[n], args.memory_limit)
            run = built["run"]
            cell["warehouse"] = {
                "word_matcher": built["word_matcher"],
                "seconds": run.seconds,
                "mb_per_s": megabytes / run.seconds,
                "extraction_seconds": built["extraction_seconds"],
                "extraction_mb_per_s": megabytes / built["extraction_seconds"],
                "peak_rss_mb": run.peak_rss_mb,
                "temp_peak_mb": run.temp_peak_mb,
                "check": asdict(check(warehouse_pairs(built["warehouse"]), truth)),
            }
            cell["baseline_b"] = baseline_cell(run_baseline(work, "b", name, glob, csvs[n], None), truth)
            for kind in scanners:
                scanned = run_baseline(work, kind, name, glob, csvs[n], None)
                cell[kind] = {**baseline_cell(scanned, truth), **scanned["database"]}
            if n in a_taxonomies and size == sizes[0]:
                limit = min(args.baseline_a_postings, size)
                a = run_baseline(work, "a", name, glob, csvs[n], limit)
                cell["baseline_a"] = {
                    "postings": limit,
                    "seconds": a["run"].seconds,
                    "scan_seconds": a["scan_seconds"],
                    "mb_per_s": a["text_bytes"] / 1e6 / a["scan_seconds"],
                    "peak_rss_mb": a["run"].peak_rss_mb,
                    "check": asdict(check(a["found"], truth_for([truth_file], csvs[n], Path(a["input"])))),
                }
            report["cells"].append(cell)
            if (size, n) == (sizes[-1], taxonomies[-1]):
                report["incremental"], report["data_tests"] = incremental(
                    work, name, size, glob, csvs[n], truth_file, built, args
                )
                report["incremental"].update(postings=size, skills=n)
            else:
                built["warehouse"].unlink(missing_ok=True)
        print(f"[{time.perf_counter() - started:7.1f}s] {size:,} postings done", flush=True)
    size, n = sizes[-1], taxonomies[-1]
    print(f"[{time.perf_counter() - started:7.1f}s] spill run at {args.spill_memory_limit}", flush=True)
    spilled = run_warehouse(
        work, f"{size}_{n}_spill", str(work / f"postings_{size}" / "*.parquet"), csvs[n], args.spill_memory_limit
    )
    report["spill"] = {
        "memory_limit": args.spill_memory_limit,
        "word_matcher": spilled["word_matcher"],
        "seconds": spilled["run"].seconds,
        "peak_rss_mb": spilled["run"].peak_rss_mb,
        "temp_peak_mb": spilled["run"].temp_peak_mb,
        "check": asdict(
            check(warehouse_pairs(spilled["warehouse"]), truth_for([work / f"truth_{size}.parquet"], csvs[n]))
        ),
    }
    spilled["warehouse"].unlink(missing_ok=True)
    report["total_seconds"] = time.perf_counter() - started
    report["targets"] = targets(report)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2, default=str) + "\n")
    args.results.write_text(render(report))
    print(args.results.read_text())
    return 0


def incremental(
    work: Path, name: str, size: int, glob: str, taxonomy_csv: Path, truth_file: Path, built: dict, args
) -> tuple[dict, dict]:
    """Append 1% new postings as a second file and rebuild the same warehouse; then run the data
    tests on it, the second file still in place."""
    extra = max(1, size // 100)
    appended = work / f"postings_{size}" / "part-001.parquet"
    appended_truth = work / f"truth_{size}_appended.parquet"
    try:
        write_postings(appended, appended_truth, extra, start=size)
        again = run_warehouse(work, name, glob, taxonomy_csv, args.memory_limit, fresh=False)
        truth = truth_for([truth_file, appended_truth], taxonomy_csv)
        result = {
            "appended_postings": extra,
            "word_matcher": again["word_matcher"],
            "seconds": again["run"].seconds,
            "extraction_seconds": again["extraction_seconds"],
            "peak_rss_mb": again["run"].peak_rss_mb,
            "full_build_seconds": built["run"].seconds,
            "ratio": again["run"].seconds / built["run"].seconds,
            "check": asdict(check(warehouse_pairs(again["warehouse"]), truth)),
        }
        return result, data_tests(built, glob, taxonomy_csv, args.memory_limit)
    finally:
        appended.unlink(missing_ok=True)


def data_tests(built: dict, glob: str, taxonomy_csv: Path, memory_limit: str) -> dict:
    """The data tests (dbt test) once, on the largest warehouse, after the incremental build."""
    run = dbt(
        ["test", "--vars", dbt_vars(glob, taxonomy_csv)],
        built["warehouse"],
        built["target"],
        memory_limit,
        built["temp"],
    )
    results = json.loads((built["target"] / "run_results.json").read_text())["results"]
    statuses: dict[str, int] = {}
    for result in results:
        statuses[result["status"]] = statuses.get(result["status"], 0) + 1
    warned = sorted(result["unique_id"] for result in results if result["status"] == "warn")
    return {
        "seconds": run.seconds,
        "peak_rss_mb": run.peak_rss_mb,
        "statuses": statuses,
        "warned": warned,
        "returncode": run.returncode,
    }


def exact(part: dict) -> bool:
    return part["check"]["precision"] == 1.0 and part["check"]["recall"] == 1.0


def exactness(part: dict) -> str:
    return "pairs exact" if exact(part) else "pairs not exact"


def not_run(target: str) -> dict:
    """A target whose cells this run did not measure: neither met nor missed."""
    return {"target": target, "measured": "not run", "met": None}


def scaling(cells: dict, target: str, where: str, small: tuple, large: tuple, limit: float) -> list[dict]:
    """How much more the larger cell's build and extraction took than the smaller's, against `limit`."""
    found = []
    for label, key in (("end to end", "seconds"), ("extraction", "extraction_seconds")):
        named = f"{target} ({label}; {where})"
        if small not in cells or large not in cells:
            found.append(not_run(named))
            continue
        before, after = cells[small]["warehouse"][key], cells[large]["warehouse"][key]
        found.append(
            {
                "target": named,
                "measured": f"{before:.1f} s -> {after:.1f} s ({after / before:.2f}x)",
                "met": after / before <= limit,
            }
        )
    return found


def targets(report: dict) -> list[dict]:
    """Issue 17's targets, each judged on this one run's cells: met, not met, or not run (met None)."""
    cells = {(c["postings"], c["skills"]): c for c in report["cells"]}
    found: list[dict] = []
    for size in TARGET_SIZES:
        for n in TARGET_TAXONOMIES:
            where = f"{n:,} skills, {size:,} postings"
            cell = cells.get((size, n))
            target = f"extraction throughput >= 3x baseline B, exact pairs ({where})"
            if cell is None:
                found += [not_run(target), not_run(f"extraction throughput >= the best literal scanner ({where})")]
                continue
            ours, b = cell["warehouse"]["extraction_mb_per_s"], cell["baseline_b"]["mb_per_s"]
            found.append(
                {
                    "target": target,
                    "measured": f"{ours:.1f} vs {b:.1f} MB/s ({ours / b:.2f}x); {exactness(cell['warehouse'])}",
                    "met": ours >= 3 * b and exact(cell["warehouse"]),
                }
            )
            target = f"extraction throughput >= the best literal scanner ({where})"
            scanned = {kind: cell[kind]["mb_per_s"] for kind in LITERAL_SCANNERS if kind in cell}
            if not scanned:
                found.append(not_run(target))
                continue
            best = max(scanned, key=scanned.get)
            found.append(
                {
                    "target": target,
                    "measured": f"{ours:.1f} vs {LITERAL_LABELS[best]} {scanned[best]:.1f} MB/s "
                    f"({ours / scanned[best]:.2f}x)",
                    "met": ours >= scanned[best],
                }
            )
    size, n = TARGET_SIZES[-1], TARGET_TAXONOMIES[-1]
    target = f"{size:,} postings x {n:,} skills end to end < 120 s, peak RSS < 2 GB, exact pairs"
    top = cells.get((size, n))
    if top is None:
        found.append(not_run(target))
    else:
        w = top["warehouse"]
        found.append(
            {
                "target": target,
                "measured": f"{w['seconds']:.1f} s, {w['peak_rss_mb']:,.0f} MB peak RSS, {exactness(w)}",
                "met": w["seconds"] < 120 and w["peak_rss_mb"] < 2048 and exact(w),
            }
        )
    inc = report.get("incremental")
    target = "appending 1% of postings rebuilds in < 5% of a full build's time, exact pairs"
    if inc is None:
        found.append(not_run(target))
    else:
        found.append(
            {
                "target": f"{target} ({inc['postings']:,} postings x {inc['skills']:,} skills)",
                "measured": f"{inc['seconds']:.1f} s vs {inc['full_build_seconds']:.1f} s ({100 * inc['ratio']:.1f}%); "
                f"{exactness(inc)}",
                "met": inc["ratio"] < 0.05 and exact(inc),
            }
        )
    low, high = TARGET_TAXONOMIES
    for size in TARGET_SIZES:
        where = f"{low:,} -> {high:,} skills, {size:,} postings"
        found += scaling(cells, f"taxonomy x{high / low:.1f} costs <= 1.3x", where, (size, low), (size, high), 1.3)
    low, high = TARGET_SIZES
    for n in TARGET_TAXONOMIES:
        where = f"{low:,} -> {high:,} postings, {n:,} skills"
        found += scaling(cells, f"postings x{high / low:.0f} costs <= 10.5x", where, (low, n), (high, n), 10.5)
    return found


def _pr(part: dict) -> str:
    return f"{part['check']['precision']:.4f} / {part['check']['recall']:.4f}"


def render(report: dict) -> str:
    m = report["machine"]
    lines = [
        "# Scale benchmark results",
        "",
        f"Measured {report['date']} by `{report['command']}` (`make benchmark` runs it with the defaults).",
        (
            f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB; {m['os']}; Python {m['python']}, "
            f"DuckDB {m['duckdb']}, dbt-core {m['dbt-core']}, dbt-duckdb {m['dbt-duckdb']}, pyahocorasick "
            f"{m['pyahocorasick']}, pandas {m['pandas']}, ahocorasick-rs {m['ahocorasick-rs']}, hyperscan "
            f"{m['hyperscan']}. DuckDB memory_limit {report['memory_limit']}, 2 threads "
            "(profile). One run; the whole benchmark took "
            f"{report['total_seconds'] / 60:.1f} min."
        ),
        "",
        "## Data (benchmarks/data.py)",
        "",
        "| postings | MB of text | median chars | p99 chars | longest | true pairs (8,745 skills) | generated in |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size, d in report["data"].items():
        lines.append(
            f"| {int(size):,} | {d['description_bytes'] / 1e6:,.0f} | {d['median_chars']:,.0f} | {d['p99_chars']:,.0f} "
            f"| {d['max_chars']:,} | {d['true_pairs']:,} | {d.get('generate_seconds', '-')} s |"
        )
    lines += [
        "",
        "## Throughput, time and memory",
        "",
        "Warehouse: `dbt build` of every model (ingest from Parquet, classification, extraction, marts) on a",
        "fresh DuckDB file; extraction = the anchors and extraction models' own time (dbt run results).",
        "Baselines: scan time inside the process (reading the Parquet included); baseline A on the first",
        "postings only (column A n). MB/s = MB of description text / seconds. Peak = the process's own",
        "peak RSS (VmHWM). Spill = the temp directory's peak size.",
        "",
        (
            "| postings | skills | warehouse s | MB/s | extraction s | extraction MB/s | peak MB | spill MB "
            "| B s | B MB/s | B peak MB | A n | A MB/s | P / R warehouse | P / R B | P / R A | word matcher |"
        ),
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|---|",
    ]
    for c in report["cells"]:
        w, b, a = c["warehouse"], c["baseline_b"], c.get("baseline_a")
        a_cells = f"{a['postings']:,} | {a['mb_per_s']:.3f}" if a else "- | -"
        lines.append(
            f"| {c['postings']:,} | {c['skills']:,} | {w['seconds']:.1f} | {w['mb_per_s']:.1f} "
            f"| {w['extraction_seconds']:.1f} | {w['extraction_mb_per_s']:.1f} | {w['peak_rss_mb']:,.0f} "
            f"| {w['temp_peak_mb']:,.0f} | {b['scan_seconds']:.1f} | {b['mb_per_s']:.1f} | {b['peak_rss_mb']:,.0f} "
            f"| {a_cells} | {_pr(w)} | {_pr(b)} | {_pr(a) if a else '-'} | {w['word_matcher']} |"
        )
    lines += [
        "",
        "## Literal scanners",
        "",
        "The best a hand-written script can do (benchmarks/literal.py): ahocorasick-rs and Hyperscan, on 2",
        "threads, searching what baseline B searches with B's boundary rule (in each Hyperscan pattern), so",
        "exactly as right as B. Scan time inside the process, reading the Parquet and building the",
        "ahocorasick-rs automaton included; the Hyperscan database's compile time is not included: it is",
        "compiled once per taxonomy and kept in the work directory (HS compile s, measured when it was",
        'compiled; "cached" when this run loaded it).',
        "",
        (
            "| postings | skills | extraction MB/s | B MB/s | ahocorasick-rs s | MB/s | peak MB | P / R "
            "| Hyperscan s | MB/s | peak MB | HS compile s | P / R |"
        ),
        "|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---|",
    ]
    for c in report["cells"]:
        row = f"| {c['postings']:,} | {c['skills']:,} | {c['warehouse']['extraction_mb_per_s']:.1f} "
        row += f"| {c['baseline_b']['mb_per_s']:.1f} "
        for kind in LITERAL_SCANNERS:
            part = c.get(kind)
            if part is None:
                row += "| not run | - | - | - " + ("| - " if kind == "hyperscan" else "")
                continue
            row += f"| {part['scan_seconds']:.1f} | {part['mb_per_s']:.1f} | {part['peak_rss_mb']:,.0f} "
            if kind == "hyperscan":
                row += f"| {part['compile_seconds']:.1f}{' (cached)' if part['from_cache'] else ''} "
            row += f"| {_pr(part)} "
        lines.append(row + "|")
    inc, tests, spill = report.get("incremental"), report.get("data_tests"), report.get("spill")
    lines += ["", "## Incremental build, data tests, spilling", ""]
    if inc:
        lines.append(
            f"- Appending {inc['appended_postings']:,} postings (1%) as a second file and running `dbt build` "
            "again took "
            f"{inc['seconds']:.1f} s ({100 * inc['ratio']:.1f}% of the {inc['full_build_seconds']:.1f} s full build; "
            f"extraction {inc['extraction_seconds']:.1f} s); precision {inc['check']['precision']:.4f}, recall "
            f"{inc['check']['recall']:.4f} on all {inc['check']['true']:,} true pairs."
        )
    if tests:
        lines.append(
            f"- `dbt test` (every data test) on that warehouse: {tests['seconds']:.1f} s, "
            f"{tests['peak_rss_mb']:,.0f} MB peak, "
            f"results {tests['statuses']}."
        )
    if spill:
        lines.append(
            f"- The same full build under memory_limit {spill['memory_limit']}: {spill['seconds']:.1f} s, "
            f"{spill['peak_rss_mb']:,.0f} MB peak RSS, {spill['temp_peak_mb']:,.0f} MB in the temp directory "
            "at its peak; "
            f"precision {spill['check']['precision']:.4f}, recall {spill['check']['recall']:.4f}."
        )
    lines += [
        "",
        "## Targets (issue 17; ratios from this one run)",
        "",
        "| target | measured | met |",
        "|---|---|---|",
    ]
    for t in report["targets"]:
        met = "not run" if t["met"] is None else "yes" if t["met"] else "**no**"
        lines.append(f"| {t['target']} | {t['measured']} | {met} |")
    lines += ["", "## Differences from the truth (up to 5 of each per cell)", ""]
    listed = False
    for c in report["cells"]:
        labels = [("warehouse", "warehouse"), ("baseline_b", "baseline B"), ("baseline_a", "baseline A")]
        for key, label in labels + list(LITERAL_LABELS.items()):
            part = c.get(key)
            if part and (part["check"]["false_positives"] or part["check"]["false_negatives"]):
                listed = True
                lines.append(
                    f"- {c['postings']:,} x {c['skills']:,}, {label}: found {part['check']['found']:,} of "
                    f"{part['check']['true']:,}; not true: {part['check']['false_positives']}; "
                    f"missed: {part['check']['false_negatives']}"
                )
    if not listed:
        lines.append("None: every method found exactly the true pairs in every cell.")
    return "\n".join(lines) + "\n"
