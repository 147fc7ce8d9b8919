"""What the analysis marts cost at scale (issue: skills that go together, roles side by side, change
over time, pay): one `dbt build` of every model on the scale benchmark's generated postings, and,
from that one run's `run_results.json`, each model's execution time, so the marts' share of the
build is a ratio measured in one run, not against a figure from another day.

    python -m benchmarks.analyses --size 1000000 --skills 1000      # from the project root
    python -m benchmarks.analyses --size 20000 --skills 100 --results /tmp/a.md --json /tmp/a.json

`benchmarks/data.py` draws no date and no pay, and its draws stay as they are (the scale
benchmark's RESULTS.md depends on them). So that `fct_skill_trends` and `fct_skill_salary` are not
measured on empty input, a step here copies the postings with two columns more, each a function of
a hash of the posting_id alone (a posting gets the same values at every size): `posted`, an ISO date
spread evenly over 2023-01-01 .. 2025-12-31, and `salary`, a pay text in forms the parser reads
(int_salaries_parsed): 15% none (null), 70% a yearly Glassdoor estimate ("$53K-$91K (Glassdoor
est.)") and 15% an hourly range ("$25-$28 Per Hour", half of them prefixed "Employer Provided
Salary:"). The build maps them to the fields posted_date and salary (var postings_columns).

dbt runs one model at a time (`--threads 1`, as in `benchmarks/run.py`), so no model's time holds
another's. Results go to --results (Markdown) and --json; nothing is timed in the test suite.
--smaller takes the --json of a run at a smaller size, to show beside this one how each analysis
mart's time grew (two runs, so their seconds are from two different loads of the machine); its
figures are kept in this run's --json under "smaller".
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import sys
import time
from pathlib import Path

import duckdb

from benchmarks.data import taxonomy, write_taxonomy_csv
from benchmarks.run import machine, postings_for, run_warehouse
from job_skills.project import PROJECT_ROOT, quoted

ANALYSIS_MARTS = ("fct_skill_cooccurrence", "fct_role_skill_comparison", "fct_skill_trends", "fct_skill_salary")
HERE = Path(__file__).parent
#: canonical field -> the derived column holding it (var postings_columns)
DERIVED_COLUMNS = {"posted_date": "posted", "salary": "salary"}
#: changed whenever the derivation below changes, so that a cached copy is written again
DERIVATION = 1


def _draw(salt: str, modulus: int) -> str:
    """SQL: a whole number in 0 .. modulus - 1 from the hash of the posting_id and a salt (a
    different salt, an unrelated draw). Salt and modulus are this module's constants, not input."""
    if not salt.isalpha() or modulus < 1:
        raise ValueError("a draw's salt is letters and its modulus at least 1")
    return f"cast(hash(posting_id || '{salt}') % {modulus} as integer)"


#: 2023-01-01 .. 2025-12-31 (1,096 days)
POSTED_SQL = f"strftime(date '2023-01-01' + {_draw('date', 1096)}, '%Y-%m-%d')"
_YEARLY_LOW = f"(40 + {_draw('yearlow', 111)})"  # $40K .. $150K
_YEARLY_HIGH = f"({_YEARLY_LOW} + 10 + {_draw('yearspread', 41)})"  # 10K .. 50K above
_HOURLY_LOW = f"(18 + {_draw('hourlow', 53)})"  # $18 .. $70 an hour
_HOURLY_HIGH = f"({_HOURLY_LOW} + 2 + {_draw('hourspread', 11)})"  # $2 .. $12 above
SALARY_SQL = (
    f"case when {_draw('kind', 100)} < 15 then null"
    f" when {_draw('kind', 100)} < 85 then"
    f" '$' || {_YEARLY_LOW} || 'K-$' || {_YEARLY_HIGH} || 'K (Glassdoor est.)'"
    f" else case when {_draw('employer', 2)} = 0 then 'Employer Provided Salary:' else '' end"
    f" || '$' || {_HOURLY_LOW} || '-$' || {_HOURLY_HIGH} || ' Per Hour' end"
)


def with_dates_and_pay(work: Path, size: int) -> Path:
    """The size's postings (postings_for) copied with the columns `posted` and `salary` (cached
    while the postings and the derivation are unchanged); returns the copy's folder."""
    source = work / f"postings_{size}" / "part-000.parquet"
    folder = work / f"postings_{size}_dated"
    meta = folder / "meta.json"
    key = {"source": json.loads((source.parent / "meta.json").read_text())["key"], "derivation": DERIVATION}
    if meta.exists() and json.loads(meta.read_text()).get("key") == key:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    con = duckdb.connect()
    try:
        con.execute("set preserve_insertion_order = true")
        postings = con.read_parquet(str(source))
        derived = postings.select(
            f"*, {POSTED_SQL} as {quoted(DERIVED_COLUMNS['posted_date'])},"
            f" {SALARY_SQL} as {quoted(DERIVED_COLUMNS['salary'])}"
        )
        derived.write_parquet(str(folder / "part-000.parquet"), compression="zstd")
    finally:
        con.close()
    meta.write_text(json.dumps({"key": key}, indent=2))
    return folder


