"""The Great Expectations suites: one per mart, built from the marts as they are at validation time.

Each suite restates, independently of the dbt models and tests, the invariants of DESIGN.md
("Definitions") plus keys, foreign keys, row counts, value sets and ranges. Where an invariant
spans columns or tables, the independent figure is computed here in pandas into a column named
for what it holds (`expected_pct_of_postings`, `tools_max_frequency`, ...), and a built-in
expectation compares it with the mart's column, so a failure names the column and the values.

Expected row counts and value sets come from the dimensions read at the same time, and the
thresholds from the vars in dbt_project.yml; nothing here knows the shipped sample's numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import great_expectations.expectations as gxe
import numpy as np
import pandas as pd
import yaml
from great_expectations.expectations.row_conditions import Column

MARTS = (
    "dim_postings",
    "dim_skills",
    "dim_tools",
    "dim_tool_categories",
    "dim_themes",
    "dim_signals",
    "fct_posting_mentions",
    "fct_skill_frequency",
    "fct_tool_frequency",
    "fct_tool_category_frequency",
    "fct_theme_frequency",
    "fct_signal_frequency",
    "fct_sample_profile",
    "fct_sample_summary",
    "fct_published_reconciliation",
    "fct_row_accounting",
    "fct_quarantined_rows",
)

TIERS = ("Core", "Important", "Emerging")
WORK_ARRANGEMENTS = ("on-site", "hybrid", "remote")
RECONCILIATION_STATUSES = ("match", "mismatch", "missing in published", "missing in computed")
PUBLISHED_TABLES = ("skill_frequency", "tool_mentions", "responsibility_themes", "hiring_signals", "sample_summary")
# Each kind of taxonomy item: its frequency mart, its dimension, and the dimension's key and name.
ITEMS: dict[str, tuple[str, str, str, str]] = {
    "skill": ("fct_skill_frequency", "dim_skills", "skill_id", "skill_name"),
    "tool": ("fct_tool_frequency", "dim_tools", "tool_id", "tool_name"),
    "tool_category": ("fct_tool_category_frequency", "dim_tool_categories", "tool_category_id", "tool_category_name"),
    "theme": ("fct_theme_frequency", "dim_themes", "theme_id", "theme_name"),
    "signal": ("fct_signal_frequency", "dim_signals", "signal_id", "signal_name"),
}
ITEM_TYPES = tuple(ITEMS)
MENTION_SOURCES = ("tagged", "derived from tool", "extracted")
# fct_sample_profile's dimensions, each a column of dim_postings of the same name.
PROFILE_DIMENSIONS = (
    "region",
    "country",
    "industry",
    "org_size_band",
    "job_board",
    "company",
    "work_arrangement",
    "posting_year",
)
UNKNOWN_MEMBER = "(unknown)"
# The input name fct_row_accounting gives the postings themselves.
SAMPLE_POSTINGS_INPUT = "sample_postings"
USER_POSTINGS_INPUT = "user_postings"  # fct_row_accounting.input_name when var postings_path is set
SHARE_TOLERANCE = 1e-12
WILSON_TOLERANCE = 1e-9

Frames = dict[str, pd.DataFrame]
Expectations = list[gxe.Expectation]


@dataclass(frozen=True)
class ProjectVars:
    """The dbt vars the invariants depend on (dbt_project.yml defaults)."""

    tier_core_min_share: float
    tier_important_min_share: float
    wilson_z: float
    small_sample_max_postings: int
    published_role: str


@dataclass(frozen=True)
class MartSuite:
    """One mart's suite: the frame to validate (the mart plus derived columns) and its expectations."""

    mart: str
    key_columns: list[str]
    frame: pd.DataFrame
    expectations: Expectations


def read_project_vars(dbt_project: Path) -> ProjectVars:
    """The thresholds and constants from dbt_project.yml `vars:`."""
    variables = yaml.safe_load(dbt_project.read_text())["vars"]
    return ProjectVars(
        tier_core_min_share=float(variables["tier_core_min_share"]),
        tier_important_min_share=float(variables["tier_important_min_share"]),
        wilson_z=float(variables["wilson_z"]),
        small_sample_max_postings=int(variables["small_sample_max_postings"]),
        published_role=str(variables["published_role"]),
    )


