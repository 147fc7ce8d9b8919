{#- One row per role per skill, for every role with a posting that states its pay: the median
    yearly salary midpoint (macro salary_midpoint) of the role's postings that ask for the skill
    and of those that do not, their counts, a distribution-free 95% interval for each median
    (order statistics x(j) and x(n - j + 1), macro median_interval_lower_rank), and the premium,
    the difference of the two medians, only where both groups have at least
    small_sample_max_postings postings. Postings without pay are in neither group.

    The median of the postings that do not ask for a skill is found without listing them: with
    the role's pay values ranked 1..N and the skill's postings at ranks s_1 < s_2 < ..., the q-th
    value of the others is at rank q + c, c the number of the skill's postings with s_i - i < q
    (s_i - i of the others rank below the i-th). So the cost grows with the mentions, not with
    skills x postings. -#}

{%- set small = var('small_sample_max_postings') %}

with postings as (

    select * from {{ ref('int_postings_deduplicated') }}

),

mentions as (

    select distinct
        posting_id,
        item_id as skill_id
    from {{ ref('int_mentions_deduplicated') }}
    where item_type = 'skill'

),

skills as (

    select * from {{ ref('dim_skills') }}

),

interval_ranks as (

    select * from {{ ref('int_median_interval_ranks') }}

),

ranked as (

    {#- the role's pay values in order, ties in posting order -#}
    select
        posting_id,
        role,
        salary_midpoint,
        row_number() over (partition by role order by salary_midpoint, posting_id) as role_rank,
        count(*) over (partition by role) as salaried_postings
    from (
        select
            posting_id,
            role,
            {{ salary_midpoint('salary_min', 'salary_max') }} as salary_midpoint
        from postings
    ) as paid
    where salary_midpoint is not null

),

members as (

    select
        ranked.role,
        mentions.skill_id,
        ranked.role_rank,
        ranked.salary_midpoint,
        row_number() over (partition by ranked.role, mentions.skill_id order by ranked.role_rank) as member_rank
    from mentions
    inner join ranked
        on mentions.posting_id = ranked.posting_id

),

roles as (

    select distinct
        role,
        salaried_postings
    from ranked

),

member_counts as (

    select
        role,
        skill_id,
        count(*) as postings_with_skill
    from members
    group by role, skill_id

),

grid as (

    select
        roles.role,
        skills.skill_id,
        skills.skill_name,
        roles.salaried_postings,
        coalesce(member_counts.postings_with_skill, 0) as postings_with_skill,
        roles.salaried_postings - coalesce(member_counts.postings_with_skill, 0) as postings_without_skill
    from roles
    cross join skills
    left join member_counts
        on roles.role = member_counts.role and skills.skill_id = member_counts.skill_id

),

grid_ranks as (

    {#- the ranks each group's median and interval are read at -#}
    select
        grid.*,
        {{ median_interval_lower_rank('grid.postings_with_skill', 'with_ranks.lower_rank') }} as with_lower_rank,
        {{ median_interval_lower_rank('grid.postings_without_skill', 'without_ranks.lower_rank') }}
            as without_lower_rank,
        {{ median_middle_rank('grid.postings_with_skill', 'lower') }} as with_middle_low_rank,
        {{ median_middle_rank('grid.postings_with_skill', 'upper') }} as with_middle_high_rank,
        {{ median_middle_rank('grid.postings_without_skill', 'lower') }} as without_middle_low_rank,
        {{ median_middle_rank('grid.postings_without_skill', 'upper') }} as without_middle_high_rank
    from grid
    left join interval_ranks as with_ranks
        on grid.postings_with_skill = with_ranks.value_count
    left join interval_ranks as without_ranks
        on grid.postings_without_skill = without_ranks.value_count

),

{%- set without_targets = {
    'without_low': 'grid_ranks.without_lower_rank',
    'without_middle_low': 'grid_ranks.without_middle_low_rank',
    'without_middle_high': 'grid_ranks.without_middle_high_rank',
    'without_high': 'grid_ranks.postings_without_skill - grid_ranks.without_lower_rank + 1',
} %}

group_stats as (

    {#- the skill's own values at their ranks, and for each rank q of the others the count c of
        the skill's postings below the q-th of them -#}
    select
        grid_ranks.role,
        grid_ranks.skill_id,
        max(case when members.member_rank = grid_ranks.with_lower_rank then members.salary_midpoint end) as with_low,
        max(case when members.member_rank = grid_ranks.with_middle_low_rank then members.salary_midpoint end)
            as with_middle_low,
        max(case when members.member_rank = grid_ranks.with_middle_high_rank then members.salary_midpoint end)
            as with_middle_high,
        max(case
            when members.member_rank = grid_ranks.postings_with_skill - grid_ranks.with_lower_rank + 1
                then members.salary_midpoint
        end) as with_high,
        {%- for name, target in without_targets.items() %}
            {{ target }} + count(case when members.role_rank - members.member_rank < {{ target }} then 1 end)
                as {{ name }}_role_rank{% if not loop.last %},{% endif %}
        {%- endfor %}
    from grid_ranks
    left join members
        on grid_ranks.role = members.role and grid_ranks.skill_id = members.skill_id
    group by
        grid_ranks.role,
        grid_ranks.skill_id,
        grid_ranks.with_lower_rank,
        grid_ranks.with_middle_low_rank,
        grid_ranks.with_middle_high_rank,
        grid_ranks.postings_with_skill,
        grid_ranks.postings_without_skill,
        grid_ranks.without_lower_rank,
        grid_ranks.without_middle_low_rank,
        grid_ranks.without_middle_high_rank

),

medians as (

    select
        grid_ranks.role,
        grid_ranks.skill_id,
        grid_ranks.skill_name,
        grid_ranks.salaried_postings,
        grid_ranks.postings_with_skill,
        (group_stats.with_middle_low + group_stats.with_middle_high) / 2.0 as median_with_skill,
        group_stats.with_low as median_with_skill_lower,
        group_stats.with_high as median_with_skill_upper,
        grid_ranks.postings_without_skill,
        {%- for name in without_targets %}
            {{ name }}.salary_midpoint as {{ name }},
        {%- endfor %}
        (
            grid_ranks.postings_with_skill >= {{ small }}
            and grid_ranks.postings_without_skill >= {{ small }}
        ) as has_premium
    from grid_ranks
    inner join group_stats
        on grid_ranks.role = group_stats.role and grid_ranks.skill_id = group_stats.skill_id
    {%- for name in without_targets %}
        left join ranked as {{ name }}
            on group_stats.role = {{ name }}.role and group_stats.{{ name }}_role_rank = {{ name }}.role_rank
    {%- endfor %}

),

final as (

    select
        role,
        skill_id,
        skill_name,
        salaried_postings,
        postings_with_skill,
        median_with_skill,
        median_with_skill_lower,
        median_with_skill_upper,
        postings_without_skill,
        (without_middle_low + without_middle_high) / 2.0 as median_without_skill,
        without_low as median_without_skill_lower,
        without_high as median_without_skill_upper,
        case when has_premium then median_with_skill - (without_middle_low + without_middle_high) / 2.0 end
            as salary_premium,
        case
            when has_premium then (median_with_skill - (without_middle_low + without_middle_high) / 2.0)
                / nullif((without_middle_low + without_middle_high) / 2.0, 0)
        end as salary_premium_share,
        coalesce(
            has_premium and (median_with_skill_lower > without_high or median_with_skill_upper < without_low), false
        ) as is_premium_distinctive,
        not has_premium as is_small_sample
    from medians

)

select * from final