def model_times(target: Path) -> dict[str, float]:
    """Execution seconds per model of the build (seeds and models; tests are excluded from it)."""
    results = json.loads((target / "run_results.json").read_text())["results"]
    return {r["unique_id"].split(".")[-1]: r["execution_time"] for r in results if r["unique_id"].startswith("model.")}


def mart_facts(warehouse: Path) -> dict:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        rows = {m: con.execute(f"select count(*) from marts.{quoted(m)}").fetchone()[0] for m in ANALYSIS_MARTS}
        skills_per_posting = con.execute(
            "select avg(n), max(n) from (select posting_id, count(*) as n from marts.fct_posting_mentions"
            " where item_type = 'skill' group by posting_id) as per_posting"
        ).fetchone()
        postings, roles, dated, paid = con.execute(
            "select count(*), count(distinct role), count(posted_date), count(salary_midpoint) from marts.dim_postings"
        ).fetchone()
        periods = con.execute("select count(distinct period) from marts.fct_skill_trends").fetchone()[0]
    finally:
        con.close()
    return {
        "rows": rows,
        "postings": postings,
        "roles": roles,
        "dated_postings": dated,
        "paid_postings": paid,
        "trend_periods": periods,
        "mean_skills_per_posting": round(float(skills_per_posting[0] or 0), 2),
        "max_skills_per_posting": int(skills_per_posting[1] or 0),
    }


def growth_table(report: dict, smaller: dict) -> list[str]:
    """Each analysis mart's seconds and rows at the smaller run's size and at this one's."""
    s, b = smaller, report
    factor = b["facts"]["postings"] / s["facts"]["postings"]
    small, big = f"{s['facts']['postings']:,}", f"{b['facts']['postings']:,}"
    lines = [
        (
            f"How it grew, against a run of the same code at {s['facts']['postings']:,} postings x {s['skills']:,}"
            f" skills ({s['date']}, `{s['command']}`, load average {s['load_average_1min']['before']} before,"
            f" {s['load_average_1min']['after']} after; two runs, so two loads of the machine):"
            f" {factor:,.0f}x the postings."
        ),
        "",
        f"| | seconds at {small} | at {big} | grew | rows at {small} | at {big} |",
        "|---|---|---|---|---|---|",
    ]
    for name in (*ANALYSIS_MARTS, "all_models"):
        small_rows = s["facts"]["rows"].get(name)
        big_rows = b["facts"]["rows"].get(name)
        grew = f"{b['times'][name] / s['times'][name]:.1f}x" if s["times"].get(name) else "n/a"
        label = "all models" if name == "all_models" else f"`{name}`"
        rows = f"{small_rows:,} | {big_rows:,}" if small_rows is not None else " | "
        lines.append(f"| {label} | {s['times'][name]:.1f} | {b['times'][name]:.1f} | {grew} | {rows} |")
    lines.append(f"| ratio (all models / all but the analysis marts) | {s['ratio']:.3f} | {b['ratio']:.3f} | | | |")
    return lines


