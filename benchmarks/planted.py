"""Known answers for the analysis marts: generated postings with a planted trend, a planted pair
and a planted difference between roles, built by the warehouse, and the marts compared with what
was planted (the truth is computed here from the generator's own draws, not from the warehouse).

    python -m benchmarks.planted                       # 100,000 postings (from the project root)
    python -m benchmarks.planted --postings 5000 --results /tmp/p.md --json /tmp/p.json

What is planted (each posting draws its skills independently, except where said):
- trend: Data Scientist postings ask for Python with probability 0.30 in 2023, 0.45 in 2024 and
  0.60 in 2025; every other skill's probability is the same every year;
- pair: Scala comes with Spark (probability 0.90 when the posting asks for Spark, 0.05 otherwise),
  so their lift is far above 1, while SQL and Excel are drawn independently (lift 1);
- roles: Data Engineer postings ask for Airflow with probability 0.50, Data Scientist ones 0.10;
  both ask for SQL with probability 0.40 (no difference).
Checked: each planted share lies in the mart's 95% interval, the planted differences are flagged
distinctive and the null ones are not, and the pair's lift matches the one counted from the draws.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import sys
import time
from pathlib import Path

import duckdb
import numpy as np

from benchmarks.run import machine, measure
from job_skills.project import PROJECT_ROOT, dbt_environment

HERE = Path(__file__).parent
BIN = Path(sys.executable).parent
YEARS = (2023, 2024, 2025)
PYTHON_BY_YEAR = {2023: 0.30, 2024: 0.45, 2025: 0.60}
BASE = {"SQL": 0.40, "Excel": 0.30, "Spark": 0.25, "Tableau": 0.20, "Docker": 0.15}
AIRFLOW = {"Data Scientist": 0.10, "Data Engineer": 0.50}
SCALA_WITH_SPARK, SCALA_WITHOUT = 0.90, 0.05
TAXONOMY = ["Python", "SQL", "Excel", "Spark", "Scala", "Tableau", "Docker", "Airflow"]


def generate(n: int, seed: int, postings_csv: Path, taxonomy_csv: Path) -> list[dict]:
    """Write the postings and the taxonomy; return each posting's role, year and skills (the truth)."""
    rng = np.random.default_rng(seed)
    truth = []
    start = dt.date(YEARS[0], 1, 1).toordinal()
    days = dt.date(YEARS[-1], 12, 31).toordinal() - start + 1
    with postings_csv.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "title", "description", "posted"])
        for i in range(n):
            role = "Data Scientist" if rng.random() < 0.6 else "Data Engineer"
            date = dt.date.fromordinal(start + int(rng.integers(days)))
            skills = {s for s, p in BASE.items() if rng.random() < p}
            python = PYTHON_BY_YEAR[date.year] if role == "Data Scientist" else 0.5
            if rng.random() < python:
                skills.add("Python")
            if rng.random() < (SCALA_WITH_SPARK if "Spark" in skills else SCALA_WITHOUT):
                skills.add("Scala")
            if rng.random() < AIRFLOW[role]:
                skills.add("Airflow")
            ordered = sorted(skills)
            text = ("You will work with " + ", ".join(ordered) + ".") if ordered else "A role on a friendly team."
            writer.writerow([f"g{i}", role, text + f" Posting number {i}.", date.isoformat()])
            truth.append({"role": role, "year": date.year, "skills": skills})
    with taxonomy_csv.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["skill_name", "category", "aliases"])
        writer.writerows([(s, "Planted", "") for s in TAXONOMY])
    return truth


