"""Render the job-posting analysis, in the published document's shape, from the marts alone.

Per role with at least var min_postings_per_role_report postings (fct_role_seniority.has_own_report),
into reports/ (or --output-dir):

- job_posting_analysis_<role>.md, the analysis, with charts linked under their sections;
- job_posting_analysis_<role>_charts/*.png, the charts (job_skills.report.charts), drawn offline;
- job_posting_analysis_<role>.html, the same markdown rendered by mistune (tables, footnotes) into
  the page templates/report.html (Jinja2): inline CSS, charts embedded as data URIs, nothing
  fetched from a network; text from the data is escaped.

And one index page over all roles, index.md and index.html (its links point at the .md and the
.html reports): a row per role with its own report (postings, seniority mix, link), then one
"Other roles" row summarising the roles below the threshold together, with their count, and a
line naming them.

Where a published figure disagrees with the data, the computed figure is printed with a
footnote saying what was published (fct_published_reconciliation).

    job-skills report [--warehouse PATH] [--output-dir DIR]
"""

from __future__ import annotations

import argparse
import base64
import mimetypes
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import mistune
import pandas as pd
from jinja2 import Environment, PackageLoader, StrictUndefined
from mistune.plugins.table import render_table

from job_skills.project import PROJECT_ROOT, read_frame, warehouse_path
from job_skills.report import charts as render_charts
from job_skills.report.charts import round_half_up

DEFAULT_OUTPUT_DIR = PROJECT_ROOT / "reports"


@dataclass
class Footnotes:
    """Published figures that disagree with the computed ones, keyed by (table, item, measure)."""

    mismatches: dict[tuple[str, str, str], str]
    notes: list[str] = field(default_factory=list)

    def mark(
        self,
        table: str,
        item: str,
        measure: str,
        computed: str,
        explanation: str,
        unit: str = "",
    ) -> str:
        published = self.mismatches.get((table, item, measure))
        if published is None:
            return computed
        return computed + self.add(f"Published as {published}{unit}; {explanation}")

    def add(self, note: str) -> str:
        """A footnote of the report's own; returns its marker."""
        self.notes.append(note)
        return f"[^{len(self.notes)}]"


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def percent(share: float) -> str:
    return f"{100 * share:.1f}%"


def table(header: list[str], rows: list[list[object]]) -> list[str]:
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join("-" * (len(h) + 2) for h in header) + "|",
    ]
    lines += ["| " + " | ".join(table_cell(cell) for cell in row) + " |" for row in rows]
    return lines


def table_cell(value: object) -> str:
    """A cell's text; a '|' from the data is escaped so it cannot split the cell (nor the row)."""
    return str(value).replace("|", "\\|") if known(value) else ""


MAX_MEMBERS = 12  # a summary line lists at most this many members, then says how many more


