"""Charts for the job-posting analysis: PNG files drawn offline with matplotlib's Agg canvas (no GUI, no pyplot).

Each chart function takes one role's rows of a mart and writes one PNG into a folder, returning
its path, or None when there is nothing to draw (a user's postings without tools or themes):
an empty chart is skipped, never drawn blank. Bars are % of postings, as the report prints it.

    skills_chart(skills, folder, role)                  fct_skill_frequency
    tool_categories_chart(categories, folder, role)     fct_tool_category_frequency
    themes_chart(themes, folder, role)                  fct_theme_frequency
    profile_chart(profile, folder, role)                fct_sample_profile (region, industry, org size)
    cooccurrence_chart(skills, pairs, folder, role)     fct_skill_cooccurrence, as a heatmap of the top skills
    comparison_chart(comparison, folder, role)          fct_role_skill_comparison: what sets the role apart
    trends_chart(trends, skills, folder, role)          fct_skill_trends: share per period, the top skills
    pay_chart(salaries, folder, role)                   fct_skill_salary: median pay with and without each top skill
    render_role_charts(...)                             all of them: {chart key: path}
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import matplotlib
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import Formatter, FuncFormatter, MaxNLocator, PercentFormatter

TIER_COLOURS = {"Core": "#2c7fb8", "Important": "#41b6c4", "Secondary": "#c7e9b4"}  # YlGnBu: tiers are ordered
OTHER_COLOUR = "#bdbdbd"
PROFILE_COLOUR = "#6a51a3"
WHISKER_COLOUR = "#000000"
TEXT_COLOUR = "#252525"
MUTED_COLOUR = "#636363"

MAX_BARS = 30  # a frequency chart shows at most this many items, the most frequent
MAX_MEMBERS = 12  # a profile panel shows at most this many members
MAX_HEATMAP = 12  # the co-occurrence heatmap shows at most this many skills, the most frequent
HEATMAP_COLOURS = "YlGnBu"
MISSING_COLOUR = "#f0f0f0"  # a pair under the minimum support
MAX_DIFFERENCES = 15  # the comparison chart shows at most this many skills, the largest differences
MORE_COLOUR = "#2c7fb8"  # asked for more often than in the other postings
LESS_COLOUR = "#e6550d"  # less often
MAX_TREND_LINES = 6  # the trends chart draws at most this many skills, the most asked-for
TREND_COLOURS = ["#2c7fb8", "#e6550d", "#31a354", "#756bb1", "#636363", "#e7298a"]
MAX_PAY_SKILLS = 12  # the Pay table and chart show at most this many skills, most salaried postings first
WITH_COLOUR = "#2c7fb8"  # the median pay of the postings asking for the skill
WITHOUT_COLOUR = "#e6550d"  # of those that do not
LABEL_WIDTH = 34  # characters per line of a bar label; two lines at most, then an ellipsis
TITLE_WIDTH = 90
ROLE_WIDTH = 60  # a role's name in a title is cut to this many characters
PROFILE_DIMENSIONS = {"region": "Region", "industry": "Industry", "org_size_band": "Organisation size"}
ORDERED_DIMENSIONS = {"org_size_band"}  # drawn in their sort key's order, not by count
UNKNOWN_MEMBER = "(not stated)"  # fct_sample_profile's one member for null (macro not_stated_member)

WIDTH_INCHES = 9.0
BAR_INCHES = 0.34  # height per bar: room for a two-line label at the font size below
DPI = 110
FONT_SIZE = 9.5
CHART_FILES = {
    "profile": "profile.png",
    "skills": "skills.png",
    "tool_categories": "tool_categories.png",
    "themes": "themes.png",
    "cooccurrence": "cooccurrence.png",
    "comparison": "comparison.png",
    "trends": "trends.png",
    "pay": "pay.png",
}


@dataclass(frozen=True)
class Bars:
    """One panel's horizontal bars, top to bottom: label, % of postings, value text, colour."""

    labels: list[str]
    percents: list[float]
    texts: list[str]
    colours: list[str]
    lower: list[float] | None = None  # Wilson interval, in percent, when whiskers are drawn
    upper: list[float] | None = None


def wrap_label(text: object, width: int = LABEL_WIDTH, max_lines: int = 2) -> str:
    """Wrap a label to max_lines lines of width characters; what does not fit ends in an ellipsis."""
    lines = textwrap.wrap(str(text), width) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: width - 1].rstrip() + "…"
    return "\n".join(lines)


