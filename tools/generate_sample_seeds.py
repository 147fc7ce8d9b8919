"""Write the reconstructed 22-posting sample and its taxonomy as dbt seeds.

The published analysis (../shared/seed/job_posting_analysis_ai_infrastructure_team_lead.md)
gives only aggregates; the original postings are not available. This script reconstructs
posting-level rows that reproduce every published aggregate exactly. It is deterministic:
running it twice writes byte-identical files, and it asserts the published counts before
writing anything.

Run from the project root:  python tools/generate_sample_seeds.py [--seeds-dir DIR]
"""

from __future__ import annotations

import argparse
import csv
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"

ROLE = "AI Infrastructure Team Lead"
POSTING_COUNT = 22

# (posting_id suffix, job board, company, title, industry, region, country, org size band)
POSTINGS: list[tuple[str, str, str, str, str, str, str, str]] = [
    (
        "01",
        "AWS",
        "AWS",
        "Engineering Manager, ML Infrastructure",
        "Cloud platforms",
        "Seattle",
        "United States",
        "100k+",
    ),
    (
        "02",
        "AWS",
        "AWS",
        "Team Lead, AI Platform Reliability",
        "Cloud platforms",
        "Dublin",
        "Ireland",
        "100k+",
    ),
    (
        "03",
        "AWS",
        "Amazon",
        "Manager, ML Infrastructure (Stores)",
        "E-commerce",
        "Seattle",
        "United States",
        "100k+",
    ),
    (
        "04",
        "Google",
        "Google",
        "Engineering Lead, AI Infrastructure",
        "Cloud platforms",
        "SF Bay",
        "United States",
        "100k+",
    ),
    (
        "05",
        "Google",
        "Google",
        "Team Lead, ML Serving Infrastructure",
        "Cloud platforms",
        "London",
        "United Kingdom",
        "100k+",
    ),
    (
        "06",
        "Microsoft",
        "Microsoft",
        "Principal Engineering Manager, AI Infrastructure",
        "Cloud platforms",
        "Seattle",
        "United States",
        "100k+",
    ),
    (
        "07",
        "Microsoft",
        "Microsoft",
        "Engineering Manager, AI Platform",
        "Cloud platforms",
        "Bangalore",
        "India",
        "100k+",
    ),
    (
        "08",
        "Microsoft",
        "Microsoft",
        "Team Lead, AI Compute Reliability",
        "Cloud platforms",
        "Dublin",
        "Ireland",
        "100k+",
    ),
    (
        "09",
        "Snowflake",
        "Snowflake",
        "Manager, ML Platform Engineering",
        "Cloud platforms",
        "SF Bay",
        "United States",
        "5k-10k",
    ),
    (
        "10",
        "Snowflake",
        "Snowflake",
        "Team Lead, AI Infrastructure",
        "Cloud platforms",
        "Austin",
        "United States",
        "5k-10k",
    ),
    (
        "11",
        "Stripe",
        "Stripe",
        "Engineering Manager, ML Infrastructure",
        "Financial services",
        "SF Bay",
        "United States",
        "5k-10k",
    ),
    (
        "12",
        "Stripe",
        "Stripe",
        "Team Lead, ML Platform",
        "Financial services",
        "Dublin",
        "Ireland",
        "5k-10k",
    ),
    (
        "13",
        "Anthropic",
        "Anthropic",
        "Engineering Manager, Inference Infrastructure",
        "Foundation model startups",
        "SF Bay",
        "United States",
        "500-1k",
    ),
    (
        "14",
        "Anthropic",
        "Anthropic",
        "Team Lead, Training Infrastructure",
        "Foundation model startups",
        "London",
        "United Kingdom",
        "500-1k",
    ),
    (
        "15",
        "Spotify",
        "Spotify",
        "Engineering Manager, ML Platform",
        "E-commerce",
        "Boston",
        "United States",
        "5k-10k",
    ),
    (
        "16",
        "Spotify",
        "Spotify",
        "Team Lead, AI Infrastructure",
        "E-commerce",
        "London",
        "United Kingdom",
        "5k-10k",
    ),
    (
        "17",
        "JPMorgan",
        "JPMorgan",
        "Vice President, AI Infrastructure Team Lead",
        "Financial services",
        "London",
        "United Kingdom",
        "100k+",
    ),
    (
        "18",
        "JPMorgan",
        "JPMorgan",
        "Team Lead, ML Platform Engineering",
        "Financial services",
        "Singapore",
        "Singapore",
        "100k+",
    ),
    (
        "19",
        "CVS Health",
        "CVS Health",
        "Manager, AI Platform Engineering",
        "Healthcare",
        "Boston",
        "United States",
        "100k+",
    ),
    (
        "20",
        "CVS Health",
        "CVS Health",
        "Team Lead, ML Infrastructure",
        "Healthcare",
        "Boston",
        "United States",
        "100k+",
    ),
    (
        "21",
        "Nuro",
        "Nuro",
        "Engineering Manager, ML Infrastructure",
        "Autonomous mobility",
        "SF Bay",
        "United States",
        "1k-5k",
    ),
    (
        "22",
        "Nuro",
        "Nuro",
        "Team Lead, Autonomy Compute Platform",
        "Autonomous mobility",
        "Austin",
        "United States",
        "1k-5k",
    ),
]

