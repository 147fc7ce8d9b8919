"""The report's markdown and HTML from small frames, without a warehouse: tables, footnotes, images,
and text from the data (skill, tool and industry names with '<', '&', '|') escaped on the page."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pandas as pd
import pytest

from job_skills.report import render as render_report

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
HOSTILE_SKILL = 'Rust <script>alert("x")</script> & C'
HOSTILE_INDUSTRY = "AT&T <Labs>"
PIPED_TOOL = "CI|CD"


def role_data(skill: str = "Python", industry: str = "Software") -> render_report.RoleData:
    """One role's marts as the report reads them: one skill (published as 96%, computed 95%), one
    tool in one category, one theme, one signal."""
    summary = pd.Series(
        {
            "total_postings": 22,
            "first_posting_year": 2024,
            "last_posting_year": 2025,
            "industry_count": 1,
            "region_count": 1,
            "org_size_min_employees": None,
            "org_size_max_employees": None,
            "org_size_max_band": None,
            "has_open_ended_org_size": False,
            "team_size_min": None,
            "team_size_max": None,
        }
    )
    profile = pd.DataFrame({"dimension": ["region", "industry"], "member": ["Europe", industry], "frequency": [22, 22]})
    skills = pd.DataFrame(
        {
            "skill_id": [skill.lower()],
            "skill_name": [skill],
            "frequency": [21],
            "total_postings": [22],
            "share_of_postings": [21 / 22],
            "pct_of_postings": [95],
            "tier": ["Core"],
            "wilson_lower": [0.78],
            "wilson_upper": [0.99],
            "category": ["Languages"],
            "notes": [None],
        }
    )
    categories = pd.DataFrame(
        {
            "tool_category_id": [1],
            "tool_category_name": ["Delivery"],
            "frequency": [3],
            "total_postings": [22],
            "pct_of_postings": [14],
            "notes": [""],
        }
    )
    tools = pd.DataFrame({"tool_category_id": [1], "tool_name": [PIPED_TOOL], "frequency": [3]})
    themes = pd.DataFrame(
        {
            "theme_name": ["Mentoring"],
            "representative_responsibilities": ["Grow the team"],
            "frequency": [10],
            "total_postings": [22],
            "pct_of_postings": [45],
        }
    )
    signals = pd.DataFrame(
        {
            "signal_name": ["Remote"],
            "quantifier": ["some"],
            "quantifier_definition": "a few",
            "frequency": [4],
            "total_postings": [22],
            "pct_of_postings": [18],
            "statement": ["Remote work is offered."],
        }
    )
    mismatched = pd.DataFrame(
        {
            "published_table": ["skill_frequency"],
            "item_name": [skill],
            "measure": ["pct_of_postings"],
            "published_value": ["96"],
        }
    )
    return render_report.RoleData(summary, profile, skills, categories, tools, themes, signals, mismatched)


def test_markdown_of_small_frames() -> None:
    markdown = render_report.role_markdown("Lead", role_data(), {"skills": "lead_charts/skills.png"})
    assert markdown.startswith("# Job Posting Analysis — Lead\n\n> Sample set: 22 postings (2024–2025) across 1")
    assert "- **Regions**: Europe (22).\n- **Industries**: Software (22).\n- **Years**: 2024–2025.\n" in markdown
    assert (
        "![Skills by share of postings, coloured by tier, with 95% Wilson intervals](lead_charts/skills.png)\n\n|"
        in markdown
    )
    assert "| Skill | Frequency | % of Postings | Tier | 95% interval | Skill area | Notes |" in markdown
    assert "| Python | 21 | 95%[^1] | Core | 78.0% – 99.0% | Languages |  |" in markdown
    assert "| Delivery | CI\\|CD (3) | 3 | 14% |  |" in markdown  # the data's '|' escaped: one cell
    assert "- **Remote** (some: 4 of 22 postings, 18%): Remote work is offered." in markdown
    assert markdown.endswith("[^1]: Published as 96%; 21 of 22 postings is 95.45%, which rounds to 95%.\n")


def test_empty_parts_of_the_taxonomy_are_left_out_with_a_reason() -> None:
    data = role_data()
    empty = render_report.RoleData(
        data.summary, data.profile, data.skills.iloc[0:0], data.categories.iloc[0:0], data.tools.iloc[0:0],
        data.themes.iloc[0:0], data.signals.iloc[0:0], data.mismatched.iloc[0:0],
    )  # fmt: skip
    markdown = render_report.role_markdown("Lead", empty)
    assert re.findall(r"^## (.+)$", markdown, flags=re.MULTILINE) == ["Summary", "About These Figures"]
    for reason in render_report.SECTIONS_LEFT_OUT.values():
        assert f"- Left out: {reason}\n" in markdown
    assert "None in the taxonomy" not in markdown and "[^" not in markdown


def test_what_was_not_found_is_counted_not_listed() -> None:
    """A taxonomy item no posting mentions is not a row at 0%: one line counts them."""
    data = role_data()
    zero = data.skills.assign(skill_name="Cobol", frequency=0, share_of_postings=0.0, pct_of_postings=0)
    skills = pd.concat([data.skills, zero, zero.assign(skill_name="Fortran")], ignore_index=True)
    themes = data.themes.assign(frequency=0, pct_of_postings=0)
    with_zeros = render_report.RoleData(
        data.summary, data.profile, skills, data.categories, data.tools, themes, data.signals, data.mismatched
    )
    markdown = render_report.role_markdown("Lead", with_zeros)
    assert "| Python | 21 |" in markdown and "Cobol" not in markdown and "Fortran" not in markdown
    assert "_2 other skills of the taxonomy were found in no posting._" in markdown
    assert "_No theme of the taxonomy was found in these postings._" in markdown
    assert "Mentoring" not in markdown


@pytest.mark.parametrize(
    ("gaps", "expected"),
    [
        ({"postings_without_skill": 0, "postings_without_date": 0, "is_small_sample": False}, []),
        (
            {"postings_without_skill": 11, "postings_without_date": 22, "is_small_sample": True},
            [
                "- 11 of 22 postings (50%) matched no skill of the taxonomy; every share below is of all 22 postings.",
                "- The postings carry no dates (`posted_date`): no years are given.",
                (
                    "- Small sample: 22 postings, fewer than the small-sample threshold"
                    " (var `small_sample_max_postings`); read each share with its 95% interval."
                ),
                f"- Left out: {render_report.TRENDS_UNDATED}",
            ],
        ),
        (
            {"postings_without_skill": 0, "postings_without_date": 5, "is_small_sample": False},
            ["- 5 of 22 postings have no date; the years are those of the others."],
        ),
    ],
    ids=["nothing-to-say", "no-skill-no-date-small", "some-dates-missing"],
)
def test_the_data_notes_state_gaps_and_small_samples(gaps: dict[str, object], expected: list[str]) -> None:
    data = role_data()
    summary = pd.concat([data.summary, pd.Series(gaps)])
    markdown = render_report.role_markdown("Lead", render_report.RoleData(summary, *list(vars(data).values())[1:]))
    notes = re.findall(r"^- .+$", markdown.split("## About These Figures\n", 1)[1].split("\n## ", 1)[0],
                       flags=re.MULTILINE) if expected else []  # fmt: skip
    assert notes == expected
    assert ("## About These Figures" in markdown) is bool(expected)


def test_page_has_tables_footnotes_and_headings(tmp_path: Path) -> None:
    page = render_report.markdown_to_html(render_report.role_markdown("Lead & co", role_data()), tmp_path)
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert "<title>Job Posting Analysis — Lead &amp; co</title>" in page
    assert "<h1>Job Posting Analysis — Lead &amp; co</h1>" in page
    assert re.findall(r"<h2>(.+?)</h2>", page) == [
        "Summary",
        "Aggregate Skill Frequency",
        "Technology &amp; Tool Mentions",
        "Responsibility Themes",
        "Hiring Signals &amp; Requirements",
    ]
    assert "<blockquote>\n<p>Sample set: 22 postings" in page
    assert "<li><strong>Regions</strong>: Europe (22).</li>" in page
    assert page.count('<div class="table"><table>') == 3
    assert "<th>Skill</th>" in page and "<td>Python</td>" in page
    assert "<td>CI|CD (3)</td>" in page  # one cell, the pipe shown as it is in the data
    assert '<td>95%<sup class="footnote-ref" id="fnref-1"><a href="#fn-1">1</a></sup></td>' in page
    assert re.search(r'<li id="fn-1"><p>Published as 96%; 21 of 22 postings is 95\.45%, which rounds to 95%\.'
                     r'<a href="#fnref-1" class="footnote">', page)  # fmt: skip
    assert "<script" not in page and "<link" not in page


def test_text_from_the_data_is_escaped(tmp_path: Path) -> None:
    data = role_data(skill=HOSTILE_SKILL, industry=HOSTILE_INDUSTRY)
    page = render_report.markdown_to_html(render_report.role_markdown("Lead", data), tmp_path)
    assert "<script" not in page and "<Labs>" not in page
    assert "<td>Rust &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; C</td>" in page
    assert "<li><strong>Industries</strong>: AT&amp;T &lt;Labs&gt; (22).</li>" in page
    assert "&amp;amp;" not in page  # escaped once, not twice


def test_markdown_rules_the_report_uses(tmp_path: Path) -> None:
    page = render_report.markdown_to_html(
        "# T & co\n\n> quoted **bold**\n\n- a _note_ on snake_case[^1]\n\n"
        "| A | B |\n|---|---|\n| 1 < 2 | x |\n\n_None here._\n\n[^1]: Why.\n",
        tmp_path,
    )
    assert "<title>T &amp; co</title>" in page and "<h1>T &amp; co</h1>" in page
    assert "<blockquote>\n<p>quoted <strong>bold</strong></p>\n</blockquote>" in page
    assert (
        '<li>a <em>note</em> on snake_case<sup class="footnote-ref" id="fnref-1"><a href="#fn-1">1</a></sup></li>'
        in page
    )
    assert "<th>A</th>" in page and "<td>1 &lt; 2</td>" in page
    assert "<p><em>None here.</em></p>" in page
    assert '<li id="fn-1"><p>Why.<a href="#fnref-1" class="footnote">&#8617;</a></p></li>' in page


def test_images_are_embedded_and_a_missing_one_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "charts").mkdir()
    (tmp_path / "charts" / "skills.png").write_bytes(PNG)
    page = render_report.markdown_to_html('# R\n\n![Skills & "tiers" <b>](charts/skills.png)\n', tmp_path)
    sources = re.findall(r'<img src="data:image/png;base64,([^"]+)" alt="([^"]*)"', page)
    assert [(base64.b64decode(data), alt) for data, alt in sources] == [
        (PNG, "Skills &amp; &quot;tiers&quot; &lt;b&gt;")
    ]
    assert "charts/skills.png" not in page
    with pytest.raises(ValueError, match=r"report image 'charts/gone\.png' is not a file under"):
        render_report.markdown_to_html("![gone](charts/gone.png)\n", tmp_path)
    with pytest.raises(ValueError, match=r"report image 'https://example\.com/x\.png' is not a file under"):
        render_report.markdown_to_html("![remote](https://example.com/x.png)\n", tmp_path)
    (tmp_path / "charts" / "page.svg").write_text("<svg/>")
    with pytest.raises(ValueError, match=r"report image 'charts/page\.svg' is not one of image/gif"):
        render_report.markdown_to_html("![svg](charts/page.svg)\n", tmp_path)


def test_a_not_stated_member_is_counted_not_listed() -> None:
    """The profile's one member for null (cleaning at the bottom) is said once, after the stated ones."""
    profile = pd.DataFrame(
        {
            "dimension": ["industry", "industry", "industry", "region"],
            "member": ["Energy", "(not stated)", "Biotech", "(not stated)"],
            "frequency": [3, 4, 5, 12],
        }
    )
    assert render_report.members(profile, "industry") == "Biotech (5), Energy (3); not stated for 4"
    assert render_report.members(profile, "region") is None