def value_text(frequency: int, total: int, pct: int) -> str:
    """'21/22 (95%)': postings mentioning the item, of all postings, and the rounded percentage."""
    return f"{frequency}/{total} ({pct}%)"


def drawable(frame: pd.DataFrame, limit: int) -> pd.DataFrame:
    """The rows worth a bar: mentioned at least once, most frequent first, at most limit of them."""
    if frame.empty:
        return frame
    rows = frame[frame["frequency"] > 0]
    return rows.sort_values("frequency", ascending=False, kind="stable").head(limit)


def frequency_bars(rows: pd.DataFrame, name_column: str, whiskers: bool) -> Bars:
    """Bars for a frequency mart: % of postings, coloured by tier, optionally with Wilson whiskers."""
    return Bars(
        labels=[wrap_label(name) for name in rows[name_column]],
        percents=[100 * float(share) for share in rows["share_of_postings"]],
        texts=[
            value_text(f, t, p)
            for f, t, p in zip(rows["frequency"], rows["total_postings"], rows["pct_of_postings"], strict=True)
        ],
        colours=[TIER_COLOURS.get(tier, OTHER_COLOUR) for tier in rows["tier"]],
        lower=[100 * float(x) for x in rows["wilson_lower"]] if whiskers else None,
        upper=[100 * float(x) for x in rows["wilson_upper"]] if whiskers else None,
    )


def draw_bars(ax: Axes, bars: Bars, x_max: float) -> None:
    """Horizontal bars, first at the top, value texts just past each bar (or its whisker)."""
    positions = list(range(len(bars.labels)))
    xerr = None
    if bars.lower is not None and bars.upper is not None:
        xerr = [
            [max(p - lo, 0.0) for p, lo in zip(bars.percents, bars.lower, strict=True)],
            [max(hi - p, 0.0) for p, hi in zip(bars.percents, bars.upper, strict=True)],
        ]
    ax.barh(
        positions,
        bars.percents,
        color=bars.colours,
        height=0.7,
        xerr=xerr,
        error_kw={"ecolor": WHISKER_COLOUR, "elinewidth": 1.0, "capsize": 3},
    )
    ends = bars.upper if bars.upper is not None else bars.percents
    for y, end, text in zip(positions, ends, bars.texts, strict=True):
        ax.annotate(
            text,
            xy=(end, y),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            ha="left",
            fontsize=FONT_SIZE - 0.5,
            color=TEXT_COLOUR,
        )
    ax.set_yticks(positions, bars.labels, fontsize=FONT_SIZE)
    ax.set_ylim(len(positions) - 0.5, -0.5)  # first bar at the top
    ax.set_xlim(0, x_max)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 5, 10], integer=True))
    style_bar_axis(ax)


def style_bar_axis(ax: Axes, formatter: Formatter | None = None) -> None:
    """Horizontal bars' axis in house style: percent ticks (or formatter's), light vertical grid, no
    frame but the base."""
    ax.xaxis.set_major_formatter(formatter or PercentFormatter(xmax=100, decimals=0))
    ax.tick_params(axis="x", labelsize=FONT_SIZE - 1, colors=MUTED_COLOUR)
    ax.tick_params(axis="y", length=0)
    ax.grid(axis="x", color="#e0e0e0", linewidth=0.8)
    ax.set_axisbelow(True)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)


def bar_inches(bars: Bars) -> float:
    two_line = any("\n" in label for label in bars.labels)
    return len(bars.labels) * (BAR_INCHES + (0.08 if two_line else 0.0))


def new_figure(height: float) -> Figure:
    """A figure outside pyplot's registry: nothing global to close, nothing kept between charts."""
    return Figure(figsize=(WIDTH_INCHES, height), dpi=DPI, layout="constrained")


def save(fig: Figure, target: Path) -> Path:
    """Write the PNG with the Agg canvas; no metadata (no software URL), so reruns are byte-identical."""
    target.parent.mkdir(parents=True, exist_ok=True)
    FigureCanvasAgg(fig)  # attaches itself to the figure
    fig.savefig(target, format="png", bbox_inches="tight", pad_inches=0.15, metadata={"Software": None})
    return target


