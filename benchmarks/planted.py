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
  both ask for SQL with probability 0.40 (no difference);
- pay (drawn from a generator of its own, so the skills above are the same draws as without it):
  15% of postings state no pay and 4% say "Competitive" (no amount); the others state a range,
  80% of them a yearly one ("$95K-$125K (Glassdoor est.)"), 20% an hourly one ("$40-$55 Per Hour",
  x 2080 a year). A posting's yearly midpoint is its group's center plus a deviation symmetric
  about 0 that can be 0 (500 x a rounded normal for a yearly text, 1040 x one for an hourly text,
  both of standard deviation about 20,000, at most 50,000 either way), so each group's population
  median is exactly its center: Data Scientist postings asking for Docker 130,000, the other Data
  Scientist ones 104,000 (a premium of +26,000, a multiple of 500 and 1040 so both kinds of text
  can state it), Data Engineer ones 78,000. Tableau is drawn apart from Docker and pay, so its
  premium is 0 (the null case).
Checked: each planted share lies in the mart's 95% interval, the planted differences are flagged
distinctive and the null ones are not, and the pair's lift matches the one counted from the draws;
for pay, the true medians lie in the mart's intervals, the true premium in the interval the two
imply and Docker's is flagged distinctive, the pay counts equal the ones counted from the draws,
and the medians and their bounds equal those numpy computes from dim_postings and
fct_posting_mentions.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import math
import os
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
PAY_ROLE, PREMIUM_SKILL, NULL_SKILL = "Data Scientist", "Docker", "Tableau"
#: each group's yearly midpoint center, its population median (multiples of 26,000 = lcm(500, 1040))
PAY_CENTER = {("Data Scientist", True): 130_000, ("Data Scientist", False): 104_000, ("Data Engineer", None): 78_000}
NO_PAY, UNPARSEABLE, HOURLY = 0.15, 0.04, 0.20
PAY_SD, PAY_MAX_DEVIATION = 20_000, 50_000


def pay_center(role: str, skills: set[str]) -> int:
    if role == PAY_ROLE:
        return PAY_CENTER[(role, PREMIUM_SKILL in skills)]
    return PAY_CENTER[(role, None)]


def draw_salary(rng: np.random.Generator, center: int) -> tuple[str, float | None]:
    """A salary text and the yearly midpoint it states (None when it states none)."""
    kind = rng.random()
    if kind < NO_PAY:
        return "", None
    if kind < NO_PAY + UNPARSEABLE:
        return "Competitive", None
    hourly = rng.random() < HOURLY
    step = 1040 if hourly else 500  # half a dollar an hour, half a thousand a year
    while True:  # a symmetric deviation, cut at the same distance both ways
        units = int(np.rint(rng.normal(0.0, PAY_SD / step)))
        if abs(units * step) <= PAY_MAX_DEVIATION:
            break
    midpoint = center + units * step
    if hourly:
        twice = midpoint * 2 // 2080  # low + high, in dollars an hour
        spread = int(rng.integers(5, 13))
    else:
        twice = midpoint * 2 // 1000  # low + high, in thousands a year
        spread = int(rng.integers(10, 31))
    spread += (twice - spread) % 2  # the same parity as low + high, so both ends are whole
    low, high = (twice - spread) // 2, (twice + spread) // 2
    if hourly:
        prefix = "Employer Provided Salary:" if rng.random() < 0.5 else ""
        return f"{prefix}${low}-${high} Per Hour", float(midpoint)
    return f"${low}K-${high}K (Glassdoor est.)", float(midpoint)


def generate(n: int, seed: int, postings_csv: Path, taxonomy_csv: Path) -> list[dict]:
    """Write the postings and the taxonomy; return each posting's role, year and skills (the truth)."""
    rng = np.random.default_rng(seed)
    pay_rng = np.random.default_rng([seed, 1])
    truth = []
    start = dt.date(YEARS[0], 1, 1).toordinal()
    days = dt.date(YEARS[-1], 12, 31).toordinal() - start + 1
    with postings_csv.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "title", "description", "posted", "salary"])
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
            salary, midpoint = draw_salary(pay_rng, pay_center(role, skills))
            writer.writerow([f"g{i}", role, text + f" Posting number {i}.", date.isoformat(), salary])
            truth.append(
                {"role": role, "year": date.year, "skills": skills, "midpoint": midpoint, "hourly": "Hour" in salary}
            )
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
            "salary": "salary",
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


