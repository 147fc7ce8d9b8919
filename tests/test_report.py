"""The rendered report: the published document's structure, its tables, and its footnote."""

from __future__ import annotations

import itertools
import math
import re
from pathlib import Path

import pandas as pd
import pytest
from test_published_figures import SKILLS, THEMES, TOOL_CATEGORIES

from job_skills.project import PROJECT_ROOT
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
        "Skill Areas",  # two of the six areas hold two skills each
        "Skills That Go Together",
        "Change Over Time",  # 2024 and 2025
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


def test_skill_area_table(report: str) -> None:
    """A posting counts for an area when it asks for at least one of its skills: between the
    largest member's count and the sum of the members'."""
    rows = {r[0]: (r[1], int(r[2]), r[3], r[4]) for r in table_rows(report, "Skill Areas")}
    assert rows["Stakeholder management"] == (
        "Cross-functional collaboration (18), Executive communication / reporting (15)",
        22,
        "100%",
        "Core",
    )
    assert rows["People leadership"] == (
        "Mentorship & performance management (18), Hiring & talent development (12)",
        20,
        "91%",
        "Core",
    )
    assert rows["Technical leadership"] == ("Leading AI/ML infrastructure teams (21)", 21, "95%", "Core")
    assert len(rows) == 6


def test_cooccurrence_table_counts_pairs_from_the_sample_bridge(report: str) -> None:
    """Each pair once, the more frequent skill first, counted here from the sample's posting-skill
    bridge (not from the mart): postings with both, % of the 22, both conditional shares, lift."""
    bridge = pd.read_csv(PROJECT_ROOT / "seeds/sample/sample_posting_skills.csv")
    names = dict(pd.read_csv(PROJECT_ROOT / "seeds/taxonomy/taxonomy_skills.csv")[["skill_id", "skill_name"]].values)
    postings = bridge.groupby("skill_id")["posting_id"].apply(set)
    frequency = {names[k]: len(v) for k, v in postings.items()}
    both = {
        frozenset((names[a], names[b])): len(postings[a] & postings[b])
        for a, b in itertools.combinations(sorted(postings.index), 2)
    }
    rows = table_rows(report, "Skills That Go Together")
    assert len(rows) == render_report.MAX_PAIRS
    counts = sorted(both.values(), reverse=True)
    assert [int(r[2]) for r in rows] == counts[: len(rows)]  # the pairs with the most postings, most first
    for first, second, count, pct, first_with, second_with, lift in rows:
        n = both[frozenset((first, second))]
        assert int(count) == n and frequency[first] >= frequency[second]
        assert pct == f"{math.floor(100 * n / 22 + 0.5)}%"
        assert first_with.startswith(f"{math.floor(100 * n / frequency[first] + 0.5)}% of {frequency[first]} (")
        assert second_with.startswith(f"{math.floor(100 * n / frequency[second] + 0.5)}% of {frequency[second]} (")
        assert lift == f"{n * 22 / (frequency[first] * frequency[second]):.2f}"
    assert "the 15 with the most postings of 28 are listed" in report  # 8 skills, 28 pairs, every one in 2 or more


def test_change_over_time_counts_dated_postings_per_year_from_the_seeds(report: str) -> None:
    """The sample's postings by year of posted_date and each skill's count per year, counted here
    from the seeds, not the mart; the one role leaves out the comparison with other roles."""
    postings = pd.read_csv(PROJECT_ROOT / "seeds/sample/sample_postings.csv", parse_dates=["posted_date"])
    year = dict(zip(postings["posting_id"], postings["posted_date"].dt.year, strict=True))
    bridge = pd.read_csv(PROJECT_ROOT / "seeds/sample/sample_posting_skills.csv")
    names = dict(pd.read_csv(PROJECT_ROOT / "seeds/taxonomy/taxonomy_skills.csv")[["skill_id", "skill_name"]].values)
    per_year = postings["posted_date"].dt.year.value_counts().to_dict()
    section = report.split("## Change Over Time\n", 1)[1].split("\n## ", 1)[0]
    header = next(line for line in section.splitlines() if line.startswith("| Skill"))
    assert f"| 2024 ({per_year[2024]})* | 2025 ({per_year[2025]})* |" in header  # both under 30 postings
    for skill, first, last, _change in table_rows(report, "Change Over Time"):
        ids = [k for k, v in names.items() if v == skill]
        counts = bridge[bridge["skill_id"] == ids[0]]["posting_id"].map(year).value_counts().to_dict()
        assert first.startswith(f"{counts.get(2024, 0)} (") and last.startswith(f"{counts.get(2025, 0)} (")
    assert "- Left out: How This Role Differs: every posting is of this role" in report


def test_the_sample_states_no_pay_so_pay_is_one_line(report: str) -> None:
    """The sample's postings carry no salary: fct_skill_salary is empty, and the report says why
    Pay is missing instead of printing an empty section."""
    postings = pd.read_csv(PROJECT_ROOT / "seeds/sample/sample_postings.csv")
    assert not {"salary", "salary_min", "salary_max"} & set(postings.columns)
    assert "## Pay" not in report
    notes = report.split("## About These Figures\n", 1)[1].split("\n## ", 1)[0]
    assert notes.splitlines()[-1] == f"- Left out: {render_report.PAY_NONE}"  # after How This Role Differs
    assert "- Left out: Pay: no posting states its pay (the `postings_columns` field `salary`)" in notes


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