def titled(fig: Figure, title: str, subtitle: str) -> None:
    fig.suptitle(
        wrap_label(title, TITLE_WIDTH, 2),
        x=0.01,
        ha="left",
        fontsize=FONT_SIZE + 3,
        fontweight="bold",
        color=TEXT_COLOUR,
    )
    fig.axes[0].set_title(wrap_label(subtitle, 100, 2), loc="left", fontsize=FONT_SIZE, color=MUTED_COLOUR, pad=8)


def tier_legend(fig: Figure, tiers: Sequence[str], whiskers: bool) -> None:
    """Tier colours in the published order (and the whisker's meaning), below the bars."""
    order = [tier for tier in TIER_COLOURS if tier in set(tiers)]
    order += sorted({tier for tier in tiers if tier not in TIER_COLOURS})
    handles: list[Patch | Line2D] = [Patch(color=TIER_COLOURS.get(t, OTHER_COLOUR), label=t) for t in order]
    if whiskers:
        handles.append(
            Line2D([], [], color=WHISKER_COLOUR, marker="|", markersize=9, lw=1, label="95% Wilson interval")
        )
    fig.legend(
        handles=handles,
        loc="outside lower left",
        ncols=len(handles),
        frameon=False,
        fontsize=FONT_SIZE,
        title="Tier" if order else None,
        title_fontsize=FONT_SIZE,
        alignment="left",
    )


def short_role(role: str) -> str:
    return wrap_label(role, ROLE_WIDTH, 1)


def postings(total: int) -> str:
    return f"{total} posting" + ("" if total == 1 else "s")


def shown_of(shown: int, mentioned: int, noun: str) -> str:
    if shown < mentioned:
        return f"top {shown} of {mentioned} {noun} mentioned"
    return f"{mentioned} {noun} mentioned"


def frequency_chart(
    frame: pd.DataFrame,
    name_column: str,
    target: Path,
    title: str,
    noun: str,
    role: str,
    whiskers: bool,
) -> Path | None:
    """One frequency mart as tier-coloured bars of % of postings; None when nothing is mentioned."""
    rows = drawable(frame, MAX_BARS)
    if rows.empty:
        return None
    bars = frequency_bars(rows, name_column, whiskers)
    mentioned = int((frame["frequency"] > 0).sum())
    total = int(rows["total_postings"].iloc[0])
    fig = new_figure(1.6 + bar_inches(bars))
    ax = fig.add_subplot()
    draw_bars(ax, bars, x_max=100)
    titled(fig, title, f"{short_role(role)} · {postings(total)} · {shown_of(len(rows), mentioned, noun)}")
    tier_legend(fig, list(rows["tier"]), whiskers)
    return save(fig, target)


def skills_chart(skills: pd.DataFrame, folder: Path, role: str) -> Path | None:
    """Skills by share of postings, tier colours, 95% Wilson whiskers, labels like '21/22 (95%)'."""
    return frequency_chart(
        skills,
        "skill_name",
        folder / CHART_FILES["skills"],
        "Skills by share of postings",
        "skills",
        role,
        whiskers=True,
    )


def tool_categories_chart(categories: pd.DataFrame, folder: Path, role: str) -> Path | None:
    """Tool categories by share of postings (a posting counts once per category)."""
    return frequency_chart(
        categories,
        "tool_category_name",
        folder / CHART_FILES["tool_categories"],
        "Tool categories by share of postings",
        "categories",
        role,
        whiskers=False,
    )


def themes_chart(themes: pd.DataFrame, folder: Path, role: str) -> Path | None:
    """Responsibility themes by share of postings."""
    return frequency_chart(
        themes,
        "theme_name",
        folder / CHART_FILES["themes"],
        "Responsibility themes by share of postings",
        "themes",
        role,
        whiskers=False,
    )