# Small expectation builders -------------------------------------------------------------------


def not_null(*columns: str) -> Expectations:
    return [gxe.ExpectColumnValuesToNotBeNull(column=column) for column in columns]


def key(*columns: str) -> Expectations:
    """Keys are not null and unique, alone or in combination."""
    if len(columns) == 1:
        unique: gxe.Expectation = gxe.ExpectColumnValuesToBeUnique(column=columns[0])
    else:
        unique = gxe.ExpectCompoundColumnsToBeUnique(column_list=list(columns))
    return [*not_null(*columns), unique]


def between(column: str, min_value: float | None = None, max_value: float | None = None) -> gxe.Expectation:
    return gxe.ExpectColumnValuesToBeBetween(column=column, min_value=min_value, max_value=max_value)


def in_set(column: str, values: Iterable[object], description: str | None = None) -> gxe.Expectation:
    value_set = sorted({value for value in values if pd.notna(value)}, key=str)
    return gxe.ExpectColumnValuesToBeInSet(column=column, value_set=value_set, description=description)


def equal(column: str, expected_column: str, description: str) -> gxe.Expectation:
    """The mart's column equals the independently computed one, row by row."""
    return gxe.ExpectColumnPairValuesToBeEqual(column_A=column, column_B=expected_column, description=description)


def at_least(column: str, other_column: str, description: str) -> gxe.Expectation:
    """column >= other_column, row by row (rows where either is null are skipped)."""
    return gxe.ExpectColumnPairValuesAToBeGreaterThanB(
        column_A=column,
        column_B=other_column,
        or_equal=True,
        ignore_row_if="either_value_is_missing",
        description=description,
    )


def within(column: str, tolerance: float, description: str) -> gxe.Expectation:
    """A difference column stays within ±tolerance."""
    return gxe.ExpectColumnValuesToBeBetween(
        column=column, min_value=-tolerance, max_value=tolerance, description=description
    )


def row_count(value: int, description: str) -> gxe.Expectation:
    return gxe.ExpectTableRowCountToEqual(value=value, description=description)


def role_totals(postings: pd.DataFrame) -> pd.Series:
    """Distinct postings per role in dim_postings: the total of every frequency."""
    return postings.groupby("role")["posting_id"].nunique()


def roles_expectation(postings: pd.DataFrame) -> gxe.Expectation:
    return gxe.ExpectColumnDistinctValuesToEqualSet(
        column="role",
        value_set=sorted(postings["role"].dropna().unique().tolist()),
        description="Every role of dim_postings appears, and no other.",
    )


# The frequency invariants shared by every frequency mart --------------------------------------


def expected_tier(share: pd.Series, project: ProjectVars) -> pd.Series:
    tiers = np.select(
        [share >= project.tier_core_min_share, share >= project.tier_important_min_share],
        ["Core", "Important"],
        default="Emerging",
    )
    return pd.Series(tiers, index=share.index, dtype=object).where(share.notna(), None)


def wilson_bounds(frequency: pd.Series, total: pd.Series, z: float) -> tuple[pd.Series, pd.Series]:
    """The 95% Wilson score interval, written out again here (clipped to 0-1)."""
    n = total.astype(float).where(total > 0)
    p = frequency / n
    centre = p + z * z / (2 * n)
    with np.errstate(invalid="ignore"):  # frequency > total (a failure reported elsewhere) gives NaN, not a warning
        half_width = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    denominator = 1 + z * z / n
    return ((centre - half_width) / denominator).clip(lower=0.0), ((centre + half_width) / denominator).clip(upper=1.0)


