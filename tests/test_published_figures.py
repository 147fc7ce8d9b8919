"""Every figure of the published analysis, asserted against the marts built from the sample."""

from __future__ import annotations

from conftest import Query

ROLE = "AI Infrastructure Team Lead"

SKILLS = {  # skill: (frequency, pct_of_postings, tier)
    "Leading AI/ML infrastructure teams": (21, 95, "Core"),
    "Incident response & SLO ownership": (20, 91, "Core"),
    "Roadmap & delivery management": (19, 86, "Core"),
    "Mentorship & performance management": (18, 82, "Core"),
    "Cross-functional collaboration": (18, 82, "Core"),
    "Process improvement & automation": (16, 73, "Important"),
    "Executive communication / reporting": (15, 68, "Important"),
    "Hiring & talent development": (12, 55, "Important"),
}
TOOL_CATEGORIES = {
    "Orchestration & Platforms": (17, {"Kubernetes", "Kubeflow", "Ray", "Airflow", "MLflow"}),
    "Observability": (16, {"Prometheus", "Grafana", "Datadog", "OpenTelemetry"}),
    "Delivery & Collaboration": (15, {"Jira", "Asana", "Notion", "Confluence", "Linear"}),
    "Communication & Feedback": (9, {"Lattice", "Workday", "15Five", "CultureAmp"}),
}
THEMES = {
    "Squad Leadership": 20,
    "Reliability & Incident Management": 19,
    "Talent & Culture": 18,
    "Stakeholder Alignment": 18,
    "Process & Tooling Improvement": 16,
    "Executive Reporting": 15,
}
REGIONS = {"SF Bay", "Seattle", "Austin", "Boston", "London", "Dublin", "Bangalore", "Singapore"}
INDUSTRIES = {
    "Cloud platforms",
    "Foundation model startups",
    "Financial services",
    "Healthcare",
    "Autonomous mobility",
    "E-commerce",
}
JOB_BOARDS = {
    "AWS",
    "Google",
    "Microsoft",
    "Snowflake",
    "Stripe",
    "Anthropic",
    "Spotify",
    "JPMorgan",
    "CVS Health",
    "Nuro",
}


def test_skill_frequency_matches_published_table(query: Query) -> None:
    skills = query("select * from marts.fct_skill_frequency where role = ?", ROLE)
    actual = {r.skill_name: (r.frequency, r.pct_of_postings, r.tier) for r in skills.itertuples()}
    assert actual == SKILLS
    assert set(skills["total_postings"]) == {22}
    assert (skills["share_of_postings"] - skills["frequency"] / 22).abs().max() < 1e-12


def test_first_skill_is_95_not_the_published_96(query: Query) -> None:
    row = query("select * from marts.fct_skill_frequency where skill_id = 'leading_ai_ml_infrastructure_teams'")
    assert row.loc[0, "share_of_postings"] == 21 / 22
    assert row.loc[0, "pct_of_postings"] == 95


def test_wilson_interval_for_21_of_22(query: Query) -> None:
    # Reference: Wilson score interval, z = 1.959964, for 21 successes in 22 trials.
    row = query("select wilson_lower, wilson_upper from marts.fct_skill_frequency where frequency = 21").iloc[0]
    assert abs(row.wilson_lower - 0.7820) < 1e-4
    assert abs(row.wilson_upper - 0.9919) < 1e-4


def test_every_share_has_a_small_sample_flag_and_a_twenty_point_interval(query: Query) -> None:
    skills = query("select * from marts.fct_skill_frequency")
    assert skills["is_small_sample"].all()
    widths = skills["wilson_upper"] - skills["wilson_lower"]
    assert widths.between(0.15, 0.40).all()


def test_tool_categories_count_postings_with_any_member(query: Query) -> None:
    categories = query("select * from marts.fct_tool_category_frequency where role = ?", ROLE)
    tools = query("select * from marts.fct_tool_frequency where role = ?", ROLE)
    for row in categories.itertuples():
        expected_frequency, expected_tools = TOOL_CATEGORIES[row.tool_category_name]
        assert row.frequency == expected_frequency
        members = tools[tools["tool_category_id"] == row.tool_category_id]
        assert set(members["tool_name"]) == expected_tools
        assert members["frequency"].max() <= row.frequency <= members["frequency"].sum()
    assert len(categories) == 4
    assert len(tools) == 18


def test_themes_match_published_table(query: Query) -> None:
    themes = query("select theme_name, frequency from marts.fct_theme_frequency where role = ?", ROLE)
    assert dict(zip(themes["theme_name"], themes["frequency"], strict=True)) == THEMES


def test_hiring_signals_hold_their_quantifiers(query: Query) -> None:
    signals = query("select * from marts.fct_signal_frequency where role = ?", ROLE).set_index("signal_id")
    assert len(signals) == 5
    assert signals["is_quantifier_consistent"].all()
    assert signals.loc["hands_on_technical_credibility", "frequency"] > 11  # "most": more than half
    assert signals.loc["hands_on_technical_credibility", "quantifier"] == "most"
    assert signals.loc["servant_leadership_psychological_safety", "quantifier"] == "many"
    assert signals.loc["global_coordination", "quantifier"] == "several"
    distributed = query("select count(*) as n from marts.dim_postings where is_distributed_team").loc[0, "n"]
    assert signals.loc["global_coordination", "frequency"] == distributed


def test_sample_profile_matches_summary(query: Query) -> None:
    summary = query("select * from marts.fct_sample_summary where role = ?", ROLE).iloc[0]
    assert summary.total_postings == 22
    assert (summary.first_posting_year, summary.last_posting_year) == (2024, 2025)
    assert summary.org_size_min_employees == 500
    assert summary.org_size_max_band == "100k+"
    assert summary.has_open_ended_org_size
    assert (summary.team_size_min, summary.team_size_max) == (6, 12)
    profile = query("select * from marts.fct_sample_profile where role = ?", ROLE)

    def members(dimension: str) -> set[str]:
        return set(profile.loc[profile["dimension"] == dimension, "member"])

    assert members("region") == REGIONS
    assert members("industry") == INDUSTRIES
    assert members("job_board") == JOB_BOARDS
    assert members("work_arrangement") == {"on-site", "hybrid", "remote"}
    breakdowns = profile.groupby("dimension")["frequency"].sum()
    assert (breakdowns == 22).all(), breakdowns


def test_reconciliation_has_exactly_one_mismatch(query: Query) -> None:
    reconciliation = query("select * from marts.fct_published_reconciliation")
    mismatches = reconciliation[reconciliation["status"] != "match"]
    assert len(mismatches) == 1, mismatches.to_string()
    row = mismatches.iloc[0]
    assert (row.item_name, row.measure, row.published_value, row.computed_value) == (
        "Leading AI/ML infrastructure teams",
        "pct_of_postings",
        "96",
        "95",
    )
    # every published number is reconciled: 8 skills x 3, 4 categories, 6 themes, 5 signals,
    # 7 summary facts, 24 listed regions / industries / job boards
    assert len(reconciliation) == 24 + 4 + 6 + 5 + 7 + 24


def test_row_accounting_balances(query: Query) -> None:
    accounting = query("select * from marts.fct_row_accounting")
    balance = accounting["rows_accepted"] + accounting["rows_deduplicated"] + accounting["rows_quarantined"]
    assert (accounting["rows_in"] == balance).all()
    postings = accounting.set_index("input_name").loc["sample_postings"]
    assert (postings.rows_in, postings.rows_accepted) == (22, 22)