def test_the_summary_gives_countries_and_states_parsed_from_the_location() -> None:
    data = role_data()
    parsed = pd.DataFrame(
        {
            "dimension": ["country", "state_or_region", "state_or_region", "state_or_region"],
            "member": ["United States", "California", "Texas", "(not stated)"],
            "frequency": [22, 15, 6, 1],
        }
    )
    profile = pd.concat([data.profile, parsed], ignore_index=True)
    markdown = render_report.role_markdown(
        "Lead", render_report.RoleData(data.summary, profile, *list(vars(data).values())[2:])
    )
    assert (
        "- **Regions**: Europe (22).\n- **Countries**: United States (22).\n"
        "- **States / regions**: California (15), Texas (6); not stated for 1.\n- **Industries**"
    ) in markdown


def skill_areas(member_counts: list[int]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Skills and their areas (fct_skill_frequency, fct_skill_category_frequency): area i holds
    member_counts[i] skills, each found in 2 postings but the last, found in none."""
    skills = pd.DataFrame(
        [
            {"skill_name": f"S{i}{j}", "skill_category_id": f"a{i}", "category": f"Area {i} <b>", "frequency": 2}
            for i, count in enumerate(member_counts)
            for j in range(count)
        ]
    )
    skills.loc[skills.index[-1], "frequency"] = 0
    skills = skills.assign(
        total_postings=10,
        share_of_postings=skills["frequency"] / 10,
        pct_of_postings=skills["frequency"] * 10,
        tier="Secondary",
        wilson_lower=0.05,
        wilson_upper=0.5,
        notes=None,
    )
    areas = pd.DataFrame(
        {
            "skill_category_id": [f"a{i}" for i in range(len(member_counts))],
            "skill_category_name": [f"Area {i} <b>" for i in range(len(member_counts))],
            "member_skill_count": member_counts,
            "frequency": [3] * (len(member_counts) - 1) + [0],
            "total_postings": [10] * len(member_counts),
            "pct_of_postings": [30] * (len(member_counts) - 1) + [0],
            "tier": ["Secondary"] * (len(member_counts) - 1) + ["Secondary"],
            "wilson_lower": [0.1] * len(member_counts),
            "wilson_upper": [0.6] * len(member_counts),
        }
    )
    return skills, areas


def test_skill_areas_follow_the_skills_when_an_area_groups_some() -> None:
    """An area table after the skill table, its found skills with their counts; an area no posting
    asks for is counted, not listed; the area names are data, escaped on the page."""
    skills, areas = skill_areas([2, 1, 1])
    grouped = render_report.RoleData(**{**vars(role_data()), "skills": skills, "skill_areas": areas})
    markdown = render_report.role_markdown("Lead", grouped)
    headings = re.findall(r"^## (.+)$", markdown, flags=re.MULTILINE)
    assert headings[headings.index("Aggregate Skill Frequency") + 1] == "Skill Areas"
    section = markdown.split("## Skill Areas\n", 1)[1].split("\n## ", 1)[0]
    assert "| Area 0 <b> | S00 (2), S01 (2) | 3 | 30% | Secondary | 10.0% – 60.0% |" in section
    assert "| Area 1 <b> | S10 (2) | 3 | 30% |" in section
    assert "Area 2" not in section and "_1 other skill area of the taxonomy was found in no posting._" in section
    assert "Skill Areas: each skill area" not in markdown
    page = render_report.markdown_to_html(markdown, Path("."))
    assert "<td>Area 0 &lt;b&gt;</td>" in page


def test_skill_areas_of_one_skill_each_are_left_out_with_a_reason() -> None:
    data = role_data()
    skills, areas = skill_areas([1, 1])
    one_each = render_report.RoleData(**{**vars(data), "skills": skills, "skill_areas": areas})
    markdown = render_report.role_markdown("Lead", one_each)
    assert "## Skill Areas" not in markdown
    assert f"- Left out: {render_report.SKILL_AREAS_LEFT_OUT}\n" in markdown
    # no skill at all: the skills' own reason says it, not a second one for the areas
    none = render_report.RoleData(**{**vars(data), "skills": skills.iloc[0:0], "skill_areas": areas.iloc[0:0]})
    assert render_report.SKILL_AREAS_LEFT_OUT not in render_report.role_markdown("Lead", none)


def pairs_of(both: int, first: tuple[str, int], second: tuple[str, int], total: int = 22) -> pd.DataFrame:
    """fct_skill_cooccurrence's two rows (both orders) of one pair of skills given as (name, postings)."""
    rows = []
    for (a, fa), (b, fb) in [(first, second), (second, first)]:
        rows.append(
            {
                "skill_id": a.lower(),
                "skill_name": a,
                "co_skill_id": b.lower(),
                "co_skill_name": b,
                "postings_with_both": both,
                "skill_frequency": fa,
                "co_skill_frequency": fb,
                "total_postings": total,
                "cooccurrence_min_postings": 2,
                "share_of_postings": both / total,
                "conditional_share": both / fa,
                "conditional_lower": 0.5,
                "conditional_upper": 0.9,
                "lift": both * total / (fa * fb),
            }
        )
    return pd.DataFrame(rows)


def test_skills_that_go_together_each_pair_once_or_a_reason() -> None:
    data = role_data()
    two = pd.concat([data.skills, data.skills.assign(skill_name="SQL", frequency=12)], ignore_index=True)
    pairs = pairs_of(10, ("SQL", 12), ("Python", 21))
    markdown = render_report.role_markdown(
        "Lead", render_report.RoleData(**{**vars(data), "skills": two, "pairs": pairs})
    )
    headings = re.findall(r"^## (.+)$", markdown, flags=re.MULTILINE)
    assert headings[headings.index("Aggregate Skill Frequency") + 1] == "Skills That Go Together"
    section = markdown.split("## Skills That Go Together\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ")][1:]
    # one row for the two orders, the more frequent skill first; 10 of 22 is 45%, of 21 48%, of 12 83%
    assert rows == ["| Python | SQL | 10 | 45% | 48% of 21 (50.0% – 90.0%) | 83% of 12 (50.0% – 90.0%) | 0.87 |"]
    assert "at least 2 postings ask for together" in section and "all of them are listed." in section
    assert "Left out: Skills That Go Together" not in markdown

    none = render_report.role_markdown(
        "Lead", render_report.RoleData(**{**vars(data), "skills": two, "pairs": pairs.iloc[0:0]})
    )
    assert "## Skills That Go Together" not in none
    assert f"- Left out: {render_report.COOCCURRENCE_LEFT_OUT}" in none
    # one skill found: no pair could exist, nothing to say
    assert "Skills That Go Together" not in render_report.role_markdown("Lead", data)