# band -> (min employees, max employees or None when open-ended)
ORG_SIZE_BANDS: dict[str, tuple[int, int | None]] = {
    "500-1k": (500, 1_000),
    "1k-5k": (1_001, 5_000),
    "5k-10k": (5_001, 10_000),
    "100k+": (100_001, None),
}

WORK_ARRANGEMENTS = ("hybrid", "on-site", "hybrid", "remote")
# Postings whose teams are distributed / follow-the-sun ("Several postings include global coordination").
DISTRIBUTED_POSTINGS = {"02", "05", "07", "14", "17", "18"}


@dataclass(frozen=True)
class Item:
    item_id: str
    name: str
    category: str
    frequency: int
    offset: int
    notes: str
    aliases: str = ""


# Skills: published frequency; the offset places the postings that lack the item, so
# that related items (a skill and its theme) mostly fall on the same postings.
SKILLS = [
    Item(
        "leading_ai_ml_infrastructure_teams",
        "Leading AI/ML infrastructure teams",
        "Technical leadership",
        21,
        0,
        "On-call, high-availability, model serving pipelines",
        "ai infrastructure team|ml infrastructure team|ml platform team",
    ),
    Item(
        "incident_response_slo_ownership",
        "Incident response & SLO ownership",
        "Reliability",
        20,
        3,
        "Requires experience running postmortems and reliability programs",
        "incident response|slo|postmortem|on-call",
    ),
    Item(
        "roadmap_delivery_management",
        "Roadmap & delivery management",
        "Delivery",
        19,
        7,
        "Planning, prioritization, cross-team coordination",
        "roadmap|delivery management|prioritization",
    ),
    Item(
        "mentorship_performance_management",
        "Mentorship & performance management",
        "People leadership",
        18,
        11,
        "Coaching seniors/staff, feedback, calibration",
        "mentorship|mentoring|performance management|calibration",
    ),
    Item(
        "cross_functional_collaboration",
        "Cross-functional collaboration",
        "Stakeholder management",
        18,
        15,
        "Product, research, security, compliance stakeholders",
        "cross-functional|stakeholders",
    ),
    Item(
        "process_improvement_automation",
        "Process improvement & automation",
        "Operational excellence",
        16,
        18,
        "Lean practices, tooling investments, metrics",
        "process improvement|automation|toil reduction",
    ),
    Item(
        "executive_communication_reporting",
        "Executive communication / reporting",
        "Stakeholder management",
        15,
        5,
        "Board/VP updates, risk escalations",
        "executive communication|executive reporting|status reporting",
    ),
    Item(
        "hiring_talent_development",
        "Hiring & talent development",
        "People leadership",
        12,
        9,
        "Interview loops, succession planning",
        "hiring|recruiting|talent development|succession planning",
    ),
]

TOOL_CATEGORIES = [
    Item(
        "orchestration_platforms",
        "Orchestration & Platforms",
        "",
        17,
        1,
        "Expect hands-on understanding even in leadership role",
    ),
    Item(
        "observability",
        "Observability",
        "",
        16,
        3,
        "Required for incident leadership and coaching",
    ),
    Item(
        "delivery_collaboration",
        "Delivery & Collaboration",
        "",
        15,
        7,
        "Need fluency in status tracking & documentation tools",
    ),
    Item(
        "communication_feedback",
        "Communication & Feedback",
        "",
        9,
        11,
        "Performance management and engagement tooling",
    ),
]

TOOLS: dict[str, list[tuple[str, str, str]]] = {
    "orchestration_platforms": [
        ("kubernetes", "Kubernetes", "k8s"),
        ("kubeflow", "Kubeflow", ""),
        ("ray", "Ray", ""),
        ("airflow", "Airflow", "apache airflow"),
        ("mlflow", "MLflow", ""),
    ],
    "observability": [
        ("prometheus", "Prometheus", ""),
        ("grafana", "Grafana", ""),
        ("datadog", "Datadog", ""),
        ("opentelemetry", "OpenTelemetry", "otel"),
    ],
    "delivery_collaboration": [
        ("jira", "Jira", ""),
        ("asana", "Asana", ""),
        ("notion", "Notion", ""),
        ("confluence", "Confluence", ""),
        ("linear", "Linear", ""),
    ],
    "communication_feedback": [
        ("lattice", "Lattice", ""),
        ("workday", "Workday", ""),
        ("15five", "15Five", ""),
        ("cultureamp", "CultureAmp", "culture amp"),
    ],
}

