"""Pay (issue 15 item 4): the salary parser, dim_postings' pay and fct_skill_salary, scored
independently of the SQL, on a user's postings written here.

- The postings (POSTINGS, made below from a fixed seed): two roles, skills of the shipped default
  taxonomy, and a salary in every form the parser reads (int_salaries_parsed.sql), some blank, some
  "-1", some "Competitive", some that do not parse. Each salary is written with the yearly range
  it means, so dim_postings' pay is checked against what the text says (the parser's scorer).
- The same postings with their pay in salary_min / salary_max / pay_period columns (the layout of
  LinkedIn's export, HOURLY / YEARLY ...) give the same pay.
- fct_skill_salary recomputed in Python from marts.dim_postings and marts.fct_posting_mentions:
  counts, medians (numpy), the exact 95% order-statistic interval (scipy's binomial), the premium.
- int_median_interval_ranks against exact binomial tails (math.comb) for n = 1..1000, and the
  normal approximation used above 1000 never above the exact rank, at most one below.
- Every data test on pay fails on a realistic bug (the pattern of test_negative.py, on this
  module's pay warehouse and its manifest).
- Odd salary texts (very long, symbols only, "$1e9", a minus sign, other scripts' digits ...) build
  without a traceback and give a range or null pay, never a negative or reversed one.

Each variant is built once per module, in a copy of the project under the temporary directory with
the relative profile of conftest.PARSED_PROFILE (its own warehouse, spill, target and log folders),
so the negative cases reuse that build's parse and manifest and rebuild only what they touch.
"""

from __future__ import annotations

import json
import math
import random
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from conftest import PARSED_PROFILE, copy_project, release_warehouse
from scipy.stats import binom
from test_negative import Corruption, assert_corruption_fails, corrupted_copy
from test_user_postings import write_csv

from job_skills.project import dbt_environment, read_frame, run_dbt

SMALL = 30  # var small_sample_max_postings (dbt_project.yml)
EXACT_MAX = 1000  # macro median_exact_max_postings
Z = 1.959963984540054

# ---------------------------------------------------------------------------------------------
# The salary forms: each makes, from a yearly level in thousands, the text a file states, the same
# pay as salary_min / salary_max / pay_period columns, and the yearly range the text means.


@dataclass(frozen=True)
class Pay:
    text: str  # the salary column of the text variant
    columns: tuple[str, str, str]  # min_salary, max_salary, pay_period of the columns variant
    salary_min: float | None  # what the text means, yearly
    salary_max: float | None
    period: str | None
    shown: str | None = "as written"  # dim_postings.salary_text when it is not the text itself

    @property
    def midpoint(self) -> float | None:
        if self.salary_min is None or self.salary_max is None:
            return None
        return (self.salary_min + self.salary_max) / 2.0

    @property
    def salary_text(self) -> str | None:
        """dim_postings.salary_text of the text variant: a blank or a placeholder is null."""
        if self.shown != "as written":
            return self.shown
        return None if self.text.strip() in ("", "-1") else self.text


def yearly_range(template: str) -> Callable[[int, random.Random], Pay]:
    """A form of a yearly range around the level, written by template: {low} and {high} in thousands,
    {low_full} and {high_full} in whole units."""

    def form(level: int, rng: random.Random) -> Pay:
        spread = rng.choice((5, 10, 15, 20))
        low, high = level - spread, level + spread
        text = template.format(low=low, high=high, low_full=low * 1000, high_full=high * 1000)
        return Pay(text, (f"{low * 1000}", f"{high * 1000}", "YEARLY"), low * 1000.0, high * 1000.0, "year")

    return form


k_glassdoor = yearly_range("${low}K-${high}K (Glassdoor est.)")
k_employer = yearly_range("${low}K-${high}K(Employer est.)")
comma_year = yearly_range("{low_full:,} - {high_full:,} a year")
k_on_second_only = yearly_range("${low}-{high}K")
pounds_per_annum = yearly_range("£{low_full:,} to £{high_full:,} per annum")
slash_year = yearly_range("${low_full:,}.00/yr - ${high_full:,}.00/yr")  # LinkedIn's form


