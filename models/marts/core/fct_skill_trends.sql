{#- One row per role per skill per period (var trend_period: month, quarter or year) of the
    role's dated postings: the postings of the period, those asking for the skill, the share with
    its Wilson interval, and the change from the role's first period with its 95% interval
    (Newcombe, as fct_role_skill_comparison). Postings without a posted_date are in no period;
    every period with a dated posting is a row, small ones flagged (is_small_sample), never
    hidden. The first period has no change (null): it is not compared with itself. -#}

with postings as (

    select * from {{ ref('int_postings_deduplicated') }}

),

mentions as (

    select * from {{ ref('int_mentions_deduplicated') }}

),

skills as (

    select * from {{ ref('dim_skills') }}

),

dated_postings as (

    select
        posting_id,
        role,
        cast({{ dbt.date_trunc(trend_period(), 'posted_date') }} as date) as period_start
    from postings
    where posted_date is not null

),

period_totals as (

    select
        role,
        period_start,
        count(*) as period_postings
    from dated_postings
    group by role, period_start

),

skill_counts as (

    select
        dated_postings.role,
        dated_postings.period_start,
        mentions.item_id as skill_id,
        count(distinct mentions.posting_id) as frequency
    from mentions
    inner join dated_postings
        on mentions.posting_id = dated_postings.posting_id
    where mentions.item_type = 'skill'
    group by dated_postings.role, dated_postings.period_start, mentions.item_id

),

grid as (

    select
        period_totals.role,
        skills.skill_id,
        skills.skill_name,
        period_totals.period_start,
        period_totals.period_postings,
        coalesce(skill_counts.frequency, 0) as frequency
    from period_totals
    cross join skills
    left join skill_counts
        on
            period_totals.role = skill_counts.role
            and period_totals.period_start = skill_counts.period_start
            and skills.skill_id = skill_counts.skill_id

),

with_first as (

    select
        *,
        first_value(frequency) over (partition by role, skill_id order by period_start) as first_frequency,
        first_value(period_postings) over (partition by role, skill_id order by period_start) as first_period_postings,
        min(period_start) over (partition by role) as first_period_start,
        max(period_start) over (partition by role) as last_period_start
    from grid

),

against_first as (

    {#- the first period is not compared with itself: its base is null, so its change is null -#}
    select
        role,
        skill_id,
        skill_name,
        period_start,
        period_postings,
        frequency,
        first_period_start,
        last_period_start,
        case when period_start > first_period_start then first_frequency end as first_frequency,
        case when period_start > first_period_start then first_period_postings end as first_period_postings
    from with_first

),

final as (

    select
        role,
        skill_id,
        skill_name,
        {{ period_label(trend_period(), 'period_start') }} as period,
        period_start,
        frequency,
        period_postings as total_postings,
        first_frequency,
        first_period_postings,
        {{ share_of_postings('frequency', 'period_postings') }} as share_of_postings,
        {{ wilson_bound('frequency', 'period_postings', 'lower') }} as wilson_lower,
        {{ wilson_bound('frequency', 'period_postings', 'upper') }} as wilson_upper,
        {{ change_metrics('frequency', 'period_postings', 'first_frequency', 'first_period_postings') }},
        (period_start = first_period_start) as is_first_period,
        (period_start = last_period_start) as is_last_period,
        (
            period_postings < {{ var('small_sample_max_postings') }}
            or coalesce(first_period_postings, period_postings) < {{ var('small_sample_max_postings') }}
        ) as is_small_sample
    from against_first

)

select * from final