def with_frequency_columns(
    frame: pd.DataFrame, postings: pd.DataFrame, partition: list[str], project: ProjectVars
) -> pd.DataFrame:
    """The mart plus the independent figures its frequency columns must agree with."""
    out = frame.copy()
    frequency, total = out["frequency"], out["total_postings"]
    exact_share = frequency / total.astype(float).where(total > 0)
    lower, upper = wilson_bounds(frequency, total, project.wilson_z)
    out["expected_total_postings"] = out["role"].map(role_totals(postings))
    out["expected_pct_of_postings"] = np.floor(100.0 * frequency / total.where(total > 0) + 0.5)
    out["share_of_postings_minus_expected"] = out["share_of_postings"] - exact_share
    out["expected_tier"] = expected_tier(out["share_of_postings"], project)
    out["expected_frequency_rank"] = out.groupby(partition)["frequency"].rank(method="dense", ascending=False)
    out["wilson_lower_minus_expected"] = out["wilson_lower"] - lower
    out["wilson_upper_minus_expected"] = out["wilson_upper"] - upper
    out["expected_is_small_sample"] = total < project.small_sample_max_postings
    return out


def is_user_mode(frames: Frames) -> bool:
    """True for a build of the user's postings: measured against skills only, nothing to reconcile."""
    return USER_POSTINGS_INPUT in set(frames["fct_row_accounting"]["input_name"])


def frequency_expectations(postings: pd.DataFrame, partition: list[str], every_role: bool = True) -> Expectations:
    """Counts and percentages agree: DESIGN.md's definitions, restated. every_role: each role of
    dim_postings has rows (false for a mart whose taxonomy is empty)."""
    within_partition = " and ".join(partition)
    return [
        *not_null("frequency", "total_postings", "frequency_rank", "pct_of_postings", "share_of_postings"),
        *not_null("wilson_lower", "wilson_upper", "tier", "is_small_sample"),
        between("frequency", min_value=0),
        between("total_postings", min_value=0),
        between("frequency_rank", min_value=1),
        between("pct_of_postings", 0, 100),
        between("share_of_postings", 0, 1),
        between("wilson_lower", 0, 1),
        between("wilson_upper", 0, 1),
        in_set("tier", TIERS),
        *([roles_expectation(postings)] if every_role else []),
        at_least("total_postings", "frequency", "0 <= frequency <= total_postings."),
        equal("total_postings", "expected_total_postings", "total_postings = distinct postings of the role."),
        equal(
            "pct_of_postings",
            "expected_pct_of_postings",
            "pct_of_postings = floor(100 × frequency / total_postings + 0.5), half away from zero.",
        ),
        within(
            "share_of_postings_minus_expected",
            SHARE_TOLERANCE,
            "share_of_postings = frequency / total_postings (within 1e-12).",
        ),
        equal("tier", "expected_tier", "tier follows the tier_*_min_share thresholds of dbt_project.yml."),
        equal(
            "frequency_rank",
            "expected_frequency_rank",
            f"frequency_rank is the dense rank by frequency, most first, within {within_partition}.",
        ),
        at_least("share_of_postings", "wilson_lower", "wilson_lower <= share_of_postings."),
        at_least("wilson_upper", "share_of_postings", "share_of_postings <= wilson_upper."),
        within("wilson_lower_minus_expected", WILSON_TOLERANCE, "wilson_lower is the 95% Wilson lower bound."),
        within("wilson_upper_minus_expected", WILSON_TOLERANCE, "wilson_upper is the 95% Wilson upper bound."),
        equal(
            "is_small_sample",
            "expected_is_small_sample",
            "is_small_sample = total_postings < small_sample_max_postings.",
        ),
    ]


def mentioning_postings(frame: pd.DataFrame, id_column: str, item_type: str, mentions: pd.DataFrame) -> pd.Series:
    """Per row (role, item): distinct postings of that role mentioning the item in fct_posting_mentions."""
    of_type = mentions[mentions["item_type"] == item_type]
    counts = of_type.groupby(["role", "item_id"])["posting_id"].nunique()
    rows = pd.MultiIndex.from_arrays([frame["role"], frame[id_column]])
    return pd.Series(counts.reindex(rows).fillna(0).to_numpy(), index=frame.index)