def render(report: dict, smaller: dict | None = None) -> str:
    t, facts = report["times"], report["facts"]
    setting = (
        f"Measured {report['date']} on {report['machine'].get('cores', '?')} cores with `{report['command']}`"
        " (code: `benchmarks/analyses.py`): one `dbt build` of every model (`--threads 1`, tests excluded) on"
        f" {facts['postings']:,} accepted postings ({report['size']:,} generated by `benchmarks/data.py`) x"
        f" {report['skills']:,} skills, {facts['roles']} roles, {facts['mean_skills_per_posting']} skills found"
        f" per posting on average (at most {facts['max_skills_per_posting']}); {facts['dated_postings']:,}"
        f" postings have a date ({facts['trend_periods']} periods of var trend_period) and"
        f" {facts['paid_postings']:,} state a pay (`dim_postings.salary_midpoint` not null), both derived per"
        " posting_id by this script (its docstring), since `benchmarks/data.py` draws neither. Every figure below"
        f" is from that one run (1-minute load average {report['load_average_1min']['before']} before,"
        f" {report['load_average_1min']['after']} after: the machine is shared, so the seconds vary from run to"
        " run; the ratio is of one run)."
    )
    verdict = (
        f"The build with these marts takes **{report['ratio']:.3f}x** the models' time without them"
        f" (all models / all models but these {len(ANALYSIS_MARTS)}, same run); the target is at most 1.5x."
    )
    growth = (
        "How it grows: `fct_skill_cooccurrence` joins each posting's skills with each other, k x (k - 1) rows"
        " for a posting with k skills found, so it grows with postings x the square of the skills per posting,"
        " not with the taxonomy's size; `fct_role_skill_comparison` is one window over `fct_skill_frequency`"
        " (roles x skills rows); `fct_skill_trends` counts each dated posting's skills once per period, so its"
        " work grows with the dated mentions and its rows are at most roles x periods x skills;"
        " `fct_skill_salary` sorts each role's paid postings once and places each skill's paid mentions among"
        " them (its docstring), so it grows with the paid mentions and postings x log(postings), not with"
        " skills x postings; its rows are roles x skills with a paid posting."
    )
    lines = [
        "# What the analysis marts cost",
        "",
        setting,
        "",
        "| | seconds | share of the models' time |",
        "|---|---|---|",
        f"| whole `dbt build` (wall, incl. start-up and hooks) | {report['build_seconds']:.1f} | |",
        f"| all models (sum of execution times) | {t['all_models']:.1f} | 100% |",
    ]
    for mart in ANALYSIS_MARTS:
        share = 100 * t[mart] / t["all_models"]
        lines.append(f"| `{mart}` ({facts['rows'][mart]:,} rows) | {t[mart]:.1f} | {share:.1f}% |")
    together = 100 * t["analyses"] / t["all_models"]
    lines += [f"| the {len(ANALYSIS_MARTS)} together | {t['analyses']:.1f} | {together:.1f}% |", "", verdict, ""]
    lines += [growth, ""]
    if smaller is not None:
        lines += [*growth_table(report, smaller), ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--skills", type=int, default=1000)
    parser.add_argument("--memory-limit", default="8GB")
    parser.add_argument("--work-dir", type=Path, default=PROJECT_ROOT / "warehouse" / "benchmark")
    parser.add_argument("--results", type=Path, default=HERE / "ANALYSES.md")
    parser.add_argument("--json", type=Path, default=HERE / "analyses.json")
    parser.add_argument("--smaller", type=Path, default=None, help="--json of a run at a smaller size, to compare")
    args = parser.parse_args(argv)
    if args.size < 1 or args.skills < 1:
        print("benchmarks.analyses: --size and --skills must be at least 1", file=sys.stderr)
        return 2
    smaller = json.loads(args.smaller.read_text()) if args.smaller else None
    work = args.work_dir.resolve()
    work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    load_before = os.getloadavg()[0]
    csv = work / f"taxonomy_{args.skills}.csv"
    write_taxonomy_csv(taxonomy(args.skills), csv)
    postings_for(work, args.size)
    folder = with_dates_and_pay(work, args.size)
    print(f"[{time.perf_counter() - started:7.1f}s] postings ready (with dates and pay); dbt build", flush=True)
    built = run_warehouse(
        work,
        f"analyses_{args.size}_{args.skills}",
        str(folder / "*.parquet"),
        csv,
        args.memory_limit,
        postings_columns=DERIVED_COLUMNS,
    )
    times = model_times(built["target"])
    analyses = sum(times.get(m, 0.0) for m in ANALYSIS_MARTS)
    total = sum(times.values())
    report = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "command": "python -m benchmarks.analyses " + " ".join(argv if argv is not None else sys.argv[1:]),
        "machine": machine(),
        "size": args.size,
        "skills": args.skills,
        "build_seconds": round(built["run"].seconds, 1),
        "peak_rss_mb": round(built["run"].peak_rss_mb, 1),
        "times": {
            "all_models": round(total, 2),
            "analyses": round(analyses, 2),
            **{m: round(times.get(m, 0.0), 2) for m in ANALYSIS_MARTS},
        },
        "ratio": total / (total - analyses),
        "load_average_1min": {"before": round(load_before, 2), "after": round(os.getloadavg()[0], 2)},
        "facts": mart_facts(built["warehouse"]),
    }
    if smaller is not None:  # kept with this run's figures, so the comparison can be read again
        kept = ("date", "command", "size", "skills", "build_seconds", "times", "ratio", "load_average_1min", "facts")
        report["smaller"] = {key: smaller[key] for key in kept}
    args.json.write_text(json.dumps(report, indent=2) + "\n")
    args.results.write_text(render(report, smaller))
    print(render(report, smaller))
    print(f"[{time.perf_counter() - started:7.1f}s] written {args.results} and {args.json}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
