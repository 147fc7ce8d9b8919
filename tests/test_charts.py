"""The report's charts (PNG beside the markdown) and its self-contained HTML page, from the built
sample warehouse. The markdown-to-HTML rules and escaping are checked without a warehouse in
test_report_html.py."""

from __future__ import annotations

import base64
import html
import re
import struct
from pathlib import Path

import pandas as pd
import pytest
from conftest import Query
from test_published_figures import SKILLS
from test_report_html import PAY, salary_rows

from job_skills.report import charts as render_charts
from job_skills.report import render as render_report

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
CHART_SECTIONS = {
    "profile": "Summary",
    "skills": "Aggregate Skill Frequency",
    "cooccurrence": "Skills That Go Together",
    "trends": "Change Over Time",
    "tool_categories": "Technology & Tool Mentions",
    "themes": "Responsibility Themes",
}
ROLE = "AI Infrastructure Team Lead"


@pytest.fixture(scope="module")
def rendered(built_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> render_report.RoleReport:
    reports = render_report.render_reports(built_warehouse, tmp_path_factory.mktemp("charts"))
    assert len(reports) == 1
    return reports[0]


@pytest.fixture(scope="module")
def page(rendered: render_report.RoleReport) -> str:
    return rendered.html.read_text(encoding="utf-8")


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from the PNG's IHDR chunk."""
    assert data[:8] == PNG_MAGIC
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_every_chart_is_a_png_of_reasonable_size(rendered: render_report.RoleReport) -> None:
    assert set(rendered.charts) == set(CHART_SECTIONS)
    for key, chart in rendered.charts.items():
        data = chart.read_bytes()
        width, height = png_size(data)
        assert 10_000 < len(data) < 1_000_000, (key, len(data))
        assert 600 <= width <= 2500 and 200 <= height <= 4000, (key, width, height)
        assert chart.parent == rendered.markdown.parent / "job_posting_analysis_ai_infrastructure_team_lead_charts"


def test_markdown_links_each_chart_under_its_section(rendered: render_report.RoleReport) -> None:
    markdown = rendered.markdown.read_text(encoding="utf-8")
    links = re.findall(r"^!\[[^\]]+\]\(([^)]+)\)$", markdown, flags=re.MULTILINE)
    assert len(links) == len(CHART_SECTIONS)
    for link in links:
        assert not Path(link).is_absolute() and "://" not in link
        assert (rendered.markdown.parent / link).is_file()
    for key, heading in CHART_SECTIONS.items():
        section = markdown.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
        link = rendered.charts[key].relative_to(rendered.markdown.parent).as_posix()
        assert f"]({link})" in section, (key, heading)


def test_html_is_self_contained(rendered: render_report.RoleReport, page: str) -> None:
    assert rendered.html.name == "job_posting_analysis_ai_infrastructure_team_lead.html"
    assert "http://" not in page and "https://" not in page
    assert not re.search(r"<script|<link|<iframe|@import|url\(", page, flags=re.IGNORECASE)
    sources = re.findall(r'\bsrc="([^"]*)"', page)
    assert len(sources) == len(CHART_SECTIONS)
    embedded = [base64.b64decode(s.removeprefix("data:image/png;base64,")) for s in sources]
    assert all(s.startswith("data:image/png;base64,") for s in sources)
    assert sorted(embedded) == sorted(chart.read_bytes() for chart in rendered.charts.values())


def test_html_has_the_report_content(page: str) -> None:
    for skill in SKILLS:
        assert f"<td>{html.escape(skill, quote=False)}</td>" in page, skill
    assert '<td>95%<sup class="footnote-ref" id="fnref-1"><a href="#fn-1">1</a></sup></td>' in page
    assert "Published as 96%; 21 of 22 postings is 95.45%, which rounds to 95%." in page
    assert page.count("96%") == 1  # only in the footnote
    headings = re.findall(r"<h2>(.+?)</h2>", page)
    expected = [*CHART_SECTIONS.values(), "Hiring Signals & Requirements"]
    expected.insert(1, "About These Figures")  # the sample is small: said before the figures
    expected.insert(3, "Skill Areas")  # a table without a chart, after the skills
    assert headings == [html.escape(heading, quote=False) for heading in expected]


@pytest.fixture(scope="module")
def frames(query: Query) -> dict[str, pd.DataFrame]:
    def mart(name: str) -> pd.DataFrame:
        return query(f"select * from marts.{name} where role = ? order by frequency desc", ROLE)

    return {
        "skills": mart("fct_skill_frequency"),
        "categories": mart("fct_tool_category_frequency"),
        "themes": mart("fct_theme_frequency"),
        "profile": mart("fct_sample_profile"),
        "pairs": query(
            "select * from marts.fct_skill_cooccurrence where role = ? order by skill_id, co_skill_id", ROLE
        ),
        "comparison": query("select * from marts.fct_role_skill_comparison where role = ?", ROLE),
        "trends": query("select * from marts.fct_skill_trends where role = ? order by skill_id, period_start", ROLE),
        "salaries": query("select * from marts.fct_skill_salary where role = ?", ROLE),
    }


def test_chart_without_rows_is_skipped_not_drawn(frames: dict[str, pd.DataFrame], query: Query, tmp_path: Path) -> None:
    assert set(render_charts.render_role_charts(ROLE, tmp_path, **frames)) == set(CHART_SECTIONS)
    no_tools = query("select * from marts.fct_tool_category_frequency where false")
    assert no_tools.empty and "tool_category_name" in no_tools.columns
    charts = render_charts.render_role_charts(ROLE, tmp_path, **{**frames, "categories": no_tools})
    assert set(charts) == {"profile", "skills", "cooccurrence", "trends", "themes"}
    assert not (tmp_path / "tool_categories.png").exists()  # the earlier run's picture is gone too
    assert render_charts.tool_categories_chart(no_tools, tmp_path, ROLE) is None
    empty = {key: frame.iloc[0:0] for key, frame in frames.items()}
    assert render_charts.render_role_charts(ROLE, tmp_path / "none", **empty) == {}


def test_cooccurrence_heatmap_is_the_top_skills_pair_shares(frames: dict[str, pd.DataFrame], tmp_path: Path) -> None:
    skills = frames["skills"][frames["skills"]["frequency"] > 0]
    names, cells = render_charts.heatmap_matrix(skills, frames["pairs"])
    assert names == list(skills["skill_name"].head(render_charts.MAX_HEATMAP))
    size = len(names)
    assert all(cells[i][j] == cells[j][i] for i in range(size) for j in range(size))  # symmetric
    assert cells[0][0] == pytest.approx(100 * 21 / 22)  # the diagonal: Leading AI/ML infrastructure teams alone
    pair = frames["pairs"].query("skill_name == @names[0] and co_skill_name == @names[1]")
    assert cells[0][1] == pytest.approx(100 * int(pair["postings_with_both"].iloc[0]) / 22)
    # a pair under the minimum support has no row: its cell is None (drawn grey), not 0
    fewer = frames["pairs"].query("not (skill_name == @names[0] and co_skill_name == @names[1])")
    assert render_charts.heatmap_matrix(skills, fewer)[1][0][1] is None
    assert render_charts.cooccurrence_chart(skills, frames["pairs"].iloc[0:0], tmp_path, ROLE) is None


def test_unmentioned_items_are_left_out_and_many_are_capped(frames: dict[str, pd.DataFrame], tmp_path: Path) -> None:
    skills = frames["skills"]
    unmentioned = skills.assign(frequency=0, share_of_postings=0.0, pct_of_postings=0)
    assert render_charts.skills_chart(unmentioned, tmp_path, ROLE) is None
    many = pd.concat([skills.assign(skill_name=skills["skill_name"] + f" {i}") for i in range(6)], ignore_index=True)
    assert len(render_charts.drawable(many, render_charts.MAX_BARS)) == render_charts.MAX_BARS
    chart = render_charts.skills_chart(many, tmp_path, ROLE)
    assert chart is not None
    _, height = png_size(chart.read_bytes())
    assert height < 2000


def test_long_labels_wrap_then_end_in_an_ellipsis() -> None:
    label = render_charts.wrap_label("Supercalifragilistic " * 10, width=20, max_lines=2)
    lines = label.split("\n")
    assert len(lines) == 2 and all(len(line) <= 20 for line in lines) and lines[-1].endswith("…")
    assert render_charts.wrap_label("Python") == "Python"


def test_comparison_chart_draws_only_distinctive_skills(frames: dict[str, pd.DataFrame], tmp_path: Path) -> None:
    alone = frames["comparison"]
    assert len(alone) == 8 and (alone["other_postings"] == 0).all()  # the sample has one role
    assert render_charts.comparison_chart(alone, tmp_path, ROLE) is None
    rows = alone.assign(
        other_postings=30,
        other_share_of_postings=0.2,
        share_difference=[0.5, -0.3, 0.1, 0.4, 0.0, 0.2, -0.1, 0.05],
        difference_lower=[0.3, -0.5, -0.1, 0.2, -0.2, 0.05, -0.3, -0.1],
        difference_upper=[0.7, -0.1, 0.3, 0.6, 0.2, 0.35, 0.1, 0.2],
        is_distinctive=[True, True, False, True, False, True, False, False],
    )
    shown = render_charts.distinctive(rows, render_charts.MAX_DIFFERENCES)
    assert list(shown["share_difference"]) == [0.5, 0.4, -0.3, 0.2]  # largest either way first
    chart = render_charts.comparison_chart(rows, tmp_path, ROLE)
    assert chart is not None and chart.name == "comparison.png"
    assert 600 <= png_size(chart.read_bytes())[0] <= 2500


def test_trends_chart_needs_two_periods(frames: dict[str, pd.DataFrame], tmp_path: Path) -> None:
    trends, skills = frames["trends"], frames["skills"]
    assert sorted(trends["period"].unique()) == ["2024", "2025"] and len(trends) == 16  # 8 skills x 2 years
    chart = render_charts.trends_chart(trends, skills, tmp_path, ROLE)
    assert chart is not None and chart.name == "trends.png"
    one_period = trends[trends["period"] == "2024"]
    assert render_charts.trends_chart(one_period, skills, tmp_path / "one", ROLE) is None


def test_org_size_bands_are_drawn_smallest_first_not_by_count() -> None:
    profile = pd.DataFrame(
        {
            "dimension": ["org_size_band"] * 4,
            "member": ["10000+ employees", "1 to 50 employees", "201 to 500 employees", "(not stated)"],
            "member_sort_key": [7, 1, 3, None],
            "frequency": [51, 23, 42, 10],
            "total_postings": [126] * 4,
            "share_of_postings": [51 / 126, 23 / 126, 42 / 126, 10 / 126],
            "pct_of_postings": [40, 18, 33, 8],
        }
    )
    bars, count = render_charts.profile_panels(profile)["Organisation size"]
    assert bars.labels == ["1 to 50 employees", "201 to 500 employees", "10000+ employees"] and count == 3


def test_pay_chart_draws_the_table_skills_and_none_without_pay(frames: dict[str, pd.DataFrame], tmp_path: Path) -> None:
    assert frames["salaries"].empty and "median_with_skill" in frames["salaries"].columns  # the sample has no pay
    assert render_charts.pay_chart(frames["salaries"], tmp_path, ROLE) is None
    assert "pay" not in render_charts.render_role_charts(ROLE, tmp_path, **frames)
    # the table's skills, most postings with pay first, then by name; none no posting with pay asks for
    assert list(render_charts.pay_skills(PAY)["skill_name"]) == ["Python", "SQL", "Scala", "Spark", "Rust"]
    chart = render_charts.pay_chart(PAY, tmp_path, ROLE)
    assert chart is not None and chart.name == "pay.png"
    width, height = png_size(chart.read_bytes())
    assert 600 <= width <= 2500 and 200 <= height <= 4000
    charts = render_charts.render_role_charts(ROLE, tmp_path, **{**frames, "salaries": PAY})
    assert charts["pay"] == tmp_path / "pay.png"
    assert render_charts.pay_chart(PAY[PAY["skill_name"] == "Cobol"], tmp_path / "none", ROLE) is None
    many = salary_rows(
        [
            (f"Skill {i:02d}", 10 + i, 100_000, 90_000, 110_000, 70 - i, 95_000, 85_000, 105_000, None, None, False)
            for i in range(20)
        ]
    )
    top = render_charts.pay_skills(many)
    assert len(top) == render_charts.MAX_PAY_SKILLS and top["skill_name"].iloc[0] == "Skill 19"
    tall = render_charts.pay_chart(many, tmp_path / "many", ROLE)
    assert tall is not None and png_size(tall.read_bytes())[1] < 2000


def test_premium_arrow_only_where_the_intervals_are_apart() -> None:
    assert render_charts.premium_arrow(20_000.0, True) == " ↑"
    assert render_charts.premium_arrow(-7_750.0, True) == " ↓"
    assert render_charts.premium_arrow(12_000.0, False) == ""
    assert render_charts.premium_arrow(None, False) == "" and render_charts.premium_arrow(float("nan"), True) == ""