def item_frequency_suite(item_type: str, frames: Frames, project: ProjectVars) -> MartSuite:
    """A taxonomy item's frequency per role: one row per role per item of its dimension."""
    mart, dimension, id_column, name_column = ITEMS[item_type]
    postings, items = frames["dim_postings"], frames[dimension]
    frame = with_frequency_columns(frames[mart], postings, ["role"], project)
    frame[f"dimension_{name_column}"] = frame[id_column].map(items.set_index(id_column)[name_column])
    frame["mentioning_postings"] = mentioning_postings(frame, id_column, item_type, frames["fct_posting_mentions"])
    roles = postings["role"].nunique()
    expectations = [
        *key("role", id_column),
        in_set(id_column, items[id_column], f"Every {id_column} is in {dimension}."),
        equal(name_column, f"dimension_{name_column}", f"{name_column} is the one {dimension} gives the id."),
        row_count(roles * len(items), f"One row per role ({roles}) per row of {dimension} ({len(items)})."),
        equal("frequency", "mentioning_postings", "frequency = postings mentioning the item in fct_posting_mentions."),
        *frequency_expectations(postings, ["role"], every_role=len(items) > 0),
    ]
    return MartSuite(mart, ["role", id_column], frame, expectations)


# Dimensions -----------------------------------------------------------------------------------


def dim_postings_suite(frames: Frames, project: ProjectVars) -> MartSuite:
    frame = frames["dim_postings"].copy()
    frame["posted_date_year"] = pd.to_datetime(frame["posted_date"]).dt.year
    expectations = [
        *key("posting_id"),
        *not_null("role"),
        gxe.ExpectTableRowCountToBeBetween(min_value=1, description="A warehouse without postings is not a build."),
        in_set("work_arrangement", WORK_ARRANGEMENTS),
        between("team_size", 1, 500),
        between("posting_year", 1990, 2100),
        between("org_size_min_employees", min_value=1),
        between("org_size_max_employees", min_value=1),
        at_least("org_size_max_employees", "org_size_min_employees", "A size band's upper bound >= its lower bound."),
        equal("posting_year", "posted_date_year", "posting_year is the year of posted_date."),
    ]
    return MartSuite("dim_postings", ["posting_id"], frame, expectations)


def taxonomy_suite(mart: str, id_column: str, name_column: str, frames: Frames, extra: Expectations) -> MartSuite:
    if mart == "dim_skills" or not is_user_mode(frames):
        size = gxe.ExpectTableRowCountToBeBetween(min_value=1, description="The taxonomy is not empty.")
    else:
        size = row_count(0, "The user's postings are measured against skills only: no tools, themes or signals.")
    expectations = [
        *key(id_column),
        *key(name_column),
        size,
        *extra,
    ]
    return MartSuite(mart, [id_column], frames[mart], expectations)


def dim_skills_suite(frames: Frames, project: ProjectVars) -> MartSuite:
    return taxonomy_suite("dim_skills", "skill_id", "skill_name", frames, not_null("category"))


def dim_themes_suite(frames: Frames, project: ProjectVars) -> MartSuite:
    return taxonomy_suite("dim_themes", "theme_id", "theme_name", frames, [])


def dim_tool_categories_suite(frames: Frames, project: ProjectVars) -> MartSuite:
    return taxonomy_suite("dim_tool_categories", "tool_category_id", "tool_category_name", frames, [])


def dim_tools_suite(frames: Frames, project: ProjectVars) -> MartSuite:
    categories = frames["dim_tool_categories"]
    suite = taxonomy_suite("dim_tools", "tool_id", "tool_name", frames, [])
    frame = suite.frame.copy()
    frame["category_tool_category_name"] = frame["tool_category_id"].map(
        categories.set_index("tool_category_id")["tool_category_name"]
    )
    expectations = [
        *suite.expectations,
        *not_null("tool_category_id"),
        in_set("tool_category_id", categories["tool_category_id"], "Every tool's category is in dim_tool_categories."),
        equal("tool_category_name", "category_tool_category_name", "tool_category_name is its category's name."),
    ]
    return MartSuite("dim_tools", suite.key_columns, frame, expectations)