def comparison_rows(rows: list[tuple[str, int, int, int, int, float, float, float, bool]]) -> pd.DataFrame:
    """fct_role_skill_comparison rows: (skill, frequency, total, other frequency, other postings,
    difference, lower, upper, distinctive)."""
    return pd.DataFrame(
        [
            {
                "skill_name": name,
                "frequency": f,
                "total_postings": n,
                "other_frequency": of,
                "other_postings": on,
                "share_of_postings": f / n,
                "other_share_of_postings": of / on if on else None,
                "share_difference": d,
                "difference_lower": lo,
                "difference_upper": hi,
                "is_distinctive": flag,
            }
            for name, f, n, of, on, d, lo, hi, flag in rows
        ]
    )


def test_how_this_role_differs_lists_distinctive_skills_each_way_or_says_why() -> None:
    data = role_data()
    comparison = comparison_rows(
        [
            ("Python", 18, 20, 3, 10, 0.6, 0.3, 0.75, True),
            ("Go", 5, 20, 2, 10, 0.05, -0.2, 0.3, False),
            ("Excel", 1, 20, 6, 10, -0.55, -0.75, -0.25, True),
        ]
    )
    markdown = render_report.role_markdown("Lead", render_report.RoleData(**{**vars(data), "comparison": comparison}))
    section = markdown.split("## How This Role Differs\n", 1)[1].split("\n## ", 1)[0]
    assert "of the 10 postings of all other roles" in section
    more, less = section.split("**Asked for less often** (1):")
    assert "| Python | 18 (90.0%) | 3 (30.0%) | +60.0 (+30.0 to +75.0) |" in more
    assert "| Excel | 1 (5.0%) | 6 (60.0%) | -55.0 (-75.0 to -25.0) |" in less
    assert "Go" not in section  # its interval holds 0
    none = comparison.assign(is_distinctive=False)
    quiet = render_report.role_markdown("Lead", render_report.RoleData(**{**vars(data), "comparison": none}))
    assert "_No skill's share differs from the other postings' beyond its interval._" in quiet
    # one role only: the section is left out, with the reason
    alone = comparison_rows([("Python", 18, 20, 0, 0, None, None, None, False)])
    single = render_report.role_markdown("Lead", render_report.RoleData(**{**vars(data), "comparison": alone}))
    assert "## How This Role Differs" not in single
    assert f"- Left out: {render_report.COMPARISON_LEFT_OUT}" in single