def median_interval_lower_rank(n: int) -> int | None:
    """The rank j of the order statistics x(j), x(n - j + 1) bounding a median with 95%: the largest j
    with P(B <= j - 1) <= 0.025 for B ~ Binomial(n, 1/2) up to 1000 values (None below 6), else
    floor(n/2 - 1.96 sqrt(n)/2 + 0.5), as docs/analyses.md ("Pay") defines them."""
    if n > 1000:
        return math.floor(n / 2 - 1.959963984540054 * math.sqrt(n) / 2 + 0.5)
    cdf, j = 0, 0
    while True:
        cdf += math.comb(n, j)  # P(B <= j) x 2^n, exactly
        if 40 * cdf > 2**n:  # P(B <= j) > 0.025
            return j or None
        j += 1


def numpy_medians(values: np.ndarray) -> dict:
    """Median and its interval bounds of the values, by numpy."""
    ordered = np.sort(values)
    j = median_interval_lower_rank(len(ordered))
    return {
        "median": float(np.median(ordered)),
        "lower": float(ordered[j - 1]) if j else None,
        "upper": float(ordered[len(ordered) - j]) if j else None,
    }


def check_pay(con: duckdb.DuckDBPyConnection, truth: list[dict]) -> dict:
    """fct_skill_salary for the premium skill and the null one, against the truth and against numpy's
    scoring of dim_postings and fct_posting_mentions."""
    paid = con.execute(
        "select posting_id, salary_midpoint from marts.dim_postings where role = ? and salary_midpoint is not null",
        [PAY_ROLE],
    ).fetchall()
    ids = np.array([row[0] for row in paid])
    midpoints = np.array([row[1] for row in paid], dtype=np.float64)
    role_truth = [t for t in truth if t["role"] == PAY_ROLE]
    salaried_from_draws = sum(1 for t in role_truth if t["midpoint"] is not None)
    centers = {True: PAY_CENTER[(PAY_ROLE, True)], False: PAY_CENTER[(PAY_ROLE, False)]}
    parsed = dict(con.execute("select posting_id, salary_midpoint from marts.dim_postings").fetchall())
    hourly = dict(con.execute("select posting_id, salary_period = 'hour' from marts.dim_postings").fetchall())
    result = {
        "postings": len(truth),
        "midpoint_equal_to_draw": sum(1 for i, t in enumerate(truth) if parsed.get(f"g{i}", -1) == t["midpoint"]),
        "hourly_drawn": sum(1 for t in truth if t["hourly"]),
        "hourly_parsed_as_hourly": sum(1 for i, t in enumerate(truth) if t["hourly"] and hourly.get(f"g{i}")),
        "skills": {},
    }
    for skill in (PREMIUM_SKILL, NULL_SKILL):
        (row,) = con.execute(
            "select salaried_postings, postings_with_skill, postings_without_skill, median_with_skill,"
            " median_with_skill_lower, median_with_skill_upper, median_without_skill, median_without_skill_lower,"
            " median_without_skill_upper, salary_premium, is_premium_distinctive from marts.fct_skill_salary"
            " where role = ? and skill_name = ?",
            [PAY_ROLE, skill],
        ).fetchall()
        names = "salaried with without median_with with_lower with_upper median_without without_lower without_upper"
        mart = dict(zip([*names.split(), "premium", "distinctive"], row, strict=True))
        asking = {
            r[0]
            for r in con.execute(
                "select distinct mentions.posting_id from marts.fct_posting_mentions as mentions"
                " inner join marts.dim_skills as skills on mentions.item_id = skills.skill_id"
                " where mentions.item_type = 'skill' and skills.skill_name = ?",
                [skill],
            ).fetchall()
        }
        has = np.array([posting in asking for posting in ids], dtype=bool)
        by_numpy = {"with": numpy_medians(midpoints[has]), "without": numpy_medians(midpoints[~has])}
        pairs = [
            (mart["median_with"], by_numpy["with"]["median"]),
            (mart["with_lower"], by_numpy["with"]["lower"]),
            (mart["with_upper"], by_numpy["with"]["upper"]),
            (mart["median_without"], by_numpy["without"]["median"]),
            (mart["without_lower"], by_numpy["without"]["lower"]),
            (mart["without_upper"], by_numpy["without"]["upper"]),
        ]
        implied = (mart["with_lower"] - mart["without_upper"], mart["with_upper"] - mart["without_lower"])
        entry = {
            "skill": skill,
            "mart": mart,
            "numpy": by_numpy,
            "numpy_equal": all(a is not None and b is not None and abs(a - b) <= 1e-6 for a, b in pairs),
            "salaried_from_draws": salaried_from_draws,
            "with_from_draws": sum(1 for t in role_truth if t["midpoint"] is not None and skill in t["skills"]),
            "implied_lower": implied[0],
            "implied_upper": implied[1],
        }
        if skill == PREMIUM_SKILL:
            entry["true_with"], entry["true_without"] = centers[True], centers[False]
            entry["true_premium"] = centers[True] - centers[False]
            entry["with_covered"] = mart["with_lower"] <= centers[True] <= mart["with_upper"]
            entry["without_covered"] = mart["without_lower"] <= centers[False] <= mart["without_upper"]
        else:  # with and without the null skill, the same mixture of the two Docker groups
            entry["true_with"] = entry["true_without"] = None
            entry["true_premium"] = 0
        entry["premium_covered"] = implied[0] <= entry["true_premium"] <= implied[1]
        result["skills"][skill] = entry
    return result


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
        pay = check_pay(con, truth)
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
        "pay": pay,
    }