def hourly_estimate(level: int, rng: random.Random) -> Pay:
    low = round(level * 1000 / 2080) - rng.choice((2, 3, 4))
    high = low + rng.choice((4, 6, 8))
    return Pay(f"${low}-${high} Per Hour(Glassdoor est.)", (str(low), str(high), "HOURLY"),
               low * 2080.0, high * 2080.0, "hour")  # fmt: skip


def hourly_employer(level: int, rng: random.Random) -> Pay:
    low = f"{level * 1000 / 2080 - rng.choice((1.5, 2.25)):.2f}"
    high = f"{float(low) + rng.choice((3.5, 4.75)):.2f}"
    return Pay(f"Employer Provided Salary:${low}-${high} Per Hour", (low, high, "HOURLY"),
               float(low) * 2080, float(high) * 2080, "hour")  # fmt: skip


def monthly(level: int, rng: random.Random) -> Pay:
    amount = round(level * 1000 / 12 / 100) * 100
    return Pay(f"${amount:,} a month", (str(amount), str(amount), "MONTHLY"), amount * 12.0, amount * 12.0, "month")


def daily(level: int, rng: random.Random) -> Pay:
    amount = round(level * 1000 / 260)
    return Pay(f"€{amount} per day", (str(amount), str(amount), "DAILY"), amount * 260.0, amount * 260.0, "day")


def weekly(level: int, rng: random.Random) -> Pay:
    amount = round(level * 1000 / 52)
    return Pay(f"{amount:,}/week", (str(amount), str(amount), "WEEKLY"), amount * 52.0, amount * 52.0, "week")


def biweekly(level: int, rng: random.Random) -> Pay:
    amount = round(level * 1000 / 26)
    return Pay(f"{amount} biweekly", (str(amount), str(amount), "BIWEEKLY"),
               amount * 26.0, amount * 26.0, "two weeks")  # fmt: skip


def one_amount(level: int, rng: random.Random) -> Pay:
    return Pay(f"{level * 1000}", (f"{level * 1000}", f"{level * 1000}", "YEARLY"),
               level * 1000.0, level * 1000.0, "year")  # fmt: skip


PAID_FORMS: tuple[Callable[[int, random.Random], Pay], ...] = (
    k_glassdoor, k_glassdoor, k_glassdoor, k_employer, hourly_estimate, hourly_employer, comma_year,
    k_on_second_only, pounds_per_annum, slash_year, monthly, daily, weekly, biweekly, one_amount,
)  # fmt: skip
# Salaries without a midpoint: a maximum or a minimum only, words, a blank, the placeholder, a reversed range.
UNPAID = (
    Pay("Up to $120k", ("", "120000", "YEARLY"), None, 120000.0, "year"),
    Pay("From $50,000 a year", ("50000", "", "YEARLY"), 50000.0, None, "year"),
    Pay("80k+", ("80000", "", "YEARLY"), 80000.0, None, "year"),
    Pay("Competitive", ("", "", ""), None, None, None),
    Pay("", ("", "", ""), None, None, None),
    Pay("-1", ("", "", ""), None, None, None),
    Pay("$100K-$80K", ("100000", "80000", "YEARLY"), None, None, None),
)

# ---------------------------------------------------------------------------------------------
# The postings: two roles of the shipped default taxonomy's skills. Each skill is written by its
# name or one of its aliases (seeds/taxonomy/default_skill_taxonomy.csv); the counts are chosen so
# fct_skill_salary has premiums (both groups >= 30), small samples, intervals at n = 6 and none
# below, and a skill a role never asks for.

SKILL_WORDS = {
    "python": ("Python", "python3"),
    "sql": ("SQL",),
    "spark": ("Spark", "PySpark", "Apache Spark"),
    "aws": ("AWS", "Amazon Web Services"),
    "excel": ("Excel", "Microsoft Excel"),
    "tableau": ("Tableau",),
    "machine_learning": ("machine learning", "Machine Learning"),
    "statistics": ("statistics", "statistical analysis"),
    "docker": ("Docker",),
}
# role: (titles, postings with a midpoint, of them per skill, postings of each unpaid form, raise of python)
ROLE_PLANS: dict[str, tuple[tuple[str, ...], int, dict[str, int], int, int]] = {
    "Data Scientist": (
        ("Data Scientist", "Senior Data Scientist", "Data Scientist II", "Lead Data Scientist"),
        66,
        {"python": 34, "statistics": 33, "sql": 45, "excel": 62, "machine_learning": 20, "aws": 6, "spark": 5,
         "docker": 1},
        2,
        40,
    ),
    "Data Analyst": (
        ("Data Analyst", "Senior Data Analyst"),
        24,
        {"excel": 20, "sql": 14, "tableau": 10, "python": 3},
        1,
        0,
    ),
}  # fmt: skip
SEED = 20261203