def trend_rows(periods: list[tuple[str, int]], frequencies: list[int], change: tuple[float, float, float, bool]):
    """fct_skill_trends rows of one skill (Python) over periods given as (label, postings)."""
    d, lo, hi, flag = change
    return pd.DataFrame(
        [
            {
                "skill_id": "python",
                "skill_name": "Python",
                "period": label,
                "period_start": pd.Timestamp(f"{2020 + i}-01-01"),
                "frequency": f,
                "total_postings": n,
                "change_from_first": d if i else None,
                "change_lower": lo if i else None,
                "change_upper": hi if i else None,
                "is_change_distinctive": flag if i else False,
                "is_small_sample": n < 30,
            }
            for i, ((label, n), f) in enumerate(zip(periods, frequencies, strict=True))
        ]
    )


def test_change_over_time_or_a_reason_for_none() -> None:
    data = role_data()
    trends = trend_rows([("2020", 40), ("2021", 10)], [10, 8], (0.55, 0.2, 0.75, True))
    markdown = render_report.role_markdown("Lead", render_report.RoleData(**{**vars(data), "trends": trends}))
    section = markdown.split("## Change Over Time\n", 1)[1].split("\n## ", 1)[0]
    assert "| Skill | 2020 (40) | 2021 (10)* | Change, first to last (95% interval) |" in section
    assert "| Python | 10 (25%) | 8 (80%) | +55.0 points (+20.0 to +75.0) ↑ |" in section
    assert "_* Fewer postings than the small-sample threshold" in section
    many = trend_rows([(str(2020 + i), 40) for i in range(8)], [10] * 8, (0.0, -0.2, 0.2, False))
    wide = render_report.role_markdown("Lead", render_report.RoleData(**{**vars(data), "trends": many}))
    assert (
        "| Skill | 2020 (40) | 2027 (40) | Change" in wide
        and "8 periods: the table gives the first and the last" in wide
    )
    one = render_report.role_markdown("Lead", render_report.RoleData(**{**vars(data), "trends": trends.iloc[:1]}))
    assert "## Change Over Time" not in one and f"- Left out: {render_report.TRENDS_ONE_PERIOD}" in one
    no_dates = pd.concat([data.summary, pd.Series({"postings_without_date": 22})])
    undated = render_report.role_markdown(
        "Lead", render_report.RoleData(**{**vars(data), "summary": no_dates, "trends": trends.iloc[0:0]})
    )
    assert f"- Left out: {render_report.TRENDS_UNDATED}" in undated