def render(report: dict) -> str:
    r = report["results"]
    lines = [
        "# Known answers for the analysis marts",
        "",
        (
            f"Measured {report['date']} with `{report['command']}` (code: `benchmarks/planted.py`):"
            f" {report['postings']:,} generated postings (seed {report['seed']}), one `dbt build` with every data"
            f" test ({report['build_seconds']:.0f} s on the shared 2-core machine, 1-minute load average"
            f" {report['load_average_1min']['before']} before, {report['load_average_1min']['after']} after)."
            " What was planted is in the"
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
    pay = r["pay"]["skills"]
    first = next(iter(pay.values()))
    lines += [
        "",
        (
            f"**Pay** ({PAY_ROLE}, `fct_skill_salary`): {first['mart']['salaried']:,} salaried postings in the mart,"
            f" {first['salaried_from_draws']:,} drawn with a parseable pay"
            f" ({'equal' if first['mart']['salaried'] == first['salaried_from_draws'] else 'NOT EQUAL'}). True medians"
            f" of the yearly midpoint: {PREMIUM_SKILL} {PAY_CENTER[(PAY_ROLE, True)]:,}, not {PREMIUM_SKILL}"
            f" {PAY_CENTER[(PAY_ROLE, False)]:,} (premium"
            f" {PAY_CENTER[(PAY_ROLE, True)] - PAY_CENTER[(PAY_ROLE, False)]:+,}); {NULL_SKILL}'s two groups have the"
            " same distribution (premium 0). Parsed: of all"
            f" {r['pay']['postings']:,} postings, {r['pay']['midpoint_equal_to_draw']:,} have the drawn yearly midpoint"
            " in `dim_postings.salary_midpoint` (null where none was drawn); of the"
            f" {r['pay']['hourly_drawn']:,} hourly texts, {r['pay']['hourly_parsed_as_hourly']:,} were read as hourly."
        ),
        "",
        (
            "| skill | with: postings (drawn) | median with | 95% interval | true inside | without: postings"
            " | median without | 95% interval | true inside |"
        ),
        "|---|---|---|---|---|---|---|---|---|",
    ]

    def inside(flag: bool | None) -> str:
        return "n/a" if flag is None else "yes" if flag else "NO"

    for name, e in pay.items():
        m = e["mart"]
        lines.append(
            f"| {name} | {m['with']:,} ({e['with_from_draws']:,}) | {m['median_with']:,.1f} |"
            f" {m['with_lower']:,.1f} – {m['with_upper']:,.1f} | {inside(e.get('with_covered'))} |"
            f" {m['without']:,} | {m['median_without']:,.1f} | {m['without_lower']:,.1f} – {m['without_upper']:,.1f} |"
            f" {inside(e.get('without_covered'))} |"
        )
    lines += [
        "",
        "| skill | true premium | salary_premium | implied interval | distinctive | true inside | numpy equal |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, e in pay.items():
        m = e["mart"]
        lines.append(
            f"| {name} | {e['true_premium']:+,} | {m['premium']:+,.1f} |"
            f" {e['implied_lower']:+,.1f} to {e['implied_upper']:+,.1f} | {m['distinctive']} |"
            f" {inside(e['premium_covered'])} | {'yes' if e['numpy_equal'] else 'NO'} |"
        )
    lines += [
        "",
        (
            "The implied interval is [median_with_lower - median_without_upper, median_with_upper -"
            " median_without_lower]. numpy equal: the mart's two medians and their four bounds equal, within"
            " 1e-6, those numpy computes from `dim_postings.salary_midpoint` and `fct_posting_mentions`"
            " (np.median, and the order statistics at the ranks docs/analyses.md defines)."
        ),
        "",
    ]
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
    load_before = os.getloadavg()[0]
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
        "load_average_1min": {"before": round(load_before, 2), "after": round(os.getloadavg()[0], 2)},
        "results": check(work, truth),
    }
    args.json.write_text(json.dumps(report, indent=2, default=str) + "\n")
    args.results.write_text(render(report))
    print(render(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