@dataclass(frozen=True)
class Posting:
    posting_id: str
    role: str
    title: str
    description: str
    skills: frozenset[str]
    pay: Pay


def make_postings() -> list[Posting]:
    rng = random.Random(SEED)
    postings: list[Posting] = []
    for role, (titles, paid, skill_counts, unpaid_each, python_raise) in ROLE_PLANS.items():
        prefix = "".join(word[0] for word in role.split()).lower()
        members = {skill: set(rng.sample(range(paid), count)) for skill, count in skill_counts.items()}
        plans = [(index, None) for index in range(paid)]
        plans += [(paid + n * len(UNPAID) + k, pay) for n in range(unpaid_each) for k, pay in enumerate(UNPAID)]
        for index, unpaid in plans:
            skills = frozenset(skill for skill, chosen in members.items() if index in chosen)
            if unpaid is not None:  # unpaid postings ask for skills too; they are in neither group
                skills = frozenset(rng.sample(sorted(skill_counts), 2))
            level = rng.randrange(60, 140, 5) + (python_raise if "python" in skills else 0)
            pay = unpaid or PAID_FORMS[index % len(PAID_FORMS)](level, rng)
            posting_id = f"{prefix}{index + 1:03d}"
            words = [rng.choice(SKILL_WORDS[skill]) for skill in sorted(skills)]
            rng.shuffle(words)
            needs = ", ".join(words) if words else "good judgement"
            description = f"Posting {posting_id} at Company {rng.randrange(1, 40)}. The work needs {needs}."
            postings.append(Posting(posting_id, role, rng.choice(titles), description, skills, pay))
    return postings


POSTINGS = make_postings()

# Odd salary texts, in postings of a third role (the text variant only): what each gives, as
# (salary_text, salary_min, salary_max, salary_period) of dim_postings.
LONG_WORDS = "negotiable depending on experience " * 2000  # 70,000 characters, no amount
HOSTILE: dict[str, tuple[str | None, float | None, float | None, str | None]] = {
    LONG_WORDS.strip(): (LONG_WORDS.strip(), None, None, None),
    LONG_WORDS + "$60K-$80K": (LONG_WORDS + "$60K-$80K", 60000.0, 80000.0, "year"),
    "$$$ !!! ???": ("$$$ !!! ???", None, None, None),
    "$1e9": ("$1e9", 1.0, 1.0, "year"),  # the first number only: "1", one amount
    "-50000": ("-50000", 50000.0, 50000.0, "year"),  # a minus sign is no part of an amount
    "٥٠٠٠٠": ("٥٠٠٠٠", None, None, None),  # Arabic-Indic digits are not read as digits
    "＄５０Ｋ－＄９０Ｋ": ("＄５０Ｋ－＄９０Ｋ", None, None, None),  # nor full-width ones
    "100k-": ("100k-", 100000.0, 100000.0, "year"),  # a range without its maximum: one amount
    "NaN": (None, None, None, None),  # a placeholder (macro placeholder_values)
    "'); drop table marts.dim_postings; --": ("'); drop table marts.dim_postings; --", None, None, None),
    "$50K\n- $70K": ("$50K - $70K", 50000.0, 70000.0, "year"),  # a line break is white space
}
HOSTILE_POSTINGS = [
    Posting(f"de{n:03d}", "Data Engineer", "Data Engineer", f"Posting de{n:03d} needs Python.", frozenset({"python"}),
            Pay(text, ("", "", ""), expected[1], expected[2], expected[3], expected[0]))
    for n, (text, expected) in enumerate(HOSTILE.items(), start=1)
]  # fmt: skip