SALARY_COLUMNS = (
    "skill_name",
    "postings_with_skill",
    "median_with_skill",
    "median_with_skill_lower",
    "median_with_skill_upper",
    "postings_without_skill",
    "median_without_skill",
    "median_without_skill_lower",
    "median_without_skill_upper",
    "salary_premium",
    "salary_premium_share",
    "is_premium_distinctive",
)


def salary_rows(rows: list[tuple[object, ...]], salaried: int = 80) -> pd.DataFrame:
    """fct_skill_salary rows of one role with `salaried` postings with pay, given in SALARY_COLUMNS'
    order (salary_premium None: no premium; is_small_sample follows from the two counts)."""
    frame = pd.DataFrame(rows, columns=list(SALARY_COLUMNS))
    return frame.assign(
        role="Lead",
        skill_id=frame["skill_name"].str.lower(),
        salaried_postings=salaried,
        is_small_sample=(frame["postings_with_skill"] < 30) | (frame["postings_without_skill"] < 30),
    )


PAY = salary_rows(
    [
        # both groups of 30 or more, intervals apart: a premium with its arrow; 100,000.5 rounds up
        ("Spark", 40, 120_000.5, 115_000, 130_000, 40, 100_000, 95_000, 110_000, 20_000.5, 0.200005, True),
        # a negative premium whose intervals overlap: no arrow
        ("SQL", 50, 98_500, 90_000, 104_000, 30, 101_000, 96_000, 109_000, -2_500, -0.024752, False),
        # fewer than 6 postings with the skill: its median without an interval, and no premium
        ("Rust", 3, 150_000, None, None, 77, 105_000, 100_000, 111_250, None, None, False),
        # every posting with pay asks for it: no median without
        ("Python", 80, 111_250, 106_500, 115_000, 0, None, None, None, None, None, False),
        # no posting with pay asks for it: not listed
        ("Cobol", 0, None, None, None, 80, 105_000, 100_000, 111_250, None, None, False),
        # as many postings as SQL: after it by name
        ("Scala", 50, 99_000, 92_000, 105_000, 30, 100_000, 95_000, 108_000, -1_000, -0.01, False),
    ]
)