def dim_signals_suite(frames: Frames, project: ProjectVars) -> MartSuite:
    extra = [
        *not_null("quantifier", "quantifier_definition", "quantifier_min_postings", "quantifier_min_share"),
        *not_null("quantifier_max_share", "is_quantifier_min_share_strict"),
        between("quantifier_min_postings", min_value=0),
        between("quantifier_min_share", 0, 1),
        between("quantifier_max_share", 0, 1),
        at_least("quantifier_max_share", "quantifier_min_share", "A quantifier's share range is not empty."),
    ]
    return taxonomy_suite("dim_signals", "signal_id", "signal_name", frames, extra)


# Mentions and frequency facts -----------------------------------------------------------------


def is_taxonomy_item(frame: pd.DataFrame, frames: Frames) -> pd.Series:
    """Whether each row's (item_type, item_id) is an item of the dimension of its kind."""
    known = pd.MultiIndex.from_tuples(
        [
            (item_type, item_id)
            for item_type, (_, dim, id_column, _) in ITEMS.items()
            for item_id in frames[dim][id_column]
        ],
        names=["item_type", "item_id"],
    )
    return pd.Series(pd.MultiIndex.from_frame(frame[["item_type", "item_id"]]).isin(known), index=frame.index)


def fct_posting_mentions_suite(frames: Frames, project: ProjectVars) -> MartSuite:
    postings = frames["dim_postings"]
    frame = frames["fct_posting_mentions"].copy()
    frame["posting_role"] = frame["posting_id"].map(postings.set_index("posting_id")["role"])
    frame["is_taxonomy_item"] = is_taxonomy_item(frame, frames)
    counted = sum(int(frames[mart]["frequency"].sum()) for mart, *_ in ITEMS.values())
    keys = ["posting_id", "item_type", "item_id"]
    expectations = [
        *key(*keys),
        *not_null("role", "mention_source"),
        in_set("posting_id", postings["posting_id"], "Every mention is of a posting in dim_postings."),
        equal("role", "posting_role", "role is the posting's role in dim_postings."),
        in_set("item_type", ITEM_TYPES),
        in_set("mention_source", MENTION_SOURCES),
        gxe.ExpectColumnValuesToBeInSet(
            column="is_taxonomy_item",
            value_set=[True],
            description="Every (item_type, item_id) is an item of its dimension (dim_skills, dim_tools, ...).",
        ),
        row_count(counted, "One row per posting counted in a frequency: the item marts' frequencies add up to it."),
    ]
    return MartSuite("fct_posting_mentions", keys, frame, expectations)


def fct_skill_frequency_suite(frames: Frames, project: ProjectVars) -> MartSuite:
    return item_frequency_suite("skill", frames, project)


def fct_theme_frequency_suite(frames: Frames, project: ProjectVars) -> MartSuite:
    return item_frequency_suite("theme", frames, project)


def fct_tool_frequency_suite(frames: Frames, project: ProjectVars) -> MartSuite:
    suite = item_frequency_suite("tool", frames, project)
    tools = frames["dim_tools"].set_index("tool_id")
    frame = suite.frame
    frame["dimension_tool_category_id"] = frame["tool_id"].map(tools["tool_category_id"])
    expectations = [
        *suite.expectations,
        equal("tool_category_id", "dimension_tool_category_id", "tool_category_id is the tool's in dim_tools."),
    ]
    return MartSuite(suite.mart, suite.key_columns, frame, expectations)


def category_member_columns(frame: pd.DataFrame, tool_frequency: pd.DataFrame, tools: pd.DataFrame) -> pd.DataFrame:
    """Per (role, category): the largest and the summed frequency of its tools, and its tool count."""
    keys = ["role", "tool_category_id"]
    members = tool_frequency.groupby(keys)["frequency"].agg(tools_max_frequency="max", tools_sum_frequency="sum")
    out = frame.merge(members.reset_index(), on=keys, how="left")
    out[["tools_max_frequency", "tools_sum_frequency"]] = out[["tools_max_frequency", "tools_sum_frequency"]].fillna(0)
    out["tools_in_category"] = out["tool_category_id"].map(tools.groupby("tool_category_id").size()).fillna(0)
    return out