def profile_panels(profile: pd.DataFrame) -> dict[str, tuple[Bars, int]]:
    """Per profile dimension with known members: its top members as bars, and how many it has."""
    panels: dict[str, tuple[Bars, int]] = {}
    if profile.empty:
        return panels
    for dimension, heading in PROFILE_DIMENSIONS.items():
        known = profile[(profile["dimension"] == dimension) & (profile["member"] != UNKNOWN_MEMBER)]
        known = known[known["frequency"] > 0]
        if dimension in ORDERED_DIMENSIONS and "member_sort_key" in known.columns:
            # bands in their own order (smallest first, fct_sample_profile.member_sort_key), not by count
            known = known.sort_values(["member_sort_key", "member"], na_position="last")
        else:
            known = known.sort_values(["frequency", "member"], ascending=[False, True])
        if known.empty:
            continue
        rows = known.head(MAX_MEMBERS)
        bars = Bars(
            labels=[wrap_label(m) for m in rows["member"]],
            percents=[100 * float(s) for s in rows["share_of_postings"]],
            texts=[
                value_text(f, t, p)
                for f, t, p in zip(rows["frequency"], rows["total_postings"], rows["pct_of_postings"], strict=True)
            ],
            colours=[PROFILE_COLOUR] * len(rows),
        )
        panels[heading] = (bars, len(known))
    return panels


def profile_chart(profile: pd.DataFrame, folder: Path, role: str) -> Path | None:
    """The sample by region, industry and organisation size: one panel each, top members."""
    panels = profile_panels(profile)
    if not panels:
        return None
    total = int(profile["total_postings"].iloc[0])
    heights = [bar_inches(bars) + 0.45 for bars, _ in panels.values()]
    fig = new_figure(1.0 + sum(heights))
    axes = fig.subplots(len(panels), 1, height_ratios=heights, squeeze=False)[:, 0]
    x_max = max(max(bars.percents) for bars, _ in panels.values())
    for ax, (heading, (bars, count)) in zip(axes, panels.items(), strict=True):
        draw_bars(ax, bars, x_max=min(100.0, x_max * 1.02))
        shown = f"top {len(bars.labels)} of {count}" if count > len(bars.labels) else f"{count}"
        ax.set_title(f"{heading} ({shown})", loc="left", fontsize=FONT_SIZE + 1, fontweight="bold", color=TEXT_COLOUR)
    fig.suptitle(
        wrap_label(f"The sample: {short_role(role)} · {postings(total)}", TITLE_WIDTH, 2),
        x=0.01,
        ha="left",
        fontsize=FONT_SIZE + 3,
        fontweight="bold",
        color=TEXT_COLOUR,
    )
    return save(fig, folder / CHART_FILES["profile"])


def round_half_up(numerator: int, denominator: int) -> int:
    """numerator / denominator rounded half away from zero (non-negative whole numbers), as the marts round."""
    return (2 * numerator + denominator) // (2 * denominator)


def heatmap_counts(skills: pd.DataFrame, pairs: pd.DataFrame) -> tuple[list[str], list[list[tuple[int, int] | None]]]:
    """The most frequent skills that are in some pair, and per cell (postings asking for both, the
    role's postings); the diagonal: the skill's own frequency; None for a pair under the minimum support."""
    paired = set(pairs["skill_id"])
    top = skills[skills["skill_id"].isin(paired)].head(MAX_HEATMAP)
    ids = list(top["skill_id"])
    both = {
        (a, b): (int(n), int(t))
        for a, b, n, t in zip(
            pairs["skill_id"], pairs["co_skill_id"], pairs["postings_with_both"], pairs["total_postings"], strict=True
        )
    }
    own = {
        a: (int(f), int(t)) for a, f, t in zip(top["skill_id"], top["frequency"], top["total_postings"], strict=True)
    }
    return list(top["skill_name"]), [[own[a] if a == b else both.get((a, b)) for b in ids] for a in ids]


def heatmap_matrix(skills: pd.DataFrame, pairs: pd.DataFrame) -> tuple[list[str], list[list[float | None]]]:
    """heatmap_counts as the % of postings per cell (the colours)."""
    names, counts = heatmap_counts(skills, pairs)
    return names, [[None if c is None else 100 * c[0] / c[1] for c in row] for row in counts]