def pay_summary(data: render_report.RoleData, with_salary: int, not_parsed: int = 0, one_bound: int = 0) -> pd.Series:
    """The role's summary with its pay counts (fct_sample_summary), of 100 postings."""
    summary = data.summary.copy()
    summary["total_postings"] = 100
    summary["postings_with_salary"], summary["salary_texts_not_parsed"] = with_salary, not_parsed
    summary["salary_texts_one_bound"] = one_bound
    return summary


def test_pay_table_of_small_frames(tmp_path: Path) -> None:
    data = role_data()
    with_pay = render_report.RoleData(**{**vars(data), "summary": pay_summary(data, 80, 3), "salaries": PAY})
    markdown = render_report.role_markdown("Lead", with_pay, {"pay": "lead_charts/pay.png"})
    section = markdown.split("## Pay\n", 1)[1].split("\n## ", 1)[0]
    assert section.startswith(
        "\n![Median yearly pay of the postings asking for each skill and of those that do not, with 95% intervals]"
        "(lead_charts/pay.png)\n\n80 of the role's 100 postings state their pay (3 more have a salary text that"
        " gives no pay range; they are not counted); every skill they ask for is listed."
    )
    assert "var `small_sample_max_postings`" in section and "in the input's currency" in section
    rows = [line for line in section.splitlines() if line.startswith("|")]
    assert rows[0] == (
        "| Skill | Postings with it | Median with [95% interval] | Postings without"
        " | Median without [95% interval] | Premium (share) |"
    )
    assert rows[2:] == [
        "| Python | 80 | 111,250 [106,500 – 115,000] | 0 | — | — |",
        "| SQL | 50 | 98,500 [90,000 – 104,000] | 30 | 101,000 [96,000 – 109,000] | -2,500 (-2.5%) |",
        "| Scala | 50 | 99,000 [92,000 – 105,000] | 30 | 100,000 [95,000 – 108,000] | -1,000 (-1.0%) |",
        "| Spark | 40 | 120,001 [115,000 – 130,000] | 40 | 100,000 [95,000 – 110,000] | +20,001 (+20.0%) ↑ |",
        "| Rust | 3 | 150,000 | 77 | 105,000 [100,000 – 111,250] | — |",
    ]
    assert "Cobol" not in section and "## Pay" in markdown.split("## Technology & Tool Mentions", 1)[0]
    bounds = render_report.RoleData(**{**vars(with_pay), "summary": pay_summary(data, 80, 3, one_bound=2)})
    assert (
        "80 of the role's 100 postings state their pay (3 more have a salary text that gives no pay range; 2 state"
        " only a minimum or a maximum, so no midpoint; they are not counted)"
    ) in render_report.role_markdown("Lead", bounds)
    page = render_report.markdown_to_html(render_report.role_markdown("Lead", with_pay), tmp_path)
    assert "<h2>Pay</h2>" in page and "<td>111,250 [106,500 – 115,000]</td>" in page
    assert "<td>+20,001 (+20.0%) ↑</td>" in page