def fct_tool_category_frequency_suite(frames: Frames, project: ProjectVars) -> MartSuite:
    suite = item_frequency_suite("tool_category", frames, project)
    frame = category_member_columns(suite.frame, frames["fct_tool_frequency"], frames["dim_tools"])
    expectations = [
        *suite.expectations,
        at_least(
            "frequency", "tools_max_frequency", "A category's frequency >= its most-named tool's (fct_tool_frequency)."
        ),
        at_least(
            "tools_sum_frequency", "frequency", "A category's frequency <= the sum of its tools' (fct_tool_frequency)."
        ),
        equal("max_member_frequency", "tools_max_frequency", "max_member_frequency agrees with fct_tool_frequency."),
        equal("sum_member_frequency", "tools_sum_frequency", "sum_member_frequency agrees with fct_tool_frequency."),
        equal("member_tool_count", "tools_in_category", "member_tool_count = the category's tools in dim_tools."),
    ]
    return MartSuite(suite.mart, suite.key_columns, frame, expectations)


def quantifier_holds(frame: pd.DataFrame, signals: pd.DataFrame) -> pd.Series:
    """Whether each signal's count satisfies its quantifier's documented meaning (dim_signals)."""
    meaning = frame[["signal_id"]].merge(signals, on="signal_id", how="left")
    meaning.index = frame.index
    share = frame["frequency"] / frame["total_postings"].astype(float).where(frame["total_postings"] > 0)
    strict = meaning["is_quantifier_min_share_strict"].fillna(True).astype(bool)
    above_min = (share > meaning["quantifier_min_share"]) | (~strict & (share == meaning["quantifier_min_share"]))
    holds = (frame["frequency"] >= meaning["quantifier_min_postings"]) & (share <= meaning["quantifier_max_share"])
    return (holds & above_min).fillna(False).astype(bool)


def fct_signal_frequency_suite(frames: Frames, project: ProjectVars) -> MartSuite:
    suite = item_frequency_suite("signal", frames, project)
    frame = suite.frame
    frame["frequency_satisfies_quantifier"] = quantifier_holds(frame, frames["dim_signals"])
    expectations = [
        *suite.expectations,
        *not_null("is_quantifier_consistent"),
        gxe.ExpectColumnValuesToBeInSet(
            column="frequency_satisfies_quantifier",
            value_set=[True],
            description="frequency agrees with the quantifier's meaning in dim_signals (min postings, share range).",
        ),
        equal(
            "is_quantifier_consistent",
            "frequency_satisfies_quantifier",
            "is_quantifier_consistent agrees with the quantifier's meaning.",
        ),
    ]
    return MartSuite(suite.mart, suite.key_columns, frame, expectations)


# The sample's profile and summary -------------------------------------------------------------


def member_label(value: object) -> str:
    """A dimension value as fct_sample_profile writes it: text, whole numbers without .0, nulls unknown."""
    if value is None or pd.isna(value):  # type: ignore[call-overload]
        return UNKNOWN_MEMBER
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def profile_member_counts(postings: pd.DataFrame) -> pd.DataFrame:
    """Postings per (role, dimension, member), counted from dim_postings directly."""
    counts = []
    for dimension in PROFILE_DIMENSIONS:
        members = postings[dimension].map(member_label)
        grouped = postings.assign(member=members).groupby(["role", "member"])["posting_id"].nunique()
        counts.append(grouped.rename("postings_with_member").reset_index().assign(dimension=dimension))
    return pd.concat(counts, ignore_index=True)


def fct_sample_profile_suite(frames: Frames, project: ProjectVars) -> MartSuite:
    postings = frames["dim_postings"]
    keys = ["role", "dimension", "member"]
    frame = with_frequency_columns(frames["fct_sample_profile"], postings, ["role", "dimension"], project)
    frame["dimension_frequency_sum"] = frame.groupby(["role", "dimension"])["frequency"].transform("sum")
    counts = profile_member_counts(postings)
    frame = frame.merge(counts, on=keys, how="left")
    expectations = [
        *key(*keys),
        in_set("dimension", PROFILE_DIMENSIONS),
        row_count(len(counts), "One row per (role, dimension, member) found in dim_postings."),
        equal("dimension_frequency_sum", "total_postings", "Each dimension's members sum to the role's total."),
        equal("frequency", "postings_with_member", "frequency = postings of dim_postings with that member."),
        *frequency_expectations(postings, ["role", "dimension"]),
    ]
    return MartSuite("fct_sample_profile", keys, frame, expectations)


