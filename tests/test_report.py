"""The rendered report: the published document's structure, its tables, and its footnote."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_published_figures import SKILLS, THEMES, TOOL_CATEGORIES

from job_skills.report import render as render_report


@pytest.fixture(scope="module")
def report(built_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    written = render_report.render(built_warehouse, tmp_path_factory.mktemp("reports"))
    assert [p.name for p in written] == ["job_posting_analysis_ai_infrastructure_team_lead.md"]
    return written[0].read_text(encoding="utf-8")


def table_rows(report: str, heading: str) -> list[list[str]]:
    section = report.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    lines = [line for line in section.splitlines() if line.startswith("|")]
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in lines[2:]]


def test_sections_in_published_order(report: str) -> None:
    headings = re.findall(r"^## (.+)$", report, flags=re.MULTILINE)
    assert headings == [
        "Summary",
        "About These Figures",  # 22 postings: a small sample, said before the figures
        "Aggregate Skill Frequency",
        "Technology & Tool Mentions",
        "Responsibility Themes",
        "Hiring Signals & Requirements",
    ]


def test_skill_table(report: str) -> None:
    rows = table_rows(report, "Aggregate Skill Frequency")
    assert len(rows) == 8
    for skill, frequency, pct, tier, *_ in rows:
        expected = SKILLS[skill]
        assert (int(frequency), pct.split("[")[0], tier) == (expected[0], f"{expected[1]}%", expected[2])


def test_published_96_is_printed_as_computed_95_with_footnote(report: str) -> None:
    row = next(
        r for r in table_rows(report, "Aggregate Skill Frequency") if r[0] == "Leading AI/ML infrastructure teams"
    )
    assert row[2] == "95%[^1]"
    assert "[^1]: Published as 96%; 21 of 22 postings is 95.45%, which rounds to 95%." in report
    # one marker and one footnote for the only mismatch; the other three are the signals' quantifiers
    assert report.count("[^1]") == 2 and report.count("[^") == 8


def test_tool_and_theme_tables(report: str) -> None:
    tools = {r[0]: int(r[2]) for r in table_rows(report, "Technology & Tool Mentions")}
    assert tools == {name: frequency for name, (frequency, _) in TOOL_CATEGORIES.items()}
    themes = {r[0]: int(r[2]) for r in table_rows(report, "Responsibility Themes")}
    assert themes == THEMES


def test_summary_and_signals(report: str) -> None:
    assert "500 – 100k+ employees" in report
    assert "teams of 6–12 engineers" in report
    assert "22 postings (2024–2025)" in report
    assert "- Small sample: 22 postings, fewer than the small-sample threshold" in report
    assert "matched no skill" not in report and "no dates" not in report  # every posting has both
    assert "- **Employers**: Microsoft (3), " in report
    signals = report.split("## Hiring Signals & Requirements\n", 1)[1]
    assert signals.count("\n- **") == 5
    assert "(most: 17 of 22 postings, 77%)" in signals
    # the strongest word whose meaning the count satisfies; the text's weaker word in a footnote
    assert "- **Operational excellence** (most[^2]: 14 of 22 postings, 64%)" in signals
    assert "- **Cross-functional empathy** (many[^4]: 10 of 22 postings, 45%)" in signals
    assert "(several: 6 of 22 postings, 27%)" in signals
    assert (
        "[^2]: The text says 'some' (at least one posting), which holds too; 'most' (more than half of the"
        " postings) is the strongest word that holds for 14 of 22 postings."
    ) in report
