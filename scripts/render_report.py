"""Render the job-posting analysis, in the published document's shape, from the marts alone.

One markdown file per role, written to reports/job_posting_analysis_<role>.md (or --output-dir).
Where a published figure disagrees with the data, the computed figure is printed with a
footnote saying what was published (fct_published_reconciliation).

    python scripts/render_report.py [--warehouse PATH] [--output-dir DIR]
"""

from __future__ import annotations

import argparse
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from warehouse import PROJECT_ROOT, read_frame, warehouse_path

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
        self.notes.append(f"Published as {published}{unit}; {explanation}")
        return f"{computed}[^{len(self.notes)}]"


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def percent(share: float) -> str:
    return f"{100 * share:.1f}%"


def table(header: list[str], rows: list[list[object]]) -> list[str]:
    if not rows:
        return ["_None in the taxonomy used for these postings._"]
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join("-" * (len(h) + 2) for h in header) + "|",
    ]
    lines += ["| " + " | ".join(str(cell) if known(cell) else "" for cell in row) + " |" for row in rows]
    return lines


MAX_MEMBERS = 12  # a summary line lists at most this many members, then says how many more


def known(value: object) -> bool:
    return value is not None and not pd.isna(value)


def members(profile: pd.DataFrame, dimension: str) -> str | None:
    """'A (3), B (2)' for the dimension's known members, most frequent first; None when none is known."""
    rows = profile[(profile["dimension"] == dimension) & (profile["member"] != "(unknown)")]
    if rows.empty:
        return None
    rows = rows.sort_values(["frequency", "member"], ascending=[False, True])
    listed = ", ".join(f"{m} ({f})" for m, f in zip(rows["member"][:MAX_MEMBERS], rows["frequency"], strict=False))
    return listed + (f" and {len(rows) - MAX_MEMBERS} more" if len(rows) > MAX_MEMBERS else "")


def org_size(summary: pd.Series, profile: pd.DataFrame) -> str | None:
    """'500 – 100k+ employees' from numeric bands, else the bands as the postings give them."""
    if not known(summary["org_size_min_employees"]):
        return members(profile, "org_size_band")
    upper = (
        summary["org_size_max_band"] if summary["has_open_ended_org_size"] else f"{summary['org_size_max_employees']:,}"
    )
    return f"{summary['org_size_min_employees']:,} – {upper} employees"


def summary_section(summary: pd.Series, profile: pd.DataFrame) -> list[str]:
    """The published Summary's bullets; a bullet whose data the postings do not carry is left out."""
    team = None
    if known(summary["team_size_min"]):
        team = f"teams of {summary['team_size_min']}–{summary['team_size_max']} engineers"
    years = None
    if known(summary["first_posting_year"]):
        years = f"{summary['first_posting_year']}–{summary['last_posting_year']}"
    bullets = {
        "Regions": members(profile, "region"),
        "Industries": members(profile, "industry"),
        "Org Size": "; ".join(part for part in (org_size(summary, profile), team) if part) or None,
        "Years": years,
        "Job boards": members(profile, "job_board"),
    }
    return ["## Summary", "", *[f"- **{label}**: {text}." for label, text in bullets.items() if text], ""]


def skill_section(skills: pd.DataFrame, notes: Footnotes) -> list[str]:
    rows = []
    for s in skills.itertuples():
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
        "Category",
        "95% interval",
        "Skill area",
        "Notes",
    ]
    return ["## Aggregate Skill Frequency", "", *table(header, rows), ""]


def tool_section(categories: pd.DataFrame, tools: pd.DataFrame, notes: Footnotes) -> list[str]:
    rows = []
    for c in categories.itertuples():
        members_of = tools[tools["tool_category_id"] == c.tool_category_id]
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
    return ["## Technology & Tool Mentions", "", *table(header, rows), ""]


def theme_section(themes: pd.DataFrame, notes: Footnotes) -> list[str]:
    rows = []
    for t in themes.itertuples():
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
    return ["## Responsibility Themes", "", *table(header, rows), ""]


def signal_section(signals: pd.DataFrame, notes: Footnotes) -> list[str]:
    lines = ["## Hiring Signals & Requirements", ""]
    if signals.empty:
        lines.append("_None in the taxonomy used for these postings._")
    for s in signals.itertuples():
        explanation = f"{s.frequency} of {s.total_postings} postings; '{s.quantifier}' means: {s.quantifier_definition}"
        quantifier = notes.mark("hiring_signals", s.signal_name, "quantifier", s.quantifier, explanation)
        lines.append(
            f"- **{s.signal_name}** ({quantifier}: {s.frequency} of {s.total_postings} postings, "
            f"{s.pct_of_postings}%): {s.statement}"
        )
    return [*lines, ""]


def render_role(role: str, path: Path) -> str:
    params = [role]
    summary = read_frame("select * from marts.fct_sample_summary where role = ?", params, path).iloc[0]
    profile = read_frame("select * from marts.fct_sample_profile where role = ?", params, path)
    order = "order by frequency desc, frequency_rank"
    skills = read_frame(
        f"select * from marts.fct_skill_frequency where role = ? {order}, skill_name",
        params,
        path,
    )
    categories = read_frame(
        f"select * from marts.fct_tool_category_frequency where role = ? {order}, tool_category_name",
        params,
        path,
    )
    tools = read_frame(
        f"select * from marts.fct_tool_frequency where role = ? {order}, tool_name",
        params,
        path,
    )
    themes = read_frame(
        f"select * from marts.fct_theme_frequency where role = ? {order}, theme_name",
        params,
        path,
    )
    signals = read_frame(
        f"select * from marts.fct_signal_frequency where role = ? {order}, signal_name",
        params,
        path,
    )
    mismatched = read_frame(
        "select published_table, item_name, measure, published_value from marts.fct_published_reconciliation"
        " where role = ? and status = 'mismatch'",
        params,
        path,
    )
    notes = Footnotes({(r.published_table, r.item_name, r.measure): r.published_value for r in mismatched.itertuples()})
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
        *summary_section(summary, profile),
        *skill_section(skills, notes),
        *tool_section(categories, tools, notes),
        *theme_section(themes, notes),
        *signal_section(signals, notes),
    ]
    if notes.notes:
        lines += [f"[^{i}]: {text}" for i, text in enumerate(notes.notes, start=1)] + [""]
    return "\n".join(lines)


def render(path: Path, output_dir: Path) -> list[Path]:
    roles = read_frame("select distinct role from marts.fct_sample_summary order by role", path=path)["role"]
    output_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for role in roles:
        target = output_dir / f"job_posting_analysis_{slug(role)}.md"
        target.write_text(render_role(role, path), encoding="utf-8")
        written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
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
    args = parser.parse_args(argv)
    for written in render(args.warehouse or warehouse_path(), args.output_dir):
        print(f"report written: {written}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