def build(work: Path, postings_csv: Path, taxonomy_csv: Path) -> float:
    warehouse = work / "planted.duckdb"
    warehouse.unlink(missing_ok=True)
    env = dbt_environment(warehouse)
    env["DUCKDB_TEMP_DIRECTORY"] = str(work / "spill")
    dbt_vars = {
        "postings_path": str(postings_csv),
        "postings_columns": {
            "posting_id": "id",
            "title": "title",
            "description": "description",
            "posted_date": "posted",
        },
        "taxonomy_path": str(taxonomy_csv),
        "trend_period": "year",
    }
    args = [
        "build",
        "--vars",
        json.dumps(dbt_vars),
        "--target-path",
        str(work / "target"),
        "--log-path",
        str(work / "logs"),
    ]
    run = measure([str(BIN / "dbt"), *args], work / "dbt.log", env=env)
    if run.returncode != 0:
        raise SystemExit(f"dbt build failed (data tests included):\n{run.output}")
    return run.seconds


def check(work: Path, truth: list[dict]) -> dict:
    con = duckdb.connect(str(work / "planted.duckdb"), read_only=True)
    q = lambda sql, *params: con.execute(sql, list(params)).fetchall()  # noqa: E731
    try:
        trend = []
        for year in YEARS:
            ((share, lower, upper, frequency, total),) = q(
                "select share_of_postings, wilson_lower, wilson_upper, frequency, total_postings"
                " from marts.fct_skill_trends where role = 'Data Scientist' and skill_name = 'Python' and period = ?",
                str(year),
            )
            counted = sum(
                1 for t in truth if t["role"] == "Data Scientist" and t["year"] == year and "Python" in t["skills"]
            )
            trend.append(
                {
                    "year": year,
                    "planted": PYTHON_BY_YEAR[year],
                    "share": share,
                    "lower": lower,
                    "upper": upper,
                    "frequency": frequency,
                    "counted_from_draws": counted,
                    "total": total,
                    "covered": lower <= PYTHON_BY_YEAR[year] <= upper,
                }
            )
        ((change, change_lower, change_upper, distinctive),) = q(
            "select change_from_first, change_lower, change_upper, is_change_distinctive from marts.fct_skill_trends"
            " where role = 'Data Scientist' and skill_name = 'Python' and is_last_period"
        )
        flat = q(
            "select skill_name, bool_or(is_change_distinctive) from marts.fct_skill_trends"
            " where role = 'Data Scientist' and skill_name in ('SQL', 'Excel', 'Tableau', 'Docker')"
            " group by skill_name order by skill_name"
        )

        def lift_from_draws(a: str, b: str) -> float:
            rows = [t for t in truth if t["role"] == "Data Scientist"]
            both = sum(1 for t in rows if a in t["skills"] and b in t["skills"])
            fa = sum(1 for t in rows if a in t["skills"])
            fb = sum(1 for t in rows if b in t["skills"])
            return both * len(rows) / (fa * fb)

        pairs = {}
        for a, b in [("Spark", "Scala"), ("SQL", "Excel")]:
            ((lift, conditional, lower, upper),) = q(
                "select lift, conditional_share, conditional_lower, conditional_upper from marts.fct_skill_cooccurrence"
                " where role = 'Data Scientist' and skill_name = ? and co_skill_name = ?",
                a,
                b,
            )
            pairs[f"{a}+{b}"] = {
                "lift": lift,
                "lift_from_draws": lift_from_draws(a, b),
                "conditional": conditional,
                "conditional_lower": lower,
                "conditional_upper": upper,
            }
        roles = {}
        for skill in ("Airflow", "SQL"):
            ((d, lower, upper, flag),) = q(
                "select share_difference, difference_lower, difference_upper, is_distinctive"
                " from marts.fct_role_skill_comparison where role = 'Data Engineer' and skill_name = ?",
                skill,
            )
            planted = AIRFLOW["Data Engineer"] - AIRFLOW["Data Scientist"] if skill == "Airflow" else 0.0
            roles[skill] = {
                "planted": planted,
                "difference": d,
                "lower": lower,
                "upper": upper,
                "distinctive": flag,
                "covered": lower <= planted <= upper,
            }
    finally:
        con.close()
    return {
        "trend": trend,
        "python_change": {
            "planted": PYTHON_BY_YEAR[2025] - PYTHON_BY_YEAR[2023],
            "change": change,
            "lower": change_lower,
            "upper": change_upper,
            "distinctive": distinctive,
        },
        "flat_skills_flagged": {name: flag for name, flag in flat},
        "pairs": pairs,
        "roles": roles,
    }