TEXT_HEADER = ["id", "Job Title", "Job Description", "Company", "Salary Estimate"]
TEXT_COLUMNS = {"posting_id": "id", "title": "Job Title", "description": "Job Description", "salary": "Salary Estimate"}
AMOUNT_HEADER = ["job_id", "title", "description", "min_salary", "max_salary", "pay_period"]
AMOUNT_COLUMNS = {
    "posting_id": "job_id",
    "salary_min": "min_salary",
    "salary_max": "max_salary",
    "salary_period": "pay_period",
}


def text_rows() -> list[tuple[str, ...]]:
    return [(p.posting_id, p.title, p.description, "Acme", p.pay.text) for p in [*POSTINGS, *HOSTILE_POSTINGS]]


def amount_rows() -> list[tuple[str, ...]]:
    return [(p.posting_id, p.title, p.description, *p.pay.columns) for p in POSTINGS]


# ---------------------------------------------------------------------------------------------
# Builds: each variant once per module, in its own copy of the project (work/project), warehouse
# (work/w.duckdb, PARSED_PROFILE's ../w.duckdb), spill, target and log folders.

# What the tests read, with everything upstream and the data tests on it (unit tests are
# test_dbt_unit_tests.py's).
MARTS = ["+fct_skill_salary", "+dim_postings", "+fct_posting_mentions", "+dim_skills"]
BUILD = ["build", "--select", *MARTS, "--indirect-selection", "cautious", "--exclude-resource-type", "unit_test"]


@dataclass(frozen=True)
class PayBuild:
    work: Path  # project/, target/ (its parse and manifest) and w.duckdb
    dbt_vars: dict[str, Any]
    returncode: int
    output: str

    @property
    def warehouse(self) -> Path:
        return self.work / "w.duckdb"

    def query(self, sql: str, *params: object) -> pd.DataFrame:
        return read_frame(sql, list(params), self.warehouse)


def build_pay(work: Path, header: list[str], rows: list[tuple[str, ...]], columns: dict[str, str]) -> PayBuild:
    project = copy_project(work / "project")
    postings = write_csv(work / "postings.csv", header, rows)
    dbt_vars = {"postings_path": str(postings), "postings_columns": columns}
    result = run_dbt(
        [*BUILD, "--vars", json.dumps(dbt_vars), "--target-path", str(work / "target"), "--log-path",
         str(work / "logs")],
        project_dir=project,
        extra_env=PARSED_PROFILE,
    )  # fmt: skip
    return PayBuild(work, dbt_vars, result.returncode, result.stdout + result.stderr)


@pytest.fixture(scope="module")
def text_build(tmp_path_factory: pytest.TempPathFactory) -> PayBuild:
    """The postings with their pay as one text (and the odd texts), every data test on the marts run."""
    build = build_pay(tmp_path_factory.mktemp("pay_text"), TEXT_HEADER, text_rows(), TEXT_COLUMNS)
    assert build.returncode == 0, build.output[-6000:]
    return build


@pytest.fixture(scope="module")
def amount_build(tmp_path_factory: pytest.TempPathFactory) -> PayBuild:
    """The same postings (without the odd texts) with their pay in min, max and period columns."""
    build = build_pay(tmp_path_factory.mktemp("pay_amounts"), AMOUNT_HEADER, amount_rows(), AMOUNT_COLUMNS)
    assert build.returncode == 0, build.output[-6000:]
    return build


def dimension_pay(build: PayBuild) -> pd.DataFrame:
    return build.query(
        "select posting_id, salary_text, salary_min, salary_max, salary_period, salary_midpoint "
        "from marts.dim_postings order by posting_id"
    ).set_index("posting_id")


def optional(value: object) -> object:
    """A frame's missing value (None, NaN, pandas' NA) as None; anything else unchanged."""
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else value