SUMMARY_AGGREGATES: dict[str, tuple[str, str]] = {
    "total_postings": ("posting_id", "nunique"),
    "region_count": ("region", "nunique"),
    "country_count": ("country", "nunique"),
    "industry_count": ("industry", "nunique"),
    "job_board_count": ("job_board", "nunique"),
    "company_count": ("company", "nunique"),
    "org_size_min_employees": ("org_size_min_employees", "min"),
    "team_size_min": ("team_size", "min"),
    "team_size_max": ("team_size", "max"),
    "first_posting_year": ("posting_year", "min"),
    "last_posting_year": ("posting_year", "max"),
    "distributed_team_postings": ("is_distributed_team", "sum"),
}


def fct_sample_summary_suite(frames: Frames, project: ProjectVars) -> MartSuite:
    postings = frames["dim_postings"]
    aggregates = {f"expected_{column}": spec for column, spec in SUMMARY_AGGREGATES.items()}
    expected = postings.groupby("role").agg(**aggregates).reset_index()
    frame = frames["fct_sample_summary"].merge(expected, on="role", how="left")
    population = postings["posting_id"].nunique()
    expectations = [
        *key("role"),
        roles_expectation(postings),
        row_count(postings["role"].nunique(), "One row per role of dim_postings."),
        gxe.ExpectColumnSumToBeBetween(
            column="total_postings",
            min_value=population,
            max_value=population,
            description="The roles' totals add up to the postings of dim_postings.",
        ),
        between("total_postings", min_value=1),
        *[between(column, min_value=0) for column in SUMMARY_AGGREGATES if column.endswith(("_count", "_postings"))],
        between("org_size_min_employees", min_value=1),
        between("team_size_min", min_value=1),
        at_least("team_size_max", "team_size_min", "team_size_min <= team_size_max."),
        at_least("last_posting_year", "first_posting_year", "first_posting_year <= last_posting_year."),
        *[equal(column, f"expected_{column}", f"{column} agrees with dim_postings.") for column in SUMMARY_AGGREGATES],
    ]
    return MartSuite("fct_sample_summary", ["role"], frame, expectations)


# Reconciliation and row accounting ------------------------------------------------------------


def fct_published_reconciliation_suite(frames: Frames, project: ProjectVars) -> MartSuite:
    frame = frames["fct_published_reconciliation"].copy()
    frame["status_is_match"] = frame["status"] == "match"
    known = Column("is_known_discrepancy") == True  # noqa: E712 (a GX condition, not a comparison)
    unknown = Column("is_known_discrepancy") == False  # noqa: E712
    expectations = [
        *key("reconciliation_id"),
        *not_null("role", "published_table", "status", "is_match", "is_known_discrepancy"),
        (
            row_count(0, "The published analysis describes the sample: nothing to reconcile for the user's postings.")
            if is_user_mode(frames)
            else gxe.ExpectTableRowCountToBeBetween(min_value=1, description="The published figures are reconciled.")
        ),
        in_set("role", [project.published_role], "Only the published role (var published_role) is reconciled."),
        in_set("published_table", PUBLISHED_TABLES),
        in_set("status", RECONCILIATION_STATUSES),
        equal("is_match", "status_is_match", "is_match is true exactly when status is match."),
        gxe.ExpectColumnValuesToBeInSet(
            column="status",
            value_set=["match"],
            row_condition=unknown,
            description="Every published figure matches, unless it is a documented known discrepancy.",
        ),
        gxe.ExpectColumnValuesToBeInSet(
            column="status",
            value_set=["mismatch"],
            row_condition=known,
            description="A known discrepancy is a mismatch.",
        ),
        gxe.ExpectColumnValuesToNotBeNull(
            column="discrepancy_explanation",
            row_condition=known,
            description="A known discrepancy says why.",
        ),
    ]
    return MartSuite("fct_published_reconciliation", ["reconciliation_id"], frame, expectations)