def render(report: dict) -> str:
    r = report["results"]
    lines = [
        "# Known answers for the analysis marts",
        "",
        (
            f"Measured {report['date']} with `{report['command']}` (code: `benchmarks/planted.py`):"
            f" {report['postings']:,} generated postings (seed {report['seed']}), one `dbt build` with every data"
            f" test ({report['build_seconds']:.0f} s on the shared 2-core machine). What was planted is in the"
            " module's docstring; the truth is counted from the generator's draws, apart from the warehouse."
        ),
        "",
        "**Change over time** (Data Scientist, Python, per year):",
        "",
        "| year | planted | share in the mart | 95% interval | counted from the draws / postings | planted inside |",
        "|---|---|---|---|---|---|",
    ]
    for t in r["trend"]:
        lines.append(
            f"| {t['year']} | {t['planted']:.2f} | {t['share']:.4f} | {t['lower']:.4f} – {t['upper']:.4f} |"
            f" {t['counted_from_draws']:,} = {t['frequency']:,} / {t['total']:,} | {'yes' if t['covered'] else 'NO'} |"
        )
    c = r["python_change"]
    lines += [
        "",
        (
            f"Change 2023 → 2025: planted {c['planted']:+.2f}, measured {c['change']:+.4f}"
            f" ({c['lower']:+.4f} to {c['upper']:+.4f}), distinctive: {c['distinctive']}."
            " Skills planted flat, flagged as changed: "
            + ", ".join(f"{k} {v}" for k, v in r["flat_skills_flagged"].items())
            + "."
        ),
        "",
        "**Skills that go together** (Data Scientist):",
        "",
        "| pair | lift in the mart | lift counted from the draws | P(B given A) | 95% interval |",
        "|---|---|---|---|---|",
    ]
    for name, p in r["pairs"].items():
        lines.append(
            f"| {name} | {p['lift']:.4f} | {p['lift_from_draws']:.4f} | {p['conditional']:.4f} |"
            f" {p['conditional_lower']:.4f} – {p['conditional_upper']:.4f} |"
        )
    lines += [
        "",
        "**Roles side by side** (Data Engineer against all other postings):",
        "",
        "| skill | planted difference | measured | 95% interval | distinctive | planted inside |",
        "|---|---|---|---|---|---|",
    ]
    for name, d in r["roles"].items():
        lines.append(
            f"| {name} | {d['planted']:+.2f} | {d['difference']:+.4f} | {d['lower']:+.4f} to {d['upper']:+.4f} |"
            f" {d['distinctive']} | {'yes' if d['covered'] else 'NO'} |"
        )
    lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postings", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=20261203)
    parser.add_argument("--work-dir", type=Path, default=PROJECT_ROOT / "warehouse" / "planted")
    parser.add_argument("--results", type=Path, default=HERE / "PLANTED.md")
    parser.add_argument("--json", type=Path, default=HERE / "planted.json")
    args = parser.parse_args(argv)
    if args.postings < 100:
        print("benchmarks.planted: --postings must be at least 100", file=sys.stderr)
        return 2
    work = args.work_dir.resolve()
    work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    truth = generate(args.postings, args.seed, work / "postings.csv", work / "taxonomy.csv")
    print(f"[{time.perf_counter() - started:7.1f}s] generated; dbt build", flush=True)
    seconds = build(work, work / "postings.csv", work / "taxonomy.csv")
    report = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "command": "python -m benchmarks.planted " + " ".join(argv if argv is not None else sys.argv[1:]),
        "machine": machine(),
        "postings": args.postings,
        "seed": args.seed,
        "build_seconds": round(seconds, 1),
        "results": check(work, truth),
    }
    args.json.write_text(json.dumps(report, indent=2, default=str) + "\n")
    args.results.write_text(render(report))
    print(render(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