# --- the index page over all roles (fct_role_seniority) ---


@pytest.fixture(scope="module")
def index_folder(built_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("index")
    render_report.render_reports(built_warehouse, folder)
    return folder


def test_sample_index_lists_the_role_with_its_seniority_mix_and_a_working_link(index_folder: Path) -> None:
    index = (index_folder / "index.md").read_text(encoding="utf-8")
    rows = [line for line in index.splitlines() if line.startswith("| [")]
    link = "job_posting_analysis_ai_infrastructure_team_lead.md"
    assert rows == [
        f"| [AI Infrastructure Team Lead]({link}) | 22 | lead/principal 11 (50%), manager/director 11 (50%) |"
    ]
    assert (index_folder / link).is_file()
    assert "Other roles (" not in index
    assert "_Every role has at least 10 postings and a report of its own._" in index
    page = (index_folder / "index.html").read_text(encoding="utf-8")
    assert 'href="job_posting_analysis_ai_infrastructure_team_lead.html"' in page
    assert (index_folder / "job_posting_analysis_ai_infrastructure_team_lead.html").is_file()


INDEX_COLUMNS = (
    "role",
    "seniority",
    "frequency",
    "total_postings",
    "seniority_order",
    "min_postings_per_role_report",
    "share_of_postings",
    "pct_of_postings",
    "has_own_report",
)


def index_rows(roles: dict[str, dict[str, int]], threshold: int) -> pd.DataFrame:
    """fct_role_seniority's rows for roles given as {role: {seniority: postings}} (the other levels 0)."""
    levels = ["intern", "junior", "mid", "senior", "lead/principal", "manager/director"]
    rows = []
    for role, counts in roles.items():
        total = sum(counts.values())
        for order, level in enumerate(levels, start=1):
            frequency = counts.get(level, 0)
            rows.append(
                {
                    "role": role,
                    "seniority": level,
                    "frequency": frequency,
                    "total_postings": total,
                    "seniority_order": order,
                    "min_postings_per_role_report": threshold,
                    "share_of_postings": frequency / total,
                    "pct_of_postings": int(100 * frequency / total + 0.5),
                    "has_own_report": total >= threshold,
                }
            )
    frame = pd.DataFrame(rows, columns=list(INDEX_COLUMNS))
    return frame.sort_values(["total_postings", "role", "seniority_order"], ascending=[False, True, True])


def test_index_summarises_roles_below_the_threshold_as_other_roles() -> None:
    frame = index_rows(
        {
            "Data Scientist": {"senior": 3, "mid": 9},
            "Chemist": {"mid": 2, "intern": 1},
            "Odd | [Role]": {"manager/director": 1},
        },
        threshold=10,
    )
    markdown = render_report.index_markdown(frame)
    assert "> 16 postings in 3 roles" in markdown
    assert "| [Data Scientist](job_posting_analysis_data_scientist.md) | 12 | mid 9 (75%), senior 3 (25%) |" in markdown
    # the two small roles together: 4 postings, their mix summed (1 intern, 2 mid, 1 manager of 4)
    assert "| Other roles (2 roles) | 4 | intern 1 (25%), mid 2 (50%), manager/director 1 (25%) |" in markdown
    assert "_Other roles: 2 roles with fewer than 10 postings each, 4 postings (25% of all)" in markdown
    assert "Chemist (3), Odd | \\[Role\\] (1)._" in markdown
    assert "job_posting_analysis_chemist" not in markdown  # no link: no report of its own
    # a role name that would break a link or a cell is escaped, in markdown and in HTML
    lone = render_report.index_markdown(index_rows({"Odd | [Role] <b>": {"mid": 2}}, threshold=1), ".html")
    assert "| [Odd \\| \\[Role\\] <b>](job_posting_analysis_odd_role_b.html) | 2 | mid 2 (100%) |" in lone
    page = render_report.markdown_to_html(lone, Path("."))
    assert "Odd | [Role] &lt;b&gt;</a>" in page and "<b>" not in page
    assert 'href="job_posting_analysis_odd_role_b.html"' in page


def test_index_of_an_empty_warehouse_says_there_is_no_role() -> None:
    markdown = render_report.index_markdown(index_rows({}, threshold=10))
    assert "_No postings were accepted: there is no role to report on._" in markdown
    assert "|" not in markdown


def test_open_size_band_written_with_its_unit_is_not_doubled() -> None:
    """Glassdoor's open band is "10000+ employees": the summary says employees once."""
    summary = pd.Series(
        {
            "org_size_min_employees": 1,
            "org_size_max_employees": None,
            "org_size_max_band": "10000+ employees",
            "has_open_ended_org_size": True,
        }
    )
    assert render_report.org_size(summary, pd.DataFrame()) == "1 – 10000+ employees"
    sample = summary.copy()
    sample["org_size_max_band"], sample["org_size_min_employees"] = "100k+", 500
    assert render_report.org_size(sample, pd.DataFrame()) == "500 – 100k+ employees"