def assert_pay_matches(frame: pd.DataFrame, postings: list[Posting], check_text: bool) -> None:
    missing = sorted({p.posting_id for p in postings} - set(frame.index))
    assert not missing, f"postings missing from dim_postings: {missing}"
    wrong = []
    for posting in postings:
        row = frame.loc[posting.posting_id]
        pay = posting.pay
        got = (optional(row.salary_min), optional(row.salary_max), optional(row.salary_period))
        want = (pay.salary_min, pay.salary_max, pay.period)
        same = got[2] == want[2] and all(
            (g is None and w is None) or (g is not None and w is not None and math.isclose(g, w, rel_tol=1e-9))
            for g, w in zip(got[:2], want[:2], strict=True)
        )
        if check_text and optional(row.salary_text) != pay.salary_text:
            same = False
        if not same:
            text = optional(row.salary_text)
            wrong.append(f"{posting.posting_id} {pay.text[:50]!r}: {got} {text!r:.70}, want {want}")
    assert not wrong, "pay not what the salary says:\n" + "\n".join(wrong)


def test_text_pay_is_what_the_salary_text_says(text_build: PayBuild) -> None:
    """Every form the parser reads, the unpaid ones and the odd texts: the yearly range each means."""
    assert_pay_matches(dimension_pay(text_build), [*POSTINGS, *HOSTILE_POSTINGS], check_text=True)


def test_amount_columns_give_the_same_pay(amount_build: PayBuild) -> None:
    """salary_min, salary_max and a pay period column (LinkedIn's layout) mean what the text means."""
    assert_pay_matches(dimension_pay(amount_build), POSTINGS, check_text=False)


def test_no_pay_is_negative_or_reversed(text_build: PayBuild, amount_build: PayBuild) -> None:
    for build in (text_build, amount_build):
        bad = build.query(
            "select posting_id, salary_min, salary_max from marts.dim_postings "
            "where salary_min < 0 or salary_max < 0 or salary_min > salary_max"
        )
        assert bad.empty, bad.to_string()


def test_mentions_are_the_skills_written(text_build: PayBuild) -> None:
    """The recount below takes each posting's skills from how it was written; the warehouse agrees."""
    mentions = text_build.query("select posting_id, item_id from marts.fct_posting_mentions where item_type = 'skill'")
    found = mentions.groupby("posting_id")["item_id"].apply(frozenset).to_dict()
    wrong = {
        p.posting_id: (sorted(found.get(p.posting_id, frozenset())), sorted(p.skills))
        for p in [*POSTINGS, *HOSTILE_POSTINGS]
        if found.get(p.posting_id, frozenset()) != p.skills
    }
    assert not wrong, f"skills found (left) differ from those written (right): {wrong}"


def exact_lower_rank(n: int) -> int | None:
    """The largest j with P(B <= j - 1) <= 0.025 for B ~ Binomial(n, 1/2), in integers; None if none."""
    limit = 2**n  # P(B <= k) <= 0.025  <=>  40 * sum_{i<=k} C(n, i) <= 2^n
    total, rank = 0, 0
    for k in range(n + 1):
        total += math.comb(n, k)
        if 40 * total > limit:
            break
        rank = k + 1
    return rank or None


def recount(postings: list[Posting], skills: list[str]) -> pd.DataFrame:
    """fct_skill_salary from the postings as written: numpy medians, scipy's binomial ranks."""
    rows = []
    roles = sorted({p.role for p in postings if p.pay.midpoint is not None})
    for role in roles:
        paid = [p for p in postings if p.role == role and p.pay.midpoint is not None]
        for skill in skills:
            groups = {
                "with": sorted(p.pay.midpoint for p in paid if skill in p.skills),
                "without": sorted(p.pay.midpoint for p in paid if skill not in p.skills),
            }
            row: dict[str, Any] = {"role": role, "skill_id": skill, "salaried_postings": len(paid)}
            for name, values in groups.items():
                n = len(values)
                j = int(binom.ppf(0.025, n, 0.5)) if n else 0  # smallest k with P(B <= k) >= 0.025
                j = j if n and binom.cdf(j - 1, n, 0.5) <= 0.025 else 0
                row[f"postings_{name}_skill"] = n
                row[f"median_{name}_skill"] = float(np.median(values)) if n else None
                row[f"median_{name}_skill_lower"] = values[j - 1] if n >= 6 and j else None
                row[f"median_{name}_skill_upper"] = values[n - j] if n >= 6 and j else None
            has_premium = row["postings_with_skill"] >= SMALL and row["postings_without_skill"] >= SMALL
            premium = row["median_with_skill"] - row["median_without_skill"] if has_premium else None
            row["salary_premium"] = premium
            row["is_small_sample"] = not has_premium
            row["is_premium_distinctive"] = bool(
                has_premium
                and (
                    row["median_with_skill_lower"] > row["median_without_skill_upper"]
                    or row["median_with_skill_upper"] < row["median_without_skill_lower"]
                )
            )
            rows.append(row)
    return pd.DataFrame(rows).set_index(["role", "skill_id"]).sort_index()


