"""Every data-quality check can fail: corrupt a copy of the project, and the dbt test that guards
it must fail, naming what is wrong.

Each case copies the dbt project (models, macros, seeds, profiles) to a temporary folder, applies
one corruption to an input seed or to one model or macro (a bug a pull request could bring),
copies the clean sample warehouse, and runs one `dbt build` there of what the corruption touches
and everything downstream (the seeds and models of `state:modified+` against the clean build)
and of the test the case expects to fail (selected by name, nothing selected indirectly: a
relationships test whose other parent is unmodified, or a singular test, runs all the same),
then expects:
- no seed or model in error (the corrupted project still builds; models downstream of the failed
  test are skipped by dbt, which is fine: the test reads only its ancestors, built first);
- the named test failed, and the on-run-end hook's report of it prints the offending row.
Great Expectations no longer restates these invariants (it checks the published files and drift:
its own failing cases are in tests/test_gx_suites.py).
The real warehouse and the repository's files are never modified.

Speed: dbt runs in this process (dbtRunner: no interpreter start and dbt import per case) and
once per case (the build runs the expected test itself). Every case starts from the session's
parse of the project (conftest: parsed_project) under its relative profile (PARSED_PROFILE), so
dbt re-reads only the corrupted file, not the whole project.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import PARSED_PROFILE, copy_parsed_project, release_warehouse
from dbt_in_process import printing_runner

from job_skills.project import dbt_environment


@dataclass(frozen=True)
class Corruption:
    """One change to a copy of the project, and the failures it must cause."""

    name: str
    path: str  # file to change, relative to the project root
    old: str  # text that must be present (so a stale case fails loudly instead of passing)
    new: str
    dbt_test: str  # name (or part of it) of the dbt test that must fail
    dbt_detail: str  # text the failure report must contain (the offending row or value)


CASES = [
    Corruption(
        name="mention_points_at_a_missing_skill",
        path="seeds/sample/sample_posting_skills.csv",
        old="aitl_01,leading_ai_ml_infrastructure_teams\n",
        new="aitl_01,leading_ml_teams\n",
        dbt_test="relationships_stg_sample__posting_skills_skill_id",
        dbt_detail="leading_ml_teams",
    ),
    Corruption(
        name="bridge_row_changed",
        path="seeds/sample/sample_posting_themes.csv",
        old="aitl_01,squad_leadership\n",
        new="aitl_01,executive_reporting\n",
        dbt_test="published_figures_match_or_are_known_discrepancies",
        dbt_detail="responsibility_themes:Squad Leadership:frequency",
    ),
    Corruption(
        name="posting_duplicated_under_a_new_id",
        path="seeds/sample/sample_postings.csv",
        old="aitl_22,",
        new=(
            'aitl_23,AI Infrastructure Team Lead,"Team Lead, Autonomy Compute Platform",Nuro,Nuro,'
            "Autonomous mobility,Austin,United States,1k-5k,1001,5000,6,on-site,false,2025-09-12\naitl_22,"
        ),
        dbt_test="assert_sample_inputs_are_clean",
        dbt_detail="rows_deduplicated=1",
    ),
    Corruption(
        name="published_percentage_changed",
        path="seeds/published/published_skill_frequency.csv",
        old="Incident response & SLO ownership,20,91%",
        new="Incident response & SLO ownership,20,90%",
        dbt_test="published_figures_match_or_are_known_discrepancies",
        dbt_detail="published_value=90, computed_value=91",
    ),
    Corruption(
        name="published_signal_quantifier_changed",
        path="seeds/published/published_hiring_signals.csv",
        old='1,"Most postings require',
        new='1,"Few postings require',
        dbt_test="published_figures_match_or_are_known_discrepancies",
        dbt_detail="hiring_signals:Hands-on technical credibility:quantifier",
    ),
    Corruption(
        name="quantifier_overstated",
        path="seeds/taxonomy/taxonomy_signals.csv",
        old="global_coordination,5,Global coordination,several,",
        new="global_coordination,5,Global coordination,most,",
        dbt_test="quantifier_matches_count_fct_signal_frequency",
        dbt_detail="signal_id=global_coordination",
    ),
    Corruption(
        name="pct_truncated_instead_of_rounded",
        path="macros/metrics/frequency_metrics.sql",
        old="cast(floor((200.0 * {{ frequency }} + {{ total_postings }})",
        new="cast(floor((200.0 * {{ frequency }} + 0 * {{ total_postings }})",  # truncates: 90.9 -> 90
        dbt_test="pct_of_postings_matches_frequency_fct_skill_frequency",
        dbt_detail="expected_pct_of_postings=91",
    ),
    Corruption(
        name="total_postings_undercounted",
        path="models/intermediate/metrics/int_role_totals_aggregated.sql",
        old="count(distinct posting_id) as total_postings",
        new="count(distinct posting_id) - 2 as total_postings",
        dbt_test="frequency_metrics_are_valid_fct_skill_frequency",
        dbt_detail="failed_check=0 <= frequency <= total_postings",
    ),
    Corruption(
        name="total_postings_differs_from_dimension",
        path="models/intermediate/metrics/int_role_totals_aggregated.sql",
        old="count(distinct posting_id) as total_postings",
        new="count(distinct posting_id) + 1 as total_postings",
        dbt_test="total_postings_matches_dimension_fct_theme_frequency",
        dbt_detail="postings_in_dimension=22",
    ),
    Corruption(
        name="category_derived_from_one_tool_only",
        path="models/intermediate/mentions/int_mentions_deduplicated.sql",
        old="            and accepted.item_id = categorised_items.item_id\n",
        new=(
            "            and accepted.item_id = categorised_items.item_id\n"
            "    where accepted.item_type <> 'tool' or accepted.item_id = 'kubernetes'\n"
        ),
        dbt_test="category_frequency_between_members_fct_tool_category_frequency",
        dbt_detail="category_key=observability",
    ),
    Corruption(
        name="skill_area_derived_from_one_skill_only",
        path="models/intermediate/mentions/int_mentions_deduplicated.sql",
        old="            and accepted.item_id = categorised_items.item_id\n",
        new=(
            "            and accepted.item_id = categorised_items.item_id\n"
            "    where accepted.item_type <> 'skill' or accepted.item_id = 'leading_ai_ml_infrastructure_teams'\n"
        ),
        dbt_test="category_frequency_between_members_fct_skill_category_frequency",
        dbt_detail="category_key=reliability",
    ),
    Corruption(
        name="pair_counted_once_too_often",
        path="models/marts/core/fct_skill_cooccurrence.sql",
        old="        count(*) as postings_with_both\n",
        new="        count(*) + 1 as postings_with_both\n",
        dbt_test="pair_count_within_frequencies_fct_skill_cooccurrence",
        dbt_detail="postings_with_both=13",  # Hiring & talent development (12 postings) with any skill of 12 with it
    ),
    Corruption(
        name="lift_without_the_total",
        path="macros/metrics/cooccurrence_metrics.sql",
        old="(cast({{ both }} as double) * {{ total }} / nullif(",
        new="(cast({{ both }} as double) / nullif(",
        dbt_test="pair_metrics_match_counts_fct_skill_cooccurrence",
        dbt_detail="lift=0.0",  # both / (first * second): under 0.1 for every pair of 22 postings
    ),
    Corruption(
        name="pairs_counted_one_way",
        path="models/marts/core/fct_skill_cooccurrence.sql",
        old="            and skill_mentions.skill_id <> co_mentions.skill_id\n",
        new="            and skill_mentions.skill_id < co_mentions.skill_id\n",
        dbt_test="pairs_are_symmetric_fct_skill_cooccurrence",
        dbt_detail="mirror_count=None",
    ),
    Corruption(
        name="other_postings_include_the_role",
        path="models/marts/core/fct_role_skill_comparison.sql",
        old="sum(total_postings) over (partition by skill_id) - total_postings as other_postings",
        new="sum(total_postings) over (partition by skill_id) as other_postings",
        dbt_test="comparison_counts_add_up_fct_role_skill_comparison",
        dbt_detail="other_postings=22",  # the sample's one role: 22 + 22 is not its 22 postings
    ),
    Corruption(
        name="difference_without_others_becomes_zero",
        path="macros/metrics/comparison_metrics.sql",
        old="({{ share }} - {{ other_share }}) as share_difference,",
        new="coalesce({{ share }} - {{ other_share }}, 0) as share_difference,",
        dbt_test="difference_interval_is_valid_fct_role_skill_comparison",
        dbt_detail="difference=0.0, difference_lower=None",  # no other postings: unknown, not 0
    ),
    Corruption(
        name="periods_cut_to_a_hard_coded_window",
        path="models/marts/core/fct_skill_trends.sql",
        old="    where posted_date is not null\n",
        new="    where posted_date >= date '2024-06-01'\n",
        dbt_test="periods_cover_dated_postings_fct_skill_trends",
        dbt_detail="dated_postings=22",  # the periods hold fewer than the role's 22 dated postings
    ),
    Corruption(
        name="trends_left_empty",
        path="models/marts/core/fct_skill_trends.sql",
        old="    where posted_date is not null\n",
        new="    where posted_date is not null and 1 = 0\n",
        dbt_test="periods_cover_dated_postings_fct_skill_trends",
        dbt_detail="postings_in_periods=None",  # an empty mart beside 22 dated postings and 8 skills
    ),
    Corruption(
        name="change_measured_from_the_last_period",
        path="models/marts/core/fct_skill_trends.sql",
        old="first_value(frequency) over (partition by role, skill_id order by period_start) as first_frequency,",
        new="first_value(frequency) over (partition by role, skill_id order by period_start desc) as first_frequency,",
        dbt_test="base_is_the_first_period_fct_skill_trends",
        dbt_detail="postings_in_first_period=13",  # 2024's 13 postings, with 2025's frequency
    ),
    Corruption(
        name="breakdown_loses_a_posting",
        path="models/marts/core/fct_sample_profile.sql",
        old="count(distinct posting_id) as frequency",
        new="count(distinct case when posting_id <> 'aitl_01' then posting_id end) as frequency",
        dbt_test="breakdown_sums_to_total_fct_sample_profile",
        dbt_detail="sum_of_frequencies=21",
    ),
    Corruption(
        name="tier_threshold_hard_coded",
        path="macros/metrics/frequency_metrics.sql",
        old="when {{ share }} >= {{ var('tier_core_min_share') }} then 'Core'",
        new="when {{ share }} >= 0.85 then 'Core'",
        dbt_test="tier_matches_thresholds_fct_skill_frequency",
        dbt_detail="expected_tier=Core",
    ),
    Corruption(
        name="rank_with_gaps",
        path="models/intermediate/metrics/int_item_frequencies_aggregated.sql",
        old="dense_rank() over (partition by role, item_type order by frequency desc)",
        new="rank() over (partition by role, item_type order by frequency desc)",
        dbt_test="rank_is_dense_by_frequency_fct_skill_frequency",
        dbt_detail="expected_frequency_rank=5",
    ),
    Corruption(
        name="duplicate_mentions_not_collapsed",
        path="models/intermediate/mentions/int_mentions_deduplicated.sql",
        old="where row_status = 'accepted'",
        new="where row_status in ('accepted', 'deduplicated') union all select posting_id, item_type, item_id,"
        " mention_source, null, null from classified_mentions where posting_id = 'aitl_05' and item_type = 'skill'",
        dbt_test="unique_combination_of_columns_int_mentions_deduplicated",
        dbt_detail="posting_id=aitl_05",
    ),
    Corruption(
        name="wilson_bounds_swapped",
        path="macros/metrics/frequency_metrics.sql",
        old="then least({{ p }}, greatest(0.0, ({{ centre }} - {{ half_width }}) / {{ denominator }}))",
        new="then least(1.0, ({{ centre }} + {{ half_width }}) / {{ denominator }}) + 0.01",
        dbt_test="frequency_metrics_are_valid_fct_skill_frequency",
        dbt_detail="wilson_lower=",
    ),
    Corruption(
        name="posting_lost_before_classification",
        path="models/intermediate/postings/int_postings_classified.sql",
        old="    from classified\n",
        new="    from classified\n    where posting_id <> 'aitl_05'\n",
        dbt_test="rows_balance_fct_row_accounting",
        dbt_detail="rows_in=22, rows_accepted=21",
    ),
]

# fct_sample_summary's gaps (what the report states about postings without a skill or a date)
CASES += [
    Corruption(
        name="postings_without_skill_counts_the_others",
        path="models/marts/core/fct_sample_summary.sql",
        old="count(case when postings_with_skill.posting_id is null then 1 end) as postings_without_skill",
        new="count(case when postings_with_skill.posting_id is not null then 1 end) as postings_without_skill",
        dbt_test="assert_summary_gaps_recount",
        dbt_detail="figure=postings_without_skill",
    ),
    Corruption(
        name="postings_with_salary_counts_every_posting",
        path="models/marts/core/fct_sample_summary.sql",
        old="count(postings.salary_midpoint) as postings_with_salary",
        new="count(*) as postings_with_salary",
        dbt_test="assert_summary_gaps_recount",
        dbt_detail="figure=postings_with_salary",  # the sample states no pay: 22 is not 0
    ),
    Corruption(
        name="salary_not_parsed_counts_the_postings_without_text",
        path="models/marts/core/fct_sample_summary.sql",
        old="when postings.salary_text is not null and postings.salary_min is null and postings.salary_max is null",
        new="when postings.salary_min is null and postings.salary_max is null",
        dbt_test="assert_summary_gaps_recount",
        dbt_detail="figure=salary_texts_not_parsed",
    ),
    Corruption(
        name="one_bound_counts_every_posting_without_pay",
        path="models/marts/core/fct_sample_summary.sql",
        old="and (postings.salary_min is not null or postings.salary_max is not null)",
        new="and true",
        dbt_test="assert_summary_gaps_recount",
        dbt_detail="figure=salary_texts_one_bound",  # the sample states no pay: 22 is not 0
    ),
]

# The strongest quantifier the report prints
CASES += [
    Corruption(
        name="weakest_quantifier_chosen",
        path="models/marts/core/fct_signal_frequency.sql",
        old="order by quantifiers.strength asc, quantifiers.quantifier asc",
        new="order by quantifiers.strength desc, quantifiers.quantifier asc",
        dbt_test="quantifier_is_the_strongest_that_holds_fct_signal_frequency",
        dbt_detail="stronger_that_holds=most",
    ),
]

# The checks of frequency_metrics_are_valid that no case above reaches first: each corruption
# breaks one, and the failure names it (failed_check).
CASES += [
    Corruption(
        name="tier_outside_the_three",
        path="macros/metrics/frequency_mart_columns.sql",
        old="    {{ relation }}.tier,\n",
        new="    'Essential' as tier,\n",
        dbt_test="frequency_metrics_are_valid_fct_theme_frequency",
        dbt_detail="failed_check=tier is Core, Important or Secondary",
    ),
    Corruption(
        name="small_sample_flag_lost",
        path="macros/metrics/frequency_metrics.sql",
        old="({{ total_postings }} < {{ var('small_sample_max_postings') }}) as is_small_sample",
        new="cast(null as boolean) as is_small_sample",
        dbt_test="frequency_metrics_are_valid_fct_sample_profile",
        dbt_detail="failed_check=is_small_sample is known",
    ),
    Corruption(
        name="rank_starts_at_zero",
        path="models/intermediate/metrics/int_item_frequencies_aggregated.sql",
        old="dense_rank() over (partition by role, item_type order by frequency desc) as bigint)",
        new="dense_rank() over (partition by role, item_type order by frequency desc) - 1 as bigint)",
        dbt_test="frequency_metrics_are_valid_fct_signal_frequency",
        dbt_detail="failed_check=frequency_rank >= 1",
    ),
    Corruption(
        name="share_doubled",
        path="macros/metrics/frequency_metrics.sql",
        old="(cast({{ frequency }} as double) / nullif({{ total_postings }}, 0))",
        new="(2 * cast({{ frequency }} as double) / nullif({{ total_postings }}, 0))",
        dbt_test="frequency_metrics_are_valid_fct_tool_category_frequency",
        dbt_detail="failed_check=0 <= share_of_postings <= 1",
    ),
]

# Cleaning and parsing at the bottom (docs/postings.md, "Cleaning" and "Location"): placeholders,
# board artefacts, size band bounds and order, and the countries a location is named by.
CASES += [
    Corruption(
        name="profile_shows_a_placeholder_for_not_stated",
        path="models/marts/core/fct_sample_profile.sql",
        old="{%- set not_stated = string_literal(not_stated_member()) %}",
        new="{%- set not_stated = \"'Unknown'\" %}",
        dbt_test="values_are_cleaned_fct_sample_profile",
        dbt_detail="value=Unknown",
    ),
    Corruption(
        name="company_keeps_a_rating_line",
        path="models/marts/core/dim_postings.sql",
        old="        company,\n",
        new="        company || chr(10) || '3.8' as company,\n",
        dbt_test="values_are_cleaned_dim_postings",
        dbt_detail="column_name=company",
    ),
    Corruption(
        name="size_band_bounds_reversed",
        path="seeds/sample/sample_postings.csv",
        old="Snowflake,Snowflake,Cloud platforms,SF Bay,United States,5k-10k,5001,10000,",
        new="Snowflake,Snowflake,Cloud platforms,SF Bay,United States,5k-10k,50001,10000,",
        dbt_test="bounds_are_ordered_dim_postings",
        dbt_detail="posting_id=aitl_09",
    ),
    Corruption(
        name="size_bands_sorted_largest_first",
        path="models/marts/core/dim_postings.sql",
        old="org_size_min_employees asc nulls last,",
        new="org_size_min_employees desc nulls last,",
        dbt_test="sort_key_follows_bounds_dim_postings",
        dbt_detail="problem=sorted before a smaller band",
    ),
    Corruption(
        name="profile_sorts_bands_by_name",
        path="models/marts/core/fct_sample_profile.sql",
        old="member_counts.size_order asc nulls last,",
        new="",
        dbt_test="assert_profile_bands_sorted_by_size",
        dbt_detail="sorted_after_member=",
    ),
    Corruption(
        name="country_missing_from_the_country_list",
        path="seeds/reference/countries.csv",
        old="IE,Ireland\n",
        new="",
        dbt_test="relationships_dim_postings_country",
        dbt_detail="Ireland",
    ),
]

# fct_role_seniority: a role has its own report exactly when its total postings reach
# min_postings_per_role_report, the same on every row of the role (the index page's "other roles")
CASES += [
    Corruption(
        name="own_report_decided_by_one_seniority_level",
        path="models/marts/core/fct_role_seniority.sql",
        old="total_postings >= {{ var('min_postings_per_role_report') }} as has_own_report",
        new="frequency >= {{ var('min_postings_per_role_report') }} as has_own_report",
        dbt_test="own_report_matches_threshold_fct_role_seniority",
        dbt_detail="distinct_flags=2",
    ),
]


def corrupted_copy(parsed: Path, destination: Path, case: Corruption) -> Path:
    """Copy the parsed project to destination and apply the case's change; the change must apply."""
    project = copy_parsed_project(parsed, destination)
    target = project / case.path
    text = target.read_text(encoding="utf-8")
    assert case.old in text, f"{case.name}: the text to corrupt is no longer in {case.path}"
    target.write_text(text.replace(case.old, case.new, 1), encoding="utf-8")
    return project