def fct_row_accounting_suite(frames: Frames, project: ProjectVars) -> MartSuite:
    frame = frames["fct_row_accounting"].copy()
    quarantined = frames["fct_quarantined_rows"].groupby("input_name").size()
    frame["rows_accepted_deduplicated_quarantined"] = (
        frame["rows_accepted"] + frame["rows_deduplicated"] + frame["rows_quarantined"]
    )
    frame["quarantined_rows_listed"] = frame["input_name"].map(quarantined).fillna(0)
    postings = len(frames["dim_postings"])
    counts = ["rows_in", "rows_accepted", "rows_deduplicated", "rows_quarantined"]
    expectations = [
        *key("input_name"),
        *not_null(*counts),
        *[between(column, min_value=0) for column in counts],
        equal("rows_in", "rows_accepted_deduplicated_quarantined", "rows_in = accepted + deduplicated + quarantined."),
        equal("rows_quarantined", "quarantined_rows_listed", "rows_quarantined = its rows in fct_quarantined_rows."),
        *[
            gxe.ExpectColumnValuesToBeBetween(
                column=column,
                min_value=0,
                max_value=0,
                row_condition=Column("input_name") != USER_POSTINGS_INPUT,
                description="The shipped sample is curated: none of its rows is a duplicate or unusable.",
            )
            for column in ("rows_deduplicated", "rows_quarantined")
        ],
        gxe.ExpectColumnValuesToBeBetween(
            column="rows_accepted",
            min_value=postings,
            max_value=postings,
            row_condition=Column("input_name")
            == (USER_POSTINGS_INPUT if is_user_mode(frames) else SAMPLE_POSTINGS_INPUT),
            description="The accepted postings are the rows of dim_postings.",
        ),
    ]
    return MartSuite("fct_row_accounting", ["input_name"], frame, expectations)


def fct_quarantined_rows_suite(frames: Frames, project: ProjectVars) -> MartSuite:
    accounting = frames["fct_row_accounting"]
    keys = ["input_name", "input_row_number"]
    expectations = [
        *key(*keys),
        *not_null("quarantine_reason"),
        in_set("input_name", accounting["input_name"], "Every quarantined row's input is in fct_row_accounting."),
        in_set("item_type", ITEM_TYPES),
        row_count(int(accounting["rows_quarantined"].sum()), "As many rows as fct_row_accounting quarantined."),
    ]
    return MartSuite("fct_quarantined_rows", keys, frames["fct_quarantined_rows"], expectations)


SUITE_BUILDERS: dict[str, Callable[[Frames, ProjectVars], MartSuite]] = {
    "dim_postings": dim_postings_suite,
    "dim_skills": dim_skills_suite,
    "dim_tools": dim_tools_suite,
    "dim_tool_categories": dim_tool_categories_suite,
    "dim_themes": dim_themes_suite,
    "dim_signals": dim_signals_suite,
    "fct_posting_mentions": fct_posting_mentions_suite,
    "fct_skill_frequency": fct_skill_frequency_suite,
    "fct_tool_frequency": fct_tool_frequency_suite,
    "fct_tool_category_frequency": fct_tool_category_frequency_suite,
    "fct_theme_frequency": fct_theme_frequency_suite,
    "fct_signal_frequency": fct_signal_frequency_suite,
    "fct_sample_profile": fct_sample_profile_suite,
    "fct_sample_summary": fct_sample_summary_suite,
    "fct_published_reconciliation": fct_published_reconciliation_suite,
    "fct_row_accounting": fct_row_accounting_suite,
    "fct_quarantined_rows": fct_quarantined_rows_suite,
}


def build_suites(frames: Frames, project: ProjectVars) -> list[MartSuite]:
    """One suite per mart, in MARTS order."""
    return [SUITE_BUILDERS[mart](frames, project) for mart in MARTS]