def test_skill_salary_matches_an_independent_recount(text_build: PayBuild) -> None:
    skills = text_build.query("select skill_id from marts.dim_skills order by skill_id")["skill_id"].tolist()
    expected = recount([*POSTINGS, *HOSTILE_POSTINGS], skills)
    mart = text_build.query("select * from marts.fct_skill_salary").set_index(["role", "skill_id"]).sort_index()
    assert list(mart.index) == list(expected.index)
    # the plan gives what the tests are for: premiums (one distinctive), small samples, intervals from n = 6
    ds = expected.loc["Data Scientist"]
    assert optional(ds.loc["python", "salary_premium"]) is not None and ds.loc["python", "is_premium_distinctive"]
    assert not ds.loc["statistics", "is_small_sample"] and not ds.loc["statistics", "is_premium_distinctive"]
    assert optional(ds.loc["aws", "median_with_skill_lower"]) is not None
    assert optional(ds.loc["spark", "median_with_skill_lower"]) is None
    wrong = []
    for column in expected.columns:
        for key, want in expected[column].items():
            got, want = optional(mart.loc[key, column]), optional(want)
            ok = (got is None and want is None) or (
                got is not None and want is not None and (
                    bool(got) == want if isinstance(want, bool) else math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-6)
                )
            )  # fmt: skip
            if not ok:
                wrong.append(f"{key} {column}: mart {got!r}, recount {want!r}")
    assert not wrong, "\n".join(wrong[:40])


def test_interval_ranks_are_the_exact_binomial_ones(text_build: PayBuild) -> None:
    ranks = text_build.query(
        "select value_count, lower_rank, upper_rank, confidence from intermediate.int_median_interval_ranks"
    ).set_index("value_count")
    assert list(ranks.index) == list(range(1, EXACT_MAX + 1))
    wrong = []
    for n, row in ranks.iterrows():
        j = exact_lower_rank(int(n))
        got = optional(row.lower_rank)
        if got != j or (j is not None and optional(row.upper_rank) != n - j + 1):
            wrong.append(f"n={n}: lower {got}, upper {optional(row.upper_rank)}; exact {j}")
        elif j is not None and not math.isclose(row.confidence, 1 - 2 * binom.cdf(j - 1, int(n), 0.5), rel_tol=1e-9):
            wrong.append(f"n={n}: confidence {row.confidence}")
    assert not wrong, "\n".join(wrong[:40])
    assert ranks.loc[10, "lower_rank"] == 2 and ranks.loc[100, "lower_rank"] == 40  # the textbook values