def test_pay_table_lists_the_skills_with_the_most_postings_with_pay() -> None:
    data = role_data()
    many = salary_rows(
        [
            (f"Skill {i:02d}", 10 + i, 100_000, 90_000, 110_000, 70 - i, 100_000, 90_000, 110_000, None, None, False)
            for i in range(15)
        ]
    )
    markdown = render_report.role_markdown("Lead", render_report.RoleData(**{**vars(data), "salaries": many}))
    section = markdown.split("## Pay\n", 1)[1].split("\n## ", 1)[0]
    assert "the 12 skills asked for by the most of them are listed, of 15." in section
    listed = re.findall(r"^\| (Skill \d\d) \|", section, flags=re.MULTILINE)
    assert listed == [f"Skill {i:02d}" for i in range(14, 2, -1)]
    assert render_report.MAX_PAY_SKILLS == 12


def test_pay_left_out_when_no_posting_states_it() -> None:
    data = role_data()
    none = render_report.RoleData(**{**vars(data), "summary": pay_summary(data, 0), "salaries": PAY.iloc[0:0]})
    markdown = render_report.role_markdown("Lead", none)
    assert "## Pay" not in markdown
    assert f"- Left out: {render_report.PAY_NONE}\n" in markdown
    assert "`postings_columns` field `salary`" in render_report.PAY_NONE
    texts = render_report.RoleData(**{**vars(none), "summary": pay_summary(data, 0, not_parsed=4)})
    assert f"- Left out: {render_report.PAY_NOT_PARSED}\n" in render_report.role_markdown("Lead", texts)
    bounds = render_report.RoleData(**{**vars(none), "summary": pay_summary(data, 0, not_parsed=4, one_bound=1)})
    assert f"- Left out: {render_report.PAY_ONE_BOUND}\n" in render_report.role_markdown("Lead", bounds)


def test_premium_share_rounds_half_away_from_zero() -> None:
    assert render_report.premium_cell(1_125.0, 0.1125, False) == "+1,125 (+11.3%)"  # f"{11.25:.1f}" is 11.2
    assert render_report.premium_cell(-50.0, -0.0125, False) == "-50 (-1.3%)"
    assert render_report.premium_cell(None, None, False) == "—"


def test_money_rounds_half_away_from_zero_with_thousands_separators() -> None:
    assert render_report.money(111_250.0) == "111,250"
    assert render_report.money(100_000.5) == "100,001" and render_report.money(2.5) == "3"
    assert render_report.money(-2_500.5, signed=True) == "-2,501"
    assert render_report.money(12_500, signed=True) == "+12,500"
    assert render_report.money(None) == "—" and render_report.money(float("nan")) == "—"