def cooccurrence_chart(skills: pd.DataFrame, pairs: pd.DataFrame, folder: Path, role: str) -> Path | None:
    """The top skills against each other: % of postings asking for both (symmetric), the skill's own
    % on the diagonal, pairs under the minimum support left grey; None when there are no pairs."""
    if pairs.empty or skills.empty:
        return None
    names, counts = heatmap_counts(skills, pairs)
    cells = [[None if c is None else 100 * c[0] / c[1] for c in row] for row in counts]
    if len(names) < 2:
        return None
    size = len(names)
    fig = new_figure(2.6 + 0.42 * size)
    ax = fig.add_subplot()
    values = [[float("nan") if v is None else v for v in row] for row in cells]
    colours = matplotlib.colormaps[HEATMAP_COLOURS].with_extremes(bad=MISSING_COLOUR)
    image = ax.imshow(values, cmap=colours, vmin=0, vmax=100, aspect="auto")
    for i, row in enumerate(cells):
        for j, value in enumerate(row):
            text = "–" if counts[i][j] is None else str(round_half_up(100 * counts[i][j][0], counts[i][j][1]))
            dark = value is not None and value >= 60
            ax.text(
                j, i, text, ha="center", va="center", fontsize=FONT_SIZE - 1.5, color="white" if dark else TEXT_COLOUR
            )
    labels = [wrap_label(n, 26, 2) for n in names]
    ax.set_xticks(range(size), labels, rotation=45, ha="right", fontsize=FONT_SIZE - 1)
    ax.set_yticks(range(size), labels, fontsize=FONT_SIZE - 1)
    ax.tick_params(length=0)
    for side in ax.spines.values():
        side.set_visible(False)
    bar = fig.colorbar(image, ax=ax, shrink=0.6, format=PercentFormatter(100, decimals=0))
    bar.ax.tick_params(labelsize=FONT_SIZE - 1)
    total = int(pairs["total_postings"].iloc[0])
    minimum = int(pairs["cooccurrence_min_postings"].iloc[0])
    missing = f" · –: under {minimum} postings" if any(v is None for row in cells for v in row) else ""
    titled(
        fig,
        "Skills asked for together: % of postings asking for both",
        f"{short_role(role)} · {postings(total)} · the {size} most asked-for skills in some pair · diagonal: the skill"
        f" itself{missing}",
    )
    return save(fig, folder / CHART_FILES["cooccurrence"])


def distinctive(comparison: pd.DataFrame, limit: int) -> pd.DataFrame:
    """The skills whose difference's interval excludes zero, the largest differences (either way) first."""
    if comparison.empty:
        return comparison
    rows = comparison[comparison["is_distinctive"].fillna(False).astype(bool)]
    order = rows["share_difference"].abs().sort_values(ascending=False, kind="stable").index
    return rows.loc[order].head(limit)


def comparison_chart(comparison: pd.DataFrame, folder: Path, role: str) -> Path | None:
    """Per distinctive skill, its share in the role minus its share in all other postings, in
    percentage points with the 95% (Newcombe) interval; None when no skill sets the role apart."""
    rows = distinctive(comparison, MAX_DIFFERENCES)
    if rows.empty:
        return None
    positions = list(range(len(rows)))
    points = [100 * float(d) for d in rows["share_difference"]]
    lower = [100 * float(x) for x in rows["difference_lower"]]
    upper = [100 * float(x) for x in rows["difference_upper"]]
    fig = new_figure(1.9 + BAR_INCHES * len(rows))
    ax = fig.add_subplot()
    ax.barh(
        positions,
        points,
        color=[MORE_COLOUR if d > 0 else LESS_COLOUR for d in points],
        height=0.7,
        xerr=[
            [p - lo for p, lo in zip(points, lower, strict=True)],
            [hi - p for p, hi in zip(points, upper, strict=True)],
        ],
        error_kw={"ecolor": WHISKER_COLOUR, "elinewidth": 1.0, "capsize": 3},
    )
    texts = [
        f"{round_half_up(100 * int(f), int(n))}% vs {round_half_up(100 * int(of), int(on))}%"
        for f, n, of, on in zip(
            rows["frequency"], rows["total_postings"], rows["other_frequency"], rows["other_postings"], strict=True
        )
    ]
    for y, d, lo, hi, text in zip(positions, points, lower, upper, texts, strict=True):
        ax.annotate(
            text,
            xy=(hi if d > 0 else lo, y),
            xytext=(4 if d > 0 else -4, 0),
            textcoords="offset points",
            va="center",
            ha="left" if d > 0 else "right",
            fontsize=FONT_SIZE - 0.5,
            color=TEXT_COLOUR,
        )
    ax.set_yticks(positions, [wrap_label(n) for n in rows["skill_name"]], fontsize=FONT_SIZE)
    ax.set_ylim(len(positions) - 0.5, -0.5)
    reach = max(max(abs(x) for x in lower), max(abs(x) for x in upper))
    ax.set_xlim(-min(100.0, reach * 1.35), min(100.0, reach * 1.35))
    ax.axvline(0, color=MUTED_COLOUR, linewidth=0.8)
    style_bar_axis(ax)
    total = int(rows["total_postings"].iloc[0])
    others = int(rows["other_postings"].iloc[0])
    titled(
        fig,
        "What sets the role apart: share of postings minus the share in all other postings",
        f"{short_role(role)} · {postings(total)} against {others} others · percentage points, 95% interval"
        " (Newcombe) · only skills whose interval excludes 0",
    )
    return save(fig, folder / CHART_FILES["comparison"])


