{#- The roles and their seniority mix, what the report's index page lists: every role (the role
    family every mart groups by) with its postings at each seniority level, every level listed
    (0 where none), and whether the role gets a report of its own (total postings at least var
    min_postings_per_role_report; the rest are summarised together as "other roles"). -#}

with postings as (

    select * from {{ ref('dim_postings') }}

),

role_totals as (

    select * from {{ ref('int_role_totals_aggregated') }}

),

seniority_levels as (

    select * from {{ ref('stg_taxonomy__seniority_levels') }}

),

role_levels as (

    select
        role_totals.role,
        seniority_levels.seniority,
        role_totals.total_postings,
        seniority_levels.seniority_order
    from role_totals
    cross join seniority_levels

),

level_counts as (

    select
        role,
        seniority,
        count(distinct posting_id) as frequency
    from postings
    group by role, seniority

),

levels_counted as (

    select
        role_levels.role,
        role_levels.seniority,
        coalesce(level_counts.frequency, 0) as frequency,
        role_levels.total_postings,
        role_levels.seniority_order
    from role_levels
    left join level_counts
        on
            role_levels.role = level_counts.role
            and role_levels.seniority = level_counts.seniority

),

final as (

    select
        role,
        seniority,
        frequency,
        total_postings,
        seniority_order,
        {{ var('min_postings_per_role_report') }} as min_postings_per_role_report,
        {{ share_of_postings('frequency', 'total_postings') }} as share_of_postings,
        {{ pct_of_postings('frequency', 'total_postings') }} as pct_of_postings,
        total_postings >= {{ var('min_postings_per_role_report') }} as has_own_report
    from levels_counted

)

select * from final