@pytest.fixture
def dbt_environ(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """dbt's environment and parsed_project's profile in this process; the warehouse released after."""
    for name, value in {**dbt_environment(), **PARSED_PROFILE}.items():
        monkeypatch.setenv(name, value)
    yield
    release_warehouse()


def failure_report(messages: list[str], test_name: str) -> str:
    """The on-run-end hook's lines for test_name: its FAIL line and the offending rows under it."""
    lines = [line for message in messages for line in message.splitlines()]
    for start, line in enumerate(lines):
        if line.startswith(f"FAIL {test_name} "):
            rows = [line]
            for row in lines[start + 1 :]:
                if not row.startswith("    "):
                    break
                rows.append(row)
            return "\n".join(rows)
    return ""


def assert_corruption_fails(
    case: Corruption, project: Path, state: Path, select: list[str], work: Path, extra: tuple[str, ...] = ()
) -> None:
    """One in-process `dbt build` of the corrupted project: the seeds and models of `select` and the
    tests named case.dbt_test*, against the clean build's manifest (state); nothing is in error,
    something was rebuilt, a named test fails and its on-run-end report shows case.dbt_detail. The
    process must be in the project's folder, under PARSED_PROFILE (its paths are relative)."""
    runner, messages = printing_runner()
    invocation = runner.invoke(
        ["build", "--select", *select, f"{case.dbt_test}*", "--indirect-selection", "empty",
         "--state", str(state), *extra, "--project-dir", str(project),
         "--target-path", str(work / "target"), "--log-path", str(work / "logs")]
    )  # fmt: skip
    output = "\n".join(messages)
    assert invocation.exception is None, f"{case.name}: dbt stopped: {invocation.exception}\n{output[-3000:]}"
    results = invocation.result.results
    statuses = {result.node.unique_id: str(result.status) for result in results}
    broken = [node for node, status in statuses.items() if status == "error"]
    assert not broken, f"the corrupted project should still build: {broken}\n{output[-3000:]}"
    rebuilt = [
        result
        for result in results
        if result.node.resource_type in ("seed", "model") and str(result.status) == "success"
    ]
    assert rebuilt, f"{case.name}: the corruption changed nothing dbt rebuilds"

    expected = [result for result in results if result.node.resource_type == "test"]
    assert expected, f"{case.name}: no test named {case.dbt_test}* ran:\n{output[-4000:]}"
    assert all(result.node.name.startswith(case.dbt_test) for result in expected), statuses
    failed = [result.node.name for result in expected if str(result.status) == "fail"]
    assert failed, f"{case.name}: dbt tests passed on corrupted data:\n{output[-4000:]}"
    report = "\n".join(failure_report(messages, name) for name in failed)
    assert case.dbt_detail in report, f"{case.name}: failure report lacks {case.dbt_detail!r}:\n{output[-4000:]}"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_corruption_fails_a_dbt_test(
    case: Corruption,
    tmp_path: Path,
    built_warehouse: Path,
    parsed_project: Path,
    dbt_environ: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    project = corrupted_copy(parsed_project, tmp_path, case)
    shutil.copy2(built_warehouse, tmp_path / "w.duckdb")  # PARSED_PROFILE's warehouse, ../w.duckdb
    monkeypatch.chdir(project)  # the profile's paths are relative to the folder dbt runs in
    select = ["state:modified+,resource_type:seed", "state:modified+,resource_type:model"]
    assert_corruption_fails(case, project, built_warehouse.parent / "target", select, tmp_path)