def trends_chart(trends: pd.DataFrame, skills: pd.DataFrame, folder: Path, role: str) -> Path | None:
    """Share of postings per period for the most asked-for skills, one line each, small-sample
    periods as hollow markers; None with fewer than two periods."""
    if trends.empty or trends["period_start"].nunique() < 2 or skills.empty:
        return None
    ids = set(trends["skill_id"])
    top = [s for s in skills.sort_values("frequency", ascending=False, kind="stable")["skill_id"] if s in ids]
    top = top[:MAX_TREND_LINES]
    periods = trends.drop_duplicates("period_start").sort_values("period_start")
    positions = {p: i for i, p in enumerate(periods["period_start"])}
    fig = new_figure(4.6)
    ax = fig.add_subplot()
    for colour, skill_id in zip(TREND_COLOURS, top, strict=False):
        own = trends[trends["skill_id"] == skill_id].sort_values("period_start")
        xs = [positions[p] for p in own["period_start"]]
        ys = [100 * float(v) for v in own["share_of_postings"]]
        ax.plot(xs, ys, color=colour, linewidth=1.8, label=wrap_label(own["skill_name"].iloc[0], 40, 1))
        for x, y, small in zip(xs, ys, own["is_small_sample"], strict=True):
            ax.plot([x], [y], marker="o", markersize=6, color=colour, markerfacecolor="white" if small else colour)
    labels = [f"{p}\n({n})" for p, n in zip(periods["period"], periods["total_postings"], strict=True)]
    ax.set_xticks(range(len(labels)), labels, fontsize=FONT_SIZE - 1)
    ax.set_ylim(0, 100)
    ax.yaxis.set_major_formatter(PercentFormatter(xmax=100, decimals=0))
    ax.tick_params(axis="y", labelsize=FONT_SIZE - 1, colors=MUTED_COLOUR)
    ax.grid(axis="y", color="#e0e0e0", linewidth=0.8)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=FONT_SIZE - 1)
    titled(
        fig,
        "Share of postings per period, the most asked-for skills",
        f"{short_role(role)} · dated postings per period in brackets · hollow: under the small-sample threshold",
    )
    return save(fig, folder / CHART_FILES["trends"])


def pay_skills(salaries: pd.DataFrame, limit: int = MAX_PAY_SKILLS) -> pd.DataFrame:
    """The skills asked for by at least one posting with pay, the most such postings first, then by
    name, at most limit of them: the rows of the Pay table and chart."""
    if salaries.empty:
        return salaries
    rows = salaries[salaries["postings_with_skill"] > 0]
    return rows.sort_values(["postings_with_skill", "skill_name"], ascending=[False, True], kind="stable").head(limit)


def premium_arrow(premium: object, distinctive: object) -> str:
    """' ↑' (' ↓') after a skill whose premium is positive (negative) with the two medians' intervals
    apart (fct_skill_salary.is_premium_distinctive); '' otherwise."""
    if pd.isna(premium) or pd.isna(distinctive) or not bool(distinctive):
        return ""
    return " ↑" if float(premium) > 0 else " ↓"


def thousands(value: float, _position: object = None) -> str:
    """An axis amount with thousands separators: 120000 -> '120,000'."""
    return f"{value:,.0f}"


def draw_medians(ax: Axes, ys: list[float], frame: pd.DataFrame, prefix: str, colour: str) -> None:
    """One group's medians as dots at ys, with their 95% interval as whiskers where there is one
    (none under 6 postings: a dot alone; an empty group: nothing)."""
    medians, lower, upper = frame[prefix], frame[f"{prefix}_lower"], frame[f"{prefix}_upper"]
    for y, median, lo, hi in zip(ys, medians, lower, upper, strict=True):
        if pd.isna(median):
            continue
        if not (pd.isna(lo) or pd.isna(hi)):
            ax.plot([lo, hi], [y, y], color=colour, linewidth=1.4, solid_capstyle="butt")
            ax.plot([lo, hi], [y, y], linestyle="none", marker="|", markersize=7, color=colour)
        ax.plot([median], [y], linestyle="none", marker="o", markersize=6, color=colour)