def test_ranks_above_the_exact_table_are_at_most_one_below_exact(text_build: PayBuild) -> None:
    """The macro's normal approximation, compiled by dbt, against scipy's exact rank for n = 1001..20000."""
    sql = (
        "select n, {{ median_interval_lower_rank('n', 'null') }} as lower_rank "
        "from range(1001, 20001) as sizes(n) order by n"
    )
    result = run_dbt(
        ["show", "--inline", sql, "--limit", "-1", "--output", "json", "--log-format", "json",
         "--vars", json.dumps(text_build.dbt_vars), "--target-path", str(text_build.work / "target"),
         "--log-path", str(text_build.work / "logs")],
        project_dir=text_build.work / "project",
        extra_env=PARSED_PROFILE,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    shown = next(
        json.loads(line)["data"]["preview"]
        for line in result.stdout.splitlines()
        if line.startswith("{") and "preview" in json.loads(line).get("data", {})
    )
    rows = json.loads(shown) if isinstance(shown, str) else shown
    assert len(rows) == 19000
    n = np.array([row["n"] for row in rows])
    approx = np.array([row["lower_rank"] for row in rows])
    exact = binom.ppf(0.025, n, 0.5).astype(int)  # smallest k with P(B <= k) >= 0.025: j - 1 is below it
    assert (approx <= exact).all(), n[approx > exact][:10]
    assert (approx >= exact - 1).all(), n[approx < exact - 1][:10]


# ---------------------------------------------------------------------------------------------
# Every data test on pay fails on a realistic bug, in a copy of the text build (its project,
# manifest and warehouse): dbt rebuilds what the change touches and runs the named tests.

PAY_CASES = [
    Corruption(
        name="interval_with_the_skill_upside_down",
        path="models/marts/core/fct_skill_salary.sql",
        old="group_stats.with_low as median_with_skill_lower",
        new="group_stats.with_high as median_with_skill_lower",
        dbt_test="median_with_skill_interval_is_valid",
        dbt_detail="skill_id=python",
    ),
    Corruption(
        name="interval_without_the_skill_upside_down",
        path="models/marts/core/fct_skill_salary.sql",
        old="without_low as median_without_skill_lower",
        new="without_high as median_without_skill_lower",
        dbt_test="median_without_skill_interval_is_valid",
        dbt_detail="skill_id=python",
    ),
    Corruption(
        name="others_not_counted_apart_from_the_skill",
        path="models/marts/core/fct_skill_salary.sql",
        old="roles.salaried_postings - coalesce(member_counts.postings_with_skill, 0) as postings_without_skill",
        new="roles.salaried_postings as postings_without_skill",
        dbt_test="salary_groups_add_up",
        dbt_detail="item_key=python",
    ),
    Corruption(
        name="premium_given_when_one_group_is_small",
        path="models/marts/core/fct_skill_salary.sql",
        old="grid_ranks.postings_with_skill >= {{ small }}\n            and grid_ranks.postings_without_skill",
        new="grid_ranks.postings_with_skill >= {{ small }}\n            or grid_ranks.postings_without_skill",
        dbt_test="premium_matches_medians",
        dbt_detail="skill_id=sql, postings_with_skill=45, postings_without_skill=21",  # a premium on 21 postings
    ),
    Corruption(
        name="premium_share_forgotten",
        path="models/marts/core/fct_skill_salary.sql",
        old="when has_premium then (median_with_skill",
        new="when false then (median_with_skill",
        dbt_test="premium_matches_medians",
        dbt_detail="salary_premium_share=None",
    ),
    Corruption(
        name="reversed_range_kept_in_the_parser",
        path="models/intermediate/postings/int_salaries_parsed.sql",
        old="and (low_amount is null or high_amount is null or low_amount <= high_amount)",
        new="and true",
        dbt_test="bounds_are_ordered_int_salaries_parsed",
        dbt_detail="salary_text=$100K-$80K",
    ),
    Corruption(
        name="reversed_range_reaches_dim_postings",
        path="models/intermediate/postings/int_salaries_parsed.sql",
        old="and (low_amount is null or high_amount is null or low_amount <= high_amount)",
        new="and true",
        dbt_test="salary_bounds_are_ordered",
        dbt_detail="salary_text=$100K-$80K",
    ),
    Corruption(
        name="period_named_as_written",
        path="models/intermediate/postings/int_salaries_parsed.sql",
        old="when {{ regex_matches('salary_key', pattern) }} then '{{ name }}'",
        new="when {{ regex_matches('salary_key', pattern) }} then '{{ name }}ly'",
        dbt_test="accepted_values_int_salaries_parsed_salary_period",
        dbt_detail="hourly",
    ),
]


@pytest.mark.parametrize("case", PAY_CASES, ids=[c.name for c in PAY_CASES])
def test_pay_corruption_fails_its_dbt_test(
    case: Corruption, text_build: PayBuild, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = corrupted_copy(text_build.work, tmp_path, case)  # text_build.work holds project/ and target/
    shutil.copy2(text_build.warehouse, tmp_path / "w.duckdb")  # PARSED_PROFILE's ../w.duckdb
    for name, value in {**dbt_environment(), **PARSED_PROFILE}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(project)  # the profile's paths are relative to the folder dbt runs in
    select = [f"state:modified+,resource_type:model,{mart}" for mart in MARTS]
    try:
        assert_corruption_fails(
            case, project, text_build.work / "target", select, tmp_path, ("--vars", json.dumps(text_build.dbt_vars))
        )
    finally:
        release_warehouse()