THEMES = [
    Item(
        "squad_leadership",
        "Squad Leadership",
        "",
        20,
        0,
        "Own roadmap, backlog, ceremonies, cross-team deliverables",
    ),
    Item(
        "reliability_incident_management",
        "Reliability & Incident Management",
        "",
        19,
        3,
        "Lead on-call rotations, SLOs, postmortems, customer comms",
    ),
    Item(
        "talent_culture",
        "Talent & Culture",
        "",
        18,
        11,
        "Mentor engineers, run calibrations, maintain engagement",
    ),
    Item(
        "stakeholder_alignment",
        "Stakeholder Alignment",
        "",
        18,
        15,
        "Partner with product/security/data leaders, manage expectations",
    ),
    Item(
        "process_tooling_improvement",
        "Process & Tooling Improvement",
        "",
        16,
        18,
        "Automate toil, optimize pipelines, measure lead time/toil",
    ),
    Item(
        "executive_reporting",
        "Executive Reporting",
        "",
        15,
        5,
        "Provide clear updates, risk visibility, investment cases",
    ),
]

# Hiring signals, in the published text's order: (id, name, quantifier, phrase in the text, statement,
# frequency, offset).
# Only "most", "many" and "several" are words of the published text; where the text gives
# no quantifier ("a differentiator", "preference for") the weakest documented one, "some",
# is used. The frequencies are reconstructed; see seeds/taxonomy/signal_quantifiers.csv.
SIGNALS = [
    (
        "hands_on_technical_credibility",
        "Hands-on technical credibility",
        "most",
        "Most postings require",
        "Ability to review designs, read code/infra configs, and guide troubleshooting.",
        17,
        2,
    ),
    (
        "servant_leadership_psychological_safety",
        "Servant leadership & psychological safety",
        "many",
        "Strong emphasis; many mention",
        "Inclusive leadership or DEI contributions.",
        13,
        6,
    ),
    (
        "operational_excellence",
        "Operational excellence",
        "some",
        "is a differentiator",
        "Leads drive SLO maturity, incident reviews, and operational dashboards.",
        14,
        3,
    ),
    (
        "cross_functional_empathy",
        "Cross-functional empathy",
        "some",
        "Preference for candidates with",
        "Product strategy, research experimentation, security/compliance.",
        10,
        15,
    ),
    (
        "global_coordination",
        "Global coordination",
        "several",
        "Several postings include",
        "Distributed teams, follow-the-sun on-call, managing remote/hybrid squads.",
        6,
        -1,
    ),
]


def postings_with(frequency: int, offset: int) -> list[int]:
    """Indexes (0-based) of the postings that mention an item: a rotation by offset."""
    return [i for i in range(POSTING_COUNT) if (i - offset) % POSTING_COUNT < frequency]


def posting_id(index: int) -> str:
    return f"aitl_{POSTINGS[index][0]}"