def pay_chart(salaries: pd.DataFrame, folder: Path, role: str) -> Path | None:
    """Per top skill, the median yearly pay of the postings asking for it and of those that do not,
    side by side, each with its 95% distribution-free interval; None when no posting with pay
    asks for a skill of the taxonomy."""
    rows = pay_skills(salaries)
    if rows.empty:
        return None
    positions = list(range(len(rows)))
    fig = new_figure(2.0 + 0.46 * len(rows))
    ax = fig.add_subplot()
    draw_medians(ax, [y - 0.17 for y in positions], rows, "median_with_skill", WITH_COLOUR)
    draw_medians(ax, [y + 0.17 for y in positions], rows, "median_without_skill", WITHOUT_COLOUR)
    labels = [
        f"{wrap_label(name, LABEL_WIDTH, 1)}{premium_arrow(premium, distinct)}\n{int(w)} with · {int(wo)} without"
        for name, premium, distinct, w, wo in zip(
            rows["skill_name"],
            rows["salary_premium"],
            rows["is_premium_distinctive"],
            rows["postings_with_skill"],
            rows["postings_without_skill"],
            strict=True,
        )
    ]
    ax.set_yticks(positions, labels, fontsize=FONT_SIZE - 0.5)
    ax.set_ylim(len(positions) - 0.5, -0.5)  # first skill at the top
    style_bar_axis(ax, FuncFormatter(thousands))
    ax.xaxis.set_major_locator(MaxNLocator(nbins=7, steps=[1, 2, 2.5, 5, 10]))
    ax.set_xlabel("Median yearly pay (salary midpoint), in the input's currency", fontsize=FONT_SIZE - 0.5)
    handles = [
        Line2D([], [], color=WITH_COLOUR, marker="o", lw=1.4, label="Postings asking for the skill"),
        Line2D([], [], color=WITHOUT_COLOUR, marker="o", lw=1.4, label="Postings not asking for it"),
        Line2D([], [], linestyle="none", label="↑ / ↓ after a skill: the two intervals do not overlap"),
    ]
    fig.legend(handles=handles, loc="outside lower left", ncols=3, frameon=False, fontsize=FONT_SIZE)
    salaried = int(rows["salaried_postings"].iloc[0])
    skilled = int((salaries["postings_with_skill"] > 0).sum())
    shown = f"top {len(rows)} of {skilled} skills" if skilled > len(rows) else f"{skilled} skills"
    titled(
        fig,
        "Median yearly pay with and without each skill",
        f"{short_role(role)} · {postings(salaried)} with pay · {shown} · lines: the medians' 95% intervals",
    )
    return save(fig, folder / CHART_FILES["pay"])


def render_role_charts(
    role: str,
    folder: Path,
    skills: pd.DataFrame,
    categories: pd.DataFrame,
    themes: pd.DataFrame,
    profile: pd.DataFrame,
    pairs: pd.DataFrame | None = None,
    comparison: pd.DataFrame | None = None,
    trends: pd.DataFrame | None = None,
    salaries: pd.DataFrame | None = None,
) -> dict[str, Path]:
    """Every chart of one role into folder: {chart key: PNG path}, charts with nothing to draw left out.

    Charts this function owns that are not drawn this time are removed, so a rerun never leaves
    a stale picture beside the report.
    """
    drawn = {
        "profile": profile_chart(profile, folder, role),
        "skills": skills_chart(skills, folder, role),
        "tool_categories": tool_categories_chart(categories, folder, role),
        "themes": themes_chart(themes, folder, role),
        "cooccurrence": cooccurrence_chart(skills, pd.DataFrame() if pairs is None else pairs, folder, role),
        "comparison": comparison_chart(pd.DataFrame() if comparison is None else comparison, folder, role),
        "trends": trends_chart(pd.DataFrame() if trends is None else trends, skills, folder, role),
        "pay": pay_chart(pd.DataFrame() if salaries is None else salaries, folder, role),
    }
    for key, path in drawn.items():
        if path is None:
            (folder / CHART_FILES[key]).unlink(missing_ok=True)
    return {key: path for key, path in drawn.items() if path is not None}