def found(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows of a frequency mart found in at least one posting (the others are counted, not listed)."""
    return frame[frame["frequency"] > 0] if "frequency" in frame else frame


def not_found_line(frame: pd.DataFrame, kind: str) -> list[str]:
    """'_3 other skills of the taxonomy were found in no posting._', or nothing when every one was found."""
    missing = len(frame) - len(found(frame))
    if not missing:
        return []
    if missing == len(frame):
        return [f"_No {kind} of the taxonomy was found in these postings._", ""]
    plural = kind if missing == 1 else PLURALS[kind]
    return [f"_{missing} other {plural} of the taxonomy {'was' if missing == 1 else 'were'} found in no posting._", ""]


PLURALS = {"skill": "skills", "skill area": "skill areas", "tool": "tools", "theme": "themes", "signal": "signals"}


def known(value: object) -> bool:
    return value is not None and not pd.isna(value)


def members(profile: pd.DataFrame, dimension: str) -> str | None:
    """'A (3), B (2); not stated for 4' for the dimension's stated members, most frequent first, then how
    many postings do not state it; None when no posting states it."""
    of_dimension = profile[profile["dimension"] == dimension]
    rows = of_dimension[of_dimension["member"] != render_charts.UNKNOWN_MEMBER]
    if rows.empty:
        return None
    rows = rows.sort_values(["frequency", "member"], ascending=[False, True])
    listed = ", ".join(f"{m} ({f})" for m, f in zip(rows["member"][:MAX_MEMBERS], rows["frequency"], strict=False))
    listed += f" and {len(rows) - MAX_MEMBERS} more" if len(rows) > MAX_MEMBERS else ""
    not_stated = of_dimension.loc[of_dimension["member"] == render_charts.UNKNOWN_MEMBER, "frequency"].sum()
    return listed + (f"; not stated for {not_stated}" if not_stated else "")


def org_size(summary: pd.Series, profile: pd.DataFrame) -> str | None:
    """'500 – 100k+ employees' from numeric bands, else the bands as the postings give them."""
    if not known(summary["org_size_min_employees"]):
        return members(profile, "org_size_band")
    if summary["has_open_ended_org_size"]:
        # the open band as the postings write it, without a unit of its own ("10000+ employees")
        upper = re.sub(r"\s*employees$", "", str(summary["org_size_max_band"]), flags=re.IGNORECASE)
    else:
        upper = f"{summary['org_size_max_employees']:,}"
    return f"{summary['org_size_min_employees']:,} – {upper} employees"


def summary_section(summary: pd.Series, profile: pd.DataFrame, chart: list[str] | None = None) -> list[str]:
    """The published Summary's bullets; a bullet whose data the postings do not carry is left out."""
    team = None
    if known(summary["team_size_min"]):
        team = f"teams of {summary['team_size_min']}–{summary['team_size_max']} engineers"
    years = None
    if known(summary["first_posting_year"]):
        years = f"{summary['first_posting_year']}–{summary['last_posting_year']}"
    bullets = {
        "Regions": members(profile, "region"),
        "Countries": members(profile, "country"),
        "States / regions": members(profile, "state_or_region"),  # parsed from the location
        "Industries": members(profile, "industry"),
        "Org Size": "; ".join(part for part in (org_size(summary, profile), team) if part) or None,
        "Years": years,
        # the employers of the postings (the published analysis lists them under "Job boards")
        "Employers": members(profile, "company") or members(profile, "job_board"),
    }
    listed = [f"- **{label}**: {text}." for label, text in bullets.items() if text]
    return ["## Summary", "", *listed, "", *(chart or [])]


def skill_section(skills: pd.DataFrame, notes: Footnotes, chart: list[str] | None = None) -> list[str]:
    rows = []
    for s in found(skills).itertuples():
        explanation = (
            f"{s.frequency} of {s.total_postings} postings is {100 * s.share_of_postings:.2f}%, "
            f"which rounds to {s.pct_of_postings}%."
        )
        rows.append(
            [
                s.skill_name,
                notes.mark(
                    "skill_frequency",
                    s.skill_name,
                    "frequency",
                    str(s.frequency),
                    explanation,
                ),
                notes.mark(
                    "skill_frequency",
                    s.skill_name,
                    "pct_of_postings",
                    f"{s.pct_of_postings}%",
                    explanation,
                    "%",
                ),
                notes.mark("skill_frequency", s.skill_name, "tier", s.tier, explanation),
                f"{percent(s.wilson_lower)} – {percent(s.wilson_upper)}",
                s.category,
                s.notes,
            ]
        )
    header = [
        "Skill",
        "Frequency",
        "% of Postings",
        "Tier",
        "95% interval",
        "Skill area",
        "Notes",
    ]
    listed = [*(chart or []), *table(header, rows), ""] if rows else []
    return ["## Aggregate Skill Frequency", "", *listed, *not_found_line(skills, "skill")]


def groups_skills(areas: pd.DataFrame) -> bool:
    """Whether some skill area holds more than one skill: otherwise the skill table's Skill area
    column already says everything an area table would."""
    return bool(len(areas)) and bool((areas["member_skill_count"].fillna(0) > 1).any())


SKILL_AREAS_LEFT_OUT = "Skill Areas: each skill area of the taxonomy holds one skill (the skill table names it)."


def skill_area_section(areas: pd.DataFrame, skills: pd.DataFrame) -> list[str]:
    """Postings asking for at least one skill of each area (fct_skill_category_frequency), with
    the area's skills found and their own counts."""
    rows = []
    for a in found(areas).itertuples():
        members_of = found(skills[skills["skill_category_id"] == a.skill_category_id])
        named = ", ".join(f"{s} ({f})" for s, f in zip(members_of["skill_name"], members_of["frequency"], strict=True))
        rows.append(
            [
                a.skill_category_name,
                named,
                str(a.frequency),
                f"{a.pct_of_postings}%",
                a.tier,
                f"{percent(a.wilson_lower)} – {percent(a.wilson_upper)}",
            ]
        )
    header = ["Skill area", "Skills (postings)", "Frequency", "% of Postings", "Tier", "95% interval"]
    intro = ["A posting counts for an area when it asks for at least one of the area's skills.", ""]
    listed = [*intro, *table(header, rows), ""] if rows else []
    return ["## Skill Areas", "", *listed, *not_found_line(areas, "skill area")]


MAX_PAIRS = 15  # the Skills That Go Together table lists at most this many pairs, most postings first


def pair_rows(pairs: pd.DataFrame) -> pd.DataFrame:
    """One row per unordered pair (fct_skill_cooccurrence has both orders), the more frequent skill
    first, most postings with both first, then the higher lift, then by name."""
    if pairs.empty:
        return pairs
    first = (pairs["skill_frequency"] > pairs["co_skill_frequency"]) | (
        (pairs["skill_frequency"] == pairs["co_skill_frequency"]) & (pairs["skill_name"] < pairs["co_skill_name"])
    )
    return pairs[first].sort_values(
        ["postings_with_both", "lift", "skill_name", "co_skill_name"], ascending=[False, False, True, True]
    )


def pair_share(both: int, of: int, lower: float, upper: float) -> str:
    return f"{round_half_up(100 * both, of)}% of {of} ({percent(lower)} – {percent(upper)})"


def cooccurrence_section(pairs: pd.DataFrame, chart: list[str] | None = None) -> list[str]:
    """The pairs of skills asked for together most often (fct_skill_cooccurrence), each with the
    share of either skill's postings that ask for the other and its interval, and the lift."""
    unordered = pair_rows(pairs)
    mirror = pairs.set_index(["skill_id", "co_skill_id"])
    rows = []
    for p in unordered.head(MAX_PAIRS).itertuples():
        back = mirror.loc[(p.co_skill_id, p.skill_id)] if (p.co_skill_id, p.skill_id) in mirror.index else None
        rows.append(
            [
                p.skill_name,
                p.co_skill_name,
                str(p.postings_with_both),
                f"{round_half_up(100 * p.postings_with_both, p.total_postings)}%",
                pair_share(p.postings_with_both, p.skill_frequency, p.conditional_lower, p.conditional_upper),
                (
                    pair_share(
                        p.postings_with_both, p.co_skill_frequency, back.conditional_lower, back.conditional_upper
                    )
                    if back is not None
                    else "–"
                ),
                f"{p.lift:.2f}",
            ]
        )
    minimum = int(pairs["cooccurrence_min_postings"].iloc[0])
    shown = (
        f"the {len(rows)} with the most postings of {len(unordered)} are listed"
        if len(unordered) > len(rows)
        else "all of them are listed"
    )
    intro = [
        (
            f"Pairs of skills at least {minimum} postings ask for together (var `cooccurrence_min_postings`);"
            f" {shown}. *A's with B* is the share of skill A's postings that ask for B too, *B's with A* the"
            " share of B's that ask for A, each with its 95% Wilson interval. Lift is how many times more"
            " often the two come together than if postings asked for them independently (1: as often)."
        ),
        "",
    ]
    header = ["Skill A", "Skill B", "Postings with both", "% of Postings", "A's with B", "B's with A", "Lift"]
    return ["## Skills That Go Together", "", *(chart or []), *intro, *table(header, rows), ""]


MAX_DIFFERENCES = 10  # the comparison table lists at most this many skills each way


def comparison_section(comparison: pd.DataFrame, chart: list[str] | None = None) -> list[str]:
    """The skills this role asks for more (and less) often than all other postings
    (fct_role_skill_comparison), where the difference's 95% interval excludes zero."""
    others = int(comparison["other_postings"].iloc[0])
    rows_of = render_charts.distinctive(comparison, len(comparison))
    all_more = rows_of[rows_of["share_difference"] > 0]
    all_less = rows_of[rows_of["share_difference"] < 0]
    more, less = all_more.head(MAX_DIFFERENCES), all_less.head(MAX_DIFFERENCES)
    intro = [
        (
            f"Each skill's share of this role's postings against its share of the {others} postings of all other"
            " roles, in percentage points with the 95% interval of the difference (Newcombe's hybrid score"
            " interval); listed where that interval excludes 0. Each interval is a 95% interval for its own skill,"
            " not adjusted for comparing many skills: among many skills that do not differ, about 1 in 20 may"
            " still be listed."
        ),
        "",
    ]
    if rows_of.empty:
        return [
            "## How This Role Differs",
            "",
            *intro[:1],
            "",
            "_No skill's share differs from the other postings' beyond its interval._",
            "",
        ]

    def rows(frame: pd.DataFrame) -> list[list[object]]:
        return [
            [
                r.skill_name,
                f"{r.frequency} ({percent(r.share_of_postings)})",
                f"{r.other_frequency} ({percent(r.other_share_of_postings)})",
                f"{100 * r.share_difference:+.1f} ({100 * r.difference_lower:+.1f} to {100 * r.difference_upper:+.1f})",
            ]
            for r in frame.itertuples()
        ]

    header = ["Skill", "This role", "Other postings", "Difference, points (95% interval)"]
    lines = ["## How This Role Differs", "", *(chart or []), *intro]
    for label, shown, every in (("more", more, all_more), ("less", less, all_less)):
        if shown.empty:
            continue
        count = f"the {len(shown)} largest of {len(every)}" if len(every) > len(shown) else f"{len(every)}"
        lines += [f"**Asked for {label} often** ({count}):", "", *table(header, rows(shown)), ""]
    return lines


MAX_TREND_SKILLS = 8  # the Change Over Time table follows at most this many skills, the most asked-for
MAX_PERIOD_COLUMNS = 6  # more periods than this: the table gives the first and last, the chart all


def trend_periods(trends: pd.DataFrame) -> pd.DataFrame:
    """The role's periods in order, with their postings and small-sample flag."""
    return trends.drop_duplicates("period_start").sort_values("period_start")[
        ["period", "period_start", "total_postings", "is_small_sample"]
    ]


def trend_skills(trends: pd.DataFrame, skills: pd.DataFrame, limit: int) -> list[str]:
    """The most asked-for skills of the role (fct_skill_frequency's order) that have trend rows."""
    ids = set(trends["skill_id"])
    return [s for s in found(skills)["skill_id"] if s in ids][:limit]


def trend_section(trends: pd.DataFrame, skills: pd.DataFrame, chart: list[str] | None = None) -> list[str]:
    """Per period of the dated postings, the top skills' shares, and each one's change from the
    first period to the last with its 95% interval (fct_skill_trends)."""
    periods = trend_periods(trends)
    shown = periods if len(periods) <= MAX_PERIOD_COLUMNS else periods.iloc[[0, -1]]
    small = bool(shown["is_small_sample"].any())
    header = ["Skill"]
    header += [f"{p.period} ({p.total_postings}){'*' if p.is_small_sample else ''}" for p in shown.itertuples()]
    header += ["Change, first to last (95% interval)"]
    rows = []
    for skill_id in trend_skills(trends, skills, MAX_TREND_SKILLS):
        own = trends[trends["skill_id"] == skill_id].set_index("period_start")
        if periods["period_start"].iloc[-1] not in own.index or not set(shown["period_start"]) <= set(own.index):
            continue  # the mart is a full grid of periods and skills; a hand-filtered frame may not be
        last = own.loc[periods["period_start"].iloc[-1]]
        cells = [
            f"{own.loc[p, 'frequency']} ({round_half_up(100 * own.loc[p, 'frequency'], own.loc[p, 'total_postings'])}%)"
            for p in shown["period_start"]
        ]
        arrow = ""
        if last.is_change_distinctive:
            arrow = " ↑" if last.change_from_first > 0 else " ↓"
        bounds = f"{100 * last.change_lower:+.1f} to {100 * last.change_upper:+.1f}"
        change = f"{100 * last.change_from_first:+.1f} points ({bounds}){arrow}"
        rows.append([own["skill_name"].iloc[0], *cells, change])
    dated = int(periods["total_postings"].sum())
    intro = (
        f"The {dated} dated postings by period (postings in brackets), and the share asking for each of the most"
        " asked-for skills; the change is from the first period to the last, in percentage points with its 95%"
        " interval (Newcombe); ↑ / ↓ where that interval excludes 0."
    )
    if len(shown) < len(periods):
        intro += f" {len(periods)} periods: the table gives the first and the last, the chart every one."
    lines = ["## Change Over Time", "", *(chart or []), intro, "", *table(header, rows), ""]
    if small:
        lines += [
            (
                "_* Fewer postings than the small-sample threshold (var `small_sample_max_postings`):"
                " read the change with its interval._"
            ),
            "",
        ]
    return lines


MAX_PAY_SKILLS = render_charts.MAX_PAY_SKILLS  # the Pay table lists the skills its chart draws


def money(amount: object, signed: bool = False) -> str:
    """A yearly amount with thousands separators, no decimals, rounded half away from zero:
    111250.0 -> '111,250'; signed: '+12,500', '-3,000'; '—' when there is none."""
    if not known(amount):
        return "—"
    whole = int(Decimal(float(amount)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return f"{whole:+,}" if signed else f"{whole:,}"


def median_cell(median: object, lower: object, upper: object) -> str:
    """'111,250 [98,000 – 120,500]'; the median alone under 6 postings (no interval), '—' for none."""
    if not known(median):
        return "—"
    if not (known(lower) and known(upper)):
        return money(median)
    return f"{money(median)} [{money(lower)} – {money(upper)}]"


def premium_cell(premium: object, share: object, distinctive: object) -> str:
    """'+12,500 (+11.2%) ↑'; '—' where there is no premium (a group under the small-sample size). The
    share is rounded half away from zero from its shortest decimal form (0.1125 -> +11.3%), as every
    figure of the report is."""
    if not known(premium):
        return "—"
    relative = ""
    if known(share):
        percent = (Decimal(repr(float(share))) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        relative = f" ({percent:+}%)"
    return f"{money(premium, signed=True)}{relative}{render_charts.premium_arrow(premium, distinctive)}"


def pay_section(salaries: pd.DataFrame, summary: pd.Series, chart: list[str] | None = None) -> list[str]:
    """Per skill of the role's postings with pay, the median yearly pay of those that ask for it and
    of those that do not, with their 95% intervals, and the premium (fct_skill_salary)."""
    total = int(summary["total_postings"])
    salaried = int(salaries["salaried_postings"].iloc[0])
    unparsed = count_of(summary, "salary_texts_not_parsed")
    listed = render_charts.pay_skills(salaries, MAX_PAY_SKILLS)
    skilled = int((salaries["postings_with_skill"] > 0).sum())
    shown = (
        f"the {len(listed)} skills asked for by the most of them are listed, of {skilled}"
        if skilled > len(listed)
        else "every skill they ask for is listed"
    )
    one_bound = count_of(summary, "salary_texts_one_bound")
    stated = f"{salaried} of the role's {total} postings state their pay"
    others = []
    if unparsed:
        others.append(f"{unparsed} more have a salary text that gives no pay range")
    if one_bound:
        others.append(f"{one_bound} state only a minimum or a maximum, so no midpoint")
    if others:
        stated += f" ({'; '.join(others)}; they are not counted)"
    intro = (
        f"{stated}; {shown}. For each skill, the median yearly salary midpoint (the middle of a posting's"
        " range, made yearly) of the postings with pay that ask for it and of those that do not, each with"
        " its distribution-free 95% interval in brackets (order statistics; none under 6 postings). The"
        " premium is the median with minus the median without (in brackets, as a share of the median"
        " without), given only where both groups have at least the small-sample threshold of postings (var"
        " `small_sample_max_postings`), else —; ↑ / ↓ where the two intervals do not overlap. Amounts are"
        " yearly, in the input's currency."
    )
    rows = [
        [
            r.skill_name,
            str(r.postings_with_skill),
            median_cell(r.median_with_skill, r.median_with_skill_lower, r.median_with_skill_upper),
            str(r.postings_without_skill),
            median_cell(r.median_without_skill, r.median_without_skill_lower, r.median_without_skill_upper),
            premium_cell(r.salary_premium, r.salary_premium_share, r.is_premium_distinctive),
        ]
        for r in listed.itertuples()
    ]
    header = [
        "Skill",
        "Postings with it",
        "Median with [95% interval]",
        "Postings without",
        "Median without [95% interval]",
        "Premium (share)",
    ]
    lines = ["## Pay", "", *(chart or []), intro, ""]
    if not rows:
        return [*lines, "_No skill of the taxonomy was found in the postings with pay._", ""]
    return [*lines, *table(header, rows), ""]


def tool_section(
    categories: pd.DataFrame,
    tools: pd.DataFrame,
    notes: Footnotes,
    chart: list[str] | None = None,
) -> list[str]:
    rows = []
    for c in found(categories).itertuples():
        members_of = found(tools[tools["tool_category_id"] == c.tool_category_id])
        named = ", ".join(f"{t} ({f})" for t, f in zip(members_of["tool_name"], members_of["frequency"], strict=True))
        explanation = f"{c.frequency} of {c.total_postings} postings mention at least one of its tools."
        frequency = notes.mark(
            "tool_mentions",
            c.tool_category_name,
            "frequency",
            str(c.frequency),
            explanation,
        )
        rows.append([c.tool_category_name, named, frequency, f"{c.pct_of_postings}%", c.notes])
    header = [
        "Category",
        "Tool / Platform (postings)",
        "Frequency",
        "% of Postings",
        "Notes",
    ]
    listed = [*(chart or []), *table(header, rows), ""] if rows else []
    return ["## Technology & Tool Mentions", "", *listed, *not_found_line(tools, "tool")]


def theme_section(themes: pd.DataFrame, notes: Footnotes, chart: list[str] | None = None) -> list[str]:
    rows = []
    for t in found(themes).itertuples():
        explanation = f"{t.frequency} of {t.total_postings} postings."
        frequency = notes.mark(
            "responsibility_themes",
            t.theme_name,
            "frequency",
            str(t.frequency),
            explanation,
        )
        rows.append(
            [
                t.theme_name,
                t.representative_responsibilities,
                frequency,
                f"{t.pct_of_postings}%",
            ]
        )
    header = ["Theme", "Representative Responsibilities", "Frequency", "% of Postings"]
    listed = [*(chart or []), *table(header, rows), ""] if rows else []
    return ["## Responsibility Themes", "", *listed, *not_found_line(themes, "theme")]


def meaning(definition: str) -> str:
    """A quantifier's definition inside a sentence: 'At least one posting.' -> 'at least one posting'."""
    text = definition.strip().rstrip(".")
    return text[:1].lower() + text[1:]


def signal_section(signals: pd.DataFrame, notes: Footnotes) -> list[str]:
    lines = ["## Hiring Signals & Requirements", ""]
    for s in found(signals).itertuples():
        # the strongest word whose documented meaning the count satisfies; the text's own word, when
        # weaker, is footnoted (it holds too: "some" for 14 of 22 is true but reads as fewer than "many")
        strongest = getattr(s, "strongest_quantifier", None)
        word = strongest if known(strongest) else s.quantifier
        explanation = f"{s.frequency} of {s.total_postings} postings; '{s.quantifier}' means: {s.quantifier_definition}"
        quantifier = notes.mark("hiring_signals", s.signal_name, "quantifier", word, explanation)
        if word != s.quantifier and known(s.quantifier) and s.quantifier != "any":
            quantifier += notes.add(
                f"The text says '{s.quantifier}' ({meaning(s.quantifier_definition)}), which holds too;"
                f" '{word}' ({meaning(s.strongest_quantifier_definition)}) is the strongest word that holds"
                f" for {s.frequency} of {s.total_postings} postings."
            )
        lines.append(
            f"- **{s.signal_name}** ({quantifier}: {s.frequency} of {s.total_postings} postings, "
            f"{s.pct_of_postings}%): {s.statement}"
        )
    return [*lines, "", *not_found_line(signals, "signal")]


# A section whose taxonomy part is empty is left out, and the data notes say why.
SECTIONS_LEFT_OUT = {
    "skills": "Aggregate Skill Frequency: the taxonomy used has no skills.",
    "categories": "Technology & Tool Mentions: the taxonomy used has no tools.",
    "themes": "Responsibility Themes: the taxonomy used has no responsibility themes.",
    "signals": "Hiring Signals & Requirements: the taxonomy used has no hiring signals.",
}
TRENDS_UNDATED = "Change Over Time: no posting has a date (posted_date), so there are no periods."
TRENDS_ONE_PERIOD = "Change Over Time: every dated posting falls in one period (var `trend_period`)."
PAY_NONE = "Pay: no posting states its pay (the `postings_columns` field `salary`), so there are no salary figures."
PAY_NOT_PARSED = (
    "Pay: no posting's salary text gives a pay range (the `postings_columns` field `salary`), so there are no"
    " salary figures."
)
PAY_ONE_BOUND = (
    'Pay: the postings that state their pay give only a minimum or a maximum ("From $50,000", "Up to $120k"),'
    " no range with a midpoint, so there are no salary figures."
)
COMPARISON_LEFT_OUT = "How This Role Differs: every posting is of this role; there are no others to compare it with."
COOCCURRENCE_LEFT_OUT = (
    "Skills That Go Together: no two skills are asked for together in enough postings"
    " (var `cooccurrence_min_postings`)."
)


def count_of(summary: pd.Series, column: str) -> int | None:
    value = summary.get(column)
    return int(value) if known(value) else None


def data_notes(summary: pd.Series, left_out: list[str]) -> list[str]:
    """What a reader must know before the figures: postings with no skill, missing dates, a small
    sample, and the sections left out; nothing when there is nothing to say."""
    total = int(summary["total_postings"])
    notes = []
    without_skill = count_of(summary, "postings_without_skill")
    if without_skill:
        notes.append(
            f"{without_skill} of {total} postings ({100 * without_skill / total:.0f}%) matched no skill of the"
            f" taxonomy; every share below is of all {total} postings."
        )
    without_date = count_of(summary, "postings_without_date")
    if without_date == total:
        notes.append("The postings carry no dates (`posted_date`): no years are given.")
    elif without_date:
        notes.append(f"{without_date} of {total} postings have no date; the years are those of the others.")
    small = summary.get("is_small_sample")
    if known(small) and bool(small):
        notes.append(
            f"Small sample: {total} postings, fewer than the small-sample threshold (var"
            " `small_sample_max_postings`); read each share with its 95% interval."
        )
    notes += [f"Left out: {reason}" for reason in left_out]
    return ["## About These Figures", "", *[f"- {note}" for note in notes], ""] if notes else []


@dataclass(frozen=True)
class RoleData:
    """One role's rows of every mart the report reads."""

    summary: pd.Series
    profile: pd.DataFrame
    skills: pd.DataFrame
    categories: pd.DataFrame
    tools: pd.DataFrame
    themes: pd.DataFrame
    signals: pd.DataFrame
    mismatched: pd.DataFrame
    skill_areas: pd.DataFrame = field(default_factory=pd.DataFrame)
    pairs: pd.DataFrame = field(default_factory=pd.DataFrame)
    comparison: pd.DataFrame = field(default_factory=pd.DataFrame)
    trends: pd.DataFrame = field(default_factory=pd.DataFrame)
    salaries: pd.DataFrame = field(default_factory=pd.DataFrame)


def read_role(role: str, path: Path) -> RoleData:
    params = [role]
    order = "order by frequency desc, frequency_rank"

    def ranked(mart: str, name: str) -> pd.DataFrame:
        return read_frame(f"select * from marts.{mart} where role = ? {order}, {name}", params, path)

    return RoleData(
        summary=read_frame("select * from marts.fct_sample_summary where role = ?", params, path).iloc[0],
        profile=read_frame("select * from marts.fct_sample_profile where role = ?", params, path),
        skills=ranked("fct_skill_frequency", "skill_name"),
        categories=ranked("fct_tool_category_frequency", "tool_category_name"),
        tools=ranked("fct_tool_frequency", "tool_name"),
        themes=ranked("fct_theme_frequency", "theme_name"),
        signals=ranked("fct_signal_frequency", "signal_name"),
        mismatched=read_frame(
            "select published_table, item_name, measure, published_value from marts.fct_published_reconciliation"
            " where role = ? and status = 'mismatch'",
            params,
            path,
        ),
        skill_areas=ranked("fct_skill_category_frequency", "skill_category_name"),
        pairs=read_frame(
            "select * from marts.fct_skill_cooccurrence where role = ? order by skill_id, co_skill_id", params, path
        ),
        comparison=read_frame(
            "select * from marts.fct_role_skill_comparison where role = ? order by share_difference desc, skill_name",
            params,
            path,
        ),
        trends=read_frame(
            "select * from marts.fct_skill_trends where role = ? order by skill_id, period_start", params, path
        ),
        salaries=read_frame(
            "select * from marts.fct_skill_salary where role = ? order by postings_with_skill desc, skill_name",
            params,
            path,
        ),
    )


CHART_ALT_TEXT = {
    "profile": "The sample by region, industry and organisation size",
    "skills": "Skills by share of postings, coloured by tier, with 95% Wilson intervals",
    "tool_categories": "Tool categories by share of postings",
    "themes": "Responsibility themes by share of postings",
    "cooccurrence": "The most asked-for skills: the share of postings asking for each pair",
    "comparison": "Skills this role asks for more or less often than all other postings, with 95% intervals",
    "trends": "Share of postings per period for the most asked-for skills",
    "pay": "Median yearly pay of the postings asking for each skill and of those that do not, with 95% intervals",
}


def chart_lines(charts: dict[str, str], key: str) -> list[str]:
    """A markdown image line (and a blank) for the chart at its relative link, if it was drawn."""
    if key not in charts:
        return []
    return [f"![{CHART_ALT_TEXT[key]}]({charts[key]})", ""]


def role_markdown(role: str, data: RoleData, charts: dict[str, str] | None = None) -> str:
    """The analysis of one role; charts maps chart keys to links relative to the markdown file."""
    charts = charts or {}
    summary = data.summary
    notes = Footnotes(
        {(r.published_table, r.item_name, r.measure): r.published_value for r in data.mismatched.itertuples()}
    )
    lines = [
        f"# Job Posting Analysis — {role}",
        "",
        (
            f"> Sample set: {summary['total_postings']} postings"
            + (
                f" ({summary['first_posting_year']}–{summary['last_posting_year']})"
                if known(summary["first_posting_year"])
                else ""
            )
            + f" across {summary['industry_count']} industries and {summary['region_count']} regions. "
            "Every figure below is computed from the warehouse marts; percentages are of all postings, "
            "rounded half away from zero, with 95% Wilson intervals."
        ),
        "",
    ]
    left_out = [reason for part, reason in SECTIONS_LEFT_OUT.items() if getattr(data, part).empty]
    grouped = groups_skills(data.skill_areas)
    if len(data.skill_areas) and not grouped:
        left_out.insert(1, SKILL_AREAS_LEFT_OUT)
    if data.pairs.empty and len(found(data.skills)) >= 2:  # one skill found: no pair to speak of
        left_out.insert(1, COOCCURRENCE_LEFT_OUT)
    has_periods = not data.trends.empty and data.trends["period_start"].nunique() > 1
    undated = count_of(summary, "postings_without_date")
    if data.trends.empty and undated is not None and undated == count_of(summary, "total_postings"):
        left_out.insert(1, TRENDS_UNDATED)
    elif not data.trends.empty and not has_periods:
        left_out.insert(1, TRENDS_ONE_PERIOD)
    has_others = not data.comparison.empty and bool((data.comparison["other_postings"] > 0).any())
    if not data.comparison.empty and not has_others:
        left_out.insert(1, COMPARISON_LEFT_OUT)
    if data.salaries.empty and count_of(summary, "postings_with_salary") == 0 and not data.skills.empty:
        # after the analyses' reasons, before those of the sections that follow Pay
        later = [SECTIONS_LEFT_OUT[part] for part in ("categories", "themes", "signals")]
        at = next((i for i, reason in enumerate(left_out) if reason in later), len(left_out))
        reason = PAY_NONE
        if count_of(summary, "salary_texts_one_bound"):
            reason = PAY_ONE_BOUND
        elif count_of(summary, "salary_texts_not_parsed"):
            reason = PAY_NOT_PARSED
        left_out.insert(at, reason)
    sections = {
        "skills": lambda: skill_section(data.skills, notes, chart_lines(charts, "skills")),
        "skill_areas": lambda: skill_area_section(data.skill_areas, data.skills),
        "pairs": lambda: cooccurrence_section(data.pairs, chart_lines(charts, "cooccurrence")),
        "comparison": lambda: comparison_section(data.comparison, chart_lines(charts, "comparison")),
        "trends": lambda: trend_section(data.trends, data.skills, chart_lines(charts, "trends")),
        "salaries": lambda: pay_section(data.salaries, summary, chart_lines(charts, "pay")),
        "categories": lambda: tool_section(data.categories, data.tools, notes, chart_lines(charts, "tool_categories")),
        "themes": lambda: theme_section(data.themes, notes, chart_lines(charts, "themes")),
        "signals": lambda: signal_section(data.signals, notes),
    }
    lines += summary_section(summary, data.profile, chart_lines(charts, "profile"))
    lines += data_notes(summary, left_out)
    # a section with rows is shown unless the reason above leaves it out
    shown = {part: not getattr(data, part).empty for part in sections}
    shown.update(skill_areas=grouped, comparison=has_others, trends=has_periods)
    for part, section in sections.items():
        if shown[part]:
            lines += section()
    if notes.notes:
        lines += [f"[^{i}]: {text}" for i, text in enumerate(notes.notes, start=1)] + [""]
    return "\n".join(lines)


def render_role(role: str, path: Path) -> str:
    """The markdown of one role, without charts."""
    return role_markdown(role, read_role(role, path))


# --- HTML: the markdown above, rendered by mistune, in a Jinja2 page that needs nothing else ---

TEMPLATES = Environment(
    loader=PackageLoader("job_skills.report", "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    keep_trailing_newline=True,
)
EMBEDDED_IMAGE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp"}  # the data URIs mistune allows
FIRST_HEADING = re.compile(r"^#{1,6} (?P<text>.+)$", flags=re.MULTILINE)


class ReportHtml(mistune.HTMLRenderer):
    """mistune's HTML (text escaped), with images embedded as data URIs and tables in a scrolling box."""

    def __init__(self, base_dir: Path) -> None:
        super().__init__(escape=True)
        self.base_dir = base_dir

    def image(self, text: str, url: str, title: str | None = None) -> str:
        """The image read from its path relative to the markdown file, so the page works offline."""
        path = self.base_dir / url
        if "://" in url or not path.is_file():
            raise ValueError(f"report image {url!r} is not a file under {self.base_dir}")
        kind = mimetypes.guess_type(path.name)[0]
        if kind not in EMBEDDED_IMAGE_TYPES:
            raise ValueError(f"report image {url!r} is not one of {', '.join(sorted(EMBEDDED_IMAGE_TYPES))}")
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        return super().image(text, f"data:{kind};base64,{data}", title)

    def table(self, text: str) -> str:
        return f'<div class="table">{render_table(self, text)}</div>\n'


def markdown_to_html(markdown: str, base_dir: Path) -> str:
    """The report's markdown as one HTML page needing nothing else: images inlined, CSS inline."""
    body = mistune.create_markdown(renderer=ReportHtml(base_dir), plugins=["table", "footnotes"])(markdown)
    heading = FIRST_HEADING.search(markdown)
    title = heading["text"] if heading else "Job Posting Analysis"
    return TEMPLATES.get_template("report.html").render(title=title, body=body)


# --- files ---


@dataclass(frozen=True)
class RoleReport:
    """What was written for one role."""

    markdown: Path
    html: Path
    charts: dict[str, Path]


def render_role_files(role: str, path: Path, output_dir: Path) -> RoleReport:
    """Charts, markdown and HTML of one role, into output_dir."""
    data = read_role(role, path)
    stem = report_stem(role)
    charts = render_charts.render_role_charts(
        role,
        output_dir / f"{stem}_charts",
        skills=found(data.skills),
        categories=found(data.categories),
        themes=found(data.themes),
        profile=data.profile,
        pairs=data.pairs,
        comparison=data.comparison,
        trends=data.trends,
        salaries=data.salaries,
    )
    links = {key: chart.relative_to(output_dir).as_posix() for key, chart in charts.items()}
    markdown = role_markdown(role, data, links)
    markdown_path = output_dir / f"{stem}.md"
    markdown_path.write_text(markdown, encoding="utf-8")
    html_path = output_dir / f"{stem}.html"
    html_path.write_text(markdown_to_html(markdown, output_dir), encoding="utf-8")
    return RoleReport(markdown_path, html_path, charts)


# --- the index page over all roles ---

INDEX_STEM = "index"
OTHER_ROLES = "Other roles"


def read_role_index(path: Path) -> pd.DataFrame:
    """fct_role_seniority: one row per role per seniority level, largest roles first."""
    return read_frame(
        "select * from marts.fct_role_seniority order by total_postings desc, role, seniority_order", path=path
    )


def report_stem(role: str) -> str:
    return f"job_posting_analysis_{slug(role)}"


def seniority_mix(levels: pd.DataFrame) -> str:
    """'senior 12 (55%), mid 10 (45%)': the levels with postings, in seniority order, with their % of
    the group: the mart's pct_of_postings for one role; for several roles together (the other
    roles) their summed postings, rounded the same way."""
    if levels["role"].nunique() == 1:
        counts = levels[["seniority_order", "seniority", "frequency", "pct_of_postings"]]
    else:
        counts = levels.groupby(["seniority_order", "seniority"], as_index=False)["frequency"].sum()
        total = int(counts["frequency"].sum())
        counts = counts.assign(pct_of_postings=[round_half_up(100 * int(f), total) for f in counts["frequency"]])
    present = counts[counts["frequency"] > 0].sort_values("seniority_order")
    return ", ".join(
        f"{row.seniority} {int(row.frequency)} ({int(row.pct_of_postings)}%)" for row in present.itertuples()
    )


def plural(count: int, noun: str) -> str:
    """'1 role', '13 roles'."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def markdown_text(text: str) -> str:
    """text from the data as literal markdown: the characters that would format it or end a link
    (backslash, `*`, `_`, `` ` ``, `[`, `]`) escaped; a table cell's '|' is escaped by table_cell."""
    return re.sub(r"([\\`*_\[\]])", r"\\\1", text)


def index_markdown(index: pd.DataFrame, link_suffix: str = ".md") -> str:
    """The index page: a row per role with its own report, one 'Other roles' row, a line naming them."""
    roles = index.drop_duplicates("role")
    threshold = int(index["min_postings_per_role_report"].iloc[0]) if not index.empty else None
    total = int(roles["total_postings"].sum())
    own = roles[roles["has_own_report"].astype(bool)]
    others = roles[~roles["has_own_report"].astype(bool)]
    lines = ["# Job Posting Analysis — All Roles", ""]
    if index.empty:
        return "\n".join([*lines, "_No postings were accepted: there is no role to report on._", ""])
    lines += [
        (
            f"> {total} postings in {plural(len(roles), 'role')} (role families from the job titles). A role with at"
            f" least {threshold} postings (var `min_postings_per_role_report`) has a report of its own; the"
            f" others are counted together as {OTHER_ROLES.lower()}. Seniority is read from each title; a"
            " title that states none is mid."
        ),
        "",
    ]
    rows: list[list[object]] = []
    for role in own.itertuples():
        link = f"[{markdown_text(role.role)}]({report_stem(role.role)}{link_suffix})"
        rows.append([link, int(role.total_postings), seniority_mix(index[index["role"] == role.role])])
    if not others.empty:
        other_levels = index[index["role"].isin(others["role"])]
        rows.append(
            [
                f"{OTHER_ROLES} ({plural(len(others), 'role')})",
                int(others["total_postings"].sum()),
                seniority_mix(other_levels),
            ]
        )
    lines += table(["Role", "Postings", "Seniority mix"], rows)
    lines.append("")
    if others.empty:
        lines += [f"_Every role has at least {threshold} postings and a report of its own._", ""]
    else:
        share = round_half_up(100 * int(others["total_postings"].sum()), total)
        named = ", ".join(f"{markdown_text(role.role)} ({int(role.total_postings)})" for role in others.itertuples())
        lines += [
            (
                f"_{OTHER_ROLES}: {plural(len(others), 'role')} with fewer than"
                f" {threshold} postings each, {int(others['total_postings'].sum())} postings ({share}% of all),"
                f" without a report of their own: {named}._"
            ),
            "",
        ]
    return "\n".join(lines)


@dataclass(frozen=True)
class IndexPage:
    """The index page as written."""

    markdown: Path
    html: Path


def render_index_files(index: pd.DataFrame, output_dir: Path) -> IndexPage:
    """index.md (links to the .md reports) and index.html (links to the .html reports)."""
    markdown_path = output_dir / f"{INDEX_STEM}.md"
    markdown_path.write_text(index_markdown(index, ".md"), encoding="utf-8")
    html_path = output_dir / f"{INDEX_STEM}.html"
    html_path.write_text(markdown_to_html(index_markdown(index, ".html"), output_dir), encoding="utf-8")
    return IndexPage(markdown_path, html_path)


def render_reports(path: Path, output_dir: Path) -> list[RoleReport]:
    """The report of every role with its own report, and the index page over all roles."""
    index = read_role_index(path)
    roles = sorted(index.loc[index["has_own_report"].astype(bool), "role"].unique())
    output_dir.mkdir(parents=True, exist_ok=True)
    reports = [render_role_files(role, path, output_dir) for role in roles]
    render_index_files(index, output_dir)
    return reports


def render(path: Path, output_dir: Path) -> list[Path]:
    """Render every role; returns the markdown files written (HTML and charts sit beside them)."""
    return [report.markdown for report in render_reports(path, output_dir)]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--warehouse",
        type=Path,
        default=None,
        help="DuckDB file (default: DUCKDB_PATH or warehouse/)",
    )
    parser.add_argument(
        "--output-dir",
        type=Path,
        default=DEFAULT_OUTPUT_DIR,
        help="where the reports go",
    )


def run(args: argparse.Namespace) -> int:
    for report in render_reports(args.warehouse or warehouse_path(), args.output_dir):
        print(f"report written: {report.markdown} (+ {report.html.name}, {len(report.charts)} charts)")
    output_dir = args.output_dir
    print(f"index written: {output_dir / (INDEX_STEM + '.md')} (+ {INDEX_STEM}.html)")
    return 0