def write_csv(path: Path, header: list[str], rows: list[list[object]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def postings_rows() -> list[list[object]]:
    rows = []
    start = date(2024, 1, 8)
    for i, (
        suffix,
        board,
        company,
        title,
        industry,
        region,
        country,
        band,
    ) in enumerate(POSTINGS):
        low, high = ORG_SIZE_BANDS[band]
        posted = start + timedelta(days=29 * i + (i * 7) % 11)
        team_size = 6 + (i * 5) % 7  # 6..12 engineers
        rows.append(
            [
                f"aitl_{suffix}",
                ROLE,
                title,
                company,
                board,
                industry,
                region,
                country,
                band,
                low,
                "" if high is None else high,
                team_size,
                WORK_ARRANGEMENTS[i % len(WORK_ARRANGEMENTS)],
                "true" if suffix in DISTRIBUTED_POSTINGS else "false",
                posted.isoformat(),
            ]
        )
    return rows


def bridge_rows(items: list[Item]) -> list[list[object]]:
    rows = []
    for item in items:
        for i in postings_with(item.frequency, item.offset):
            rows.append([posting_id(i), item.item_id])
    return sorted(rows)


def tool_bridge_rows() -> list[list[object]]:
    """Each posting in a category's set names one or two of the category's tools."""
    rows = []
    for category in TOOL_CATEGORIES:
        tools = TOOLS[category.item_id]
        for j, i in enumerate(postings_with(category.frequency, category.offset)):
            named = {tools[j % len(tools)][0]}
            if j % 3 == 0:
                named.add(tools[(j + 2) % len(tools)][0])
            rows.extend([posting_id(i), tool_id] for tool_id in named)
    return sorted(rows)


def signal_bridge_rows() -> list[list[object]]:
    rows = []
    for signal_id, *_, frequency, offset in SIGNALS:
        if signal_id == "global_coordination":
            indexes = [i for i, p in enumerate(POSTINGS) if p[0] in DISTRIBUTED_POSTINGS]
        else:
            indexes = postings_with(frequency, offset)
        assert len(indexes) == frequency, signal_id
        rows.extend([posting_id(i), signal_id] for i in indexes)
    return sorted(rows)


def check_counts(
    rows: list[list[object]],
    expected: dict[str, int],
    group: dict[str, str] | None = None,
) -> None:
    """Assert that distinct postings per item (or per group of items) match the published counts."""
    found: dict[str, set[object]] = {}
    for pid, item_id in rows:
        key = group[item_id] if group else item_id
        found.setdefault(key, set()).add(pid)
    actual = {key: len(pids) for key, pids in found.items()}
    assert actual == expected, (actual, expected)


def write_seeds(seeds_dir: Path) -> None:
    sample_dir, taxonomy_dir = seeds_dir / "sample", seeds_dir / "taxonomy"
    assert len(POSTINGS) == POSTING_COUNT
    skill_rows = bridge_rows(SKILLS)
    theme_rows = bridge_rows(THEMES)
    tool_rows = tool_bridge_rows()
    signal_rows = signal_bridge_rows()
    check_counts(skill_rows, {s.item_id: s.frequency for s in SKILLS})
    check_counts(theme_rows, {t.item_id: t.frequency for t in THEMES})
    tool_category = {tool_id: c for c, tools in TOOLS.items() for tool_id, _, _ in tools}
    check_counts(tool_rows, {c.item_id: c.frequency for c in TOOL_CATEGORIES}, tool_category)
    assert {tool_id for _, tool_id in tool_rows} == set(tool_category), "every tool is named at least once"

    write_csv(
        sample_dir / "sample_postings.csv",
        [
            "posting_id",
            "role",
            "title",
            "company",
            "job_board",
            "industry",
            "region",
            "country",
            "org_size_band",
            "org_size_min_employees",
            "org_size_max_employees",
            "team_size",
            "work_arrangement",
            "is_distributed_team",
            "posted_date",
        ],
        postings_rows(),
    )
    write_csv(sample_dir / "sample_posting_skills.csv", ["posting_id", "skill_id"], skill_rows)
    write_csv(sample_dir / "sample_posting_tools.csv", ["posting_id", "tool_id"], tool_rows)
    write_csv(sample_dir / "sample_posting_themes.csv", ["posting_id", "theme_id"], theme_rows)
    write_csv(
        sample_dir / "sample_posting_signals.csv",
        ["posting_id", "signal_id"],
        signal_rows,
    )

    write_csv(
        taxonomy_dir / "taxonomy_skills.csv",
        ["skill_id", "skill_name", "category", "aliases", "notes"],
        [[s.item_id, s.name, s.category, s.aliases, s.notes] for s in SKILLS],
    )
    write_csv(
        taxonomy_dir / "taxonomy_tool_categories.csv",
        ["tool_category_id", "tool_category_name", "notes"],
        [[c.item_id, c.name, c.notes] for c in TOOL_CATEGORIES],
    )
    write_csv(
        taxonomy_dir / "taxonomy_tools.csv",
        ["tool_id", "tool_name", "tool_category_id", "aliases"],
        [[tool_id, name, c, aliases] for c, tools in TOOLS.items() for tool_id, name, aliases in tools],
    )
    write_csv(
        taxonomy_dir / "taxonomy_themes.csv",
        ["theme_id", "theme_name", "representative_responsibilities"],
        [[t.item_id, t.name, t.notes] for t in THEMES],
    )
    write_csv(
        taxonomy_dir / "taxonomy_signals.csv",
        ["signal_id", "signal_order", "signal_name", "quantifier", "quantifier_phrase", "statement"],
        [
            [sid, order, name, q, phrase, statement]
            for order, (sid, name, q, phrase, statement, _, _) in enumerate(SIGNALS, start=1)
        ],
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write the reconstructed sample seeds.")
    parser.add_argument("--seeds-dir", type=Path, default=SEEDS_DIR, help="the dbt seeds folder")
    write_seeds(parser.parse_args(argv).seeds_dir)


if __name__ == "__main__":
    main()
