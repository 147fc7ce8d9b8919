{#- One row per published figure: the published value beside the value computed from the
    postings, with a status. Values are compared as text, exactly as they are printed. -#}

with published_skills as (

    select * from {{ ref('stg_published__skill_frequency') }}

),

published_tools as (

    select * from {{ ref('stg_published__tool_mentions') }}

),

published_themes as (

    select * from {{ ref('stg_published__responsibility_themes') }}

),

published_facts as (

    select * from {{ ref('stg_published__sample_facts') }}

),

published_members as (

    select * from {{ ref('stg_published__sample_members') }}

),

published_signals as (

    select * from {{ ref('stg_published__hiring_signals') }}

),

signal_orders as (

    select
        signal_id,
        signal_order
    from {{ ref('stg_taxonomy__signals') }}

),

known_discrepancies as (

    select * from {{ ref('stg_published__known_discrepancies') }}

),

skills as (

    select * from {{ ref('fct_skill_frequency') }}
    where role = {{ string_literal(var('published_role')) }}

),

tool_categories as (

    select * from {{ ref('fct_tool_category_frequency') }}
    where role = {{ string_literal(var('published_role')) }}

),

themes as (

    select * from {{ ref('fct_theme_frequency') }}
    where role = {{ string_literal(var('published_role')) }}

),

signals as (

    select * from {{ ref('fct_signal_frequency') }}
    where role = {{ string_literal(var('published_role')) }}

),

summary as (

    select * from {{ ref('fct_sample_summary') }}
    where role = {{ string_literal(var('published_role')) }}

),

profile as (

    select * from {{ ref('fct_sample_profile') }}
    where role = {{ string_literal(var('published_role')) }}

),

skill_pairs as (

    select
        coalesce(published_skills.skill_name, skills.skill_name) as item_name,
        cast(published_skills.frequency as varchar) as published_frequency,
        cast(skills.frequency as varchar) as computed_frequency,
        cast(published_skills.pct_of_postings as varchar) as published_pct,
        cast(skills.pct_of_postings as varchar) as computed_pct,
        published_skills.tier as published_tier,
        skills.tier as computed_tier
    from published_skills
    full outer join skills
        on published_skills.skill_name = skills.skill_name

),

skill_rows as (

    select
        'skill_frequency' as published_table,
        item_name,
        'frequency' as measure,
        published_frequency as published_value,
        computed_frequency as computed_value
    from skill_pairs
    union all
    select
        'skill_frequency' as published_table,
        item_name,
        'pct_of_postings' as measure,
        published_pct as published_value,
        computed_pct as computed_value
    from skill_pairs
    union all
    select
        'skill_frequency' as published_table,
        item_name,
        'tier' as measure,
        published_tier as published_value,
        computed_tier as computed_value
    from skill_pairs

),

tool_rows as (

    select
        'tool_mentions' as published_table,
        coalesce(published_tools.tool_category_name, tool_categories.tool_category_name) as item_name,
        'frequency' as measure,
        cast(published_tools.frequency as varchar) as published_value,
        cast(tool_categories.frequency as varchar) as computed_value
    from published_tools
    full outer join tool_categories
        on published_tools.tool_category_name = tool_categories.tool_category_name

),

theme_rows as (

    select
        'responsibility_themes' as published_table,
        coalesce(published_themes.theme_name, themes.theme_name) as item_name,
        'frequency' as measure,
        cast(published_themes.frequency as varchar) as published_value,
        cast(themes.frequency as varchar) as computed_value
    from published_themes
    full outer join themes
        on published_themes.theme_name = themes.theme_name

),

signal_rows as (

    {#- the published bullet's own quantifier word beside the one the counts support -#}
    select
        'hiring_signals' as published_table,
        signals.signal_name as item_name,
        'quantifier' as measure,
        case
            when {{ regex_matches('lower(published_signals.statement)', "'\\bmost\\b'") }} then 'most'
            when {{ regex_matches('lower(published_signals.statement)', "'\\bmany\\b'") }} then 'many'
            when {{ regex_matches('lower(published_signals.statement)', "'\\bseveral\\b'") }} then 'several'
            when published_signals.statement is not null then 'some'
        end as published_value,
        case
            when signals.is_quantifier_consistent then signals.quantifier
            else 'not ' || signals.quantifier || ' (' || cast(signals.frequency as varchar) || ' of '
                || cast(signals.total_postings as varchar) || ')'
        end as computed_value
    from signals
    inner join signal_orders
        on signals.signal_id = signal_orders.signal_id
    left join published_signals
        on signal_orders.signal_order = published_signals.signal_order

),

summary_values as (

    select
        'total_postings' as measure,
        cast(total_postings as varchar) as computed_value
    from summary
    union all
    select
        'first_posting_year' as measure,
        cast(first_posting_year as varchar) as computed_value
    from summary
    union all
    select
        'last_posting_year' as measure,
        cast(last_posting_year as varchar) as computed_value
    from summary
    union all
    select
        'org_size_min_employees' as measure,
        cast(org_size_min_employees as varchar) as computed_value
    from summary
    union all
    select
        'org_size_max_band' as measure,
        org_size_max_band as computed_value
    from summary
    union all
    select
        'team_size_min' as measure,
        cast(team_size_min as varchar) as computed_value
    from summary
    union all
    select
        'team_size_max' as measure,
        cast(team_size_max as varchar) as computed_value
    from summary

),

fact_rows as (

    select
        'sample_summary' as published_table,
        'sample' as item_name,
        coalesce(published_facts.measure, summary_values.measure) as measure,
        published_facts.published_value,
        summary_values.computed_value
    from published_facts
    full outer join summary_values
        on published_facts.measure = summary_values.measure

),

profile_members as (

    select
        dimension,
        member
    from profile
    where dimension in (select distinct published_members.dimension from published_members)

),

member_rows as (

    select
        'sample_summary' as published_table,
        coalesce(published_members.member, profile_members.member) as item_name,
        coalesce(published_members.dimension, profile_members.dimension) as measure,
        case when published_members.member is not null then 'listed' else 'not listed' end as published_value,
        case when profile_members.member is not null then 'listed' else 'not listed' end as computed_value
    from published_members
    full outer join profile_members
        on
            published_members.dimension = profile_members.dimension
            and published_members.member = profile_members.member

),

unioned as (

    select * from skill_rows
    union all
    select * from tool_rows
    union all
    select * from theme_rows
    union all
    select * from signal_rows
    union all
    select * from fact_rows
    union all
    select * from member_rows

),

compared as (

    select
        published_table || ':' || item_name || ':' || measure as reconciliation_id,
        published_table,
        item_name,
        measure,
        published_value,
        computed_value,
        case
            when published_value is null then 'missing in published'
            when computed_value is null then 'missing in computed'
            when published_value = computed_value then 'match'
            else 'mismatch'
        end as status
    from unioned

),

final as (

    select
        compared.reconciliation_id,
        {{ string_literal(var('published_role')) }} as role,
        compared.published_table,
        compared.item_name,
        compared.measure,
        compared.published_value,
        compared.computed_value,
        compared.status,
        known_discrepancies.explanation as discrepancy_explanation,
        compared.status = 'match' as is_match,
        coalesce(
            compared.status = 'mismatch'
            and compared.published_value = known_discrepancies.published_value
            and compared.computed_value = known_discrepancies.computed_value,
            false
        ) as is_known_discrepancy
    from compared
    left join known_discrepancies
        on compared.reconciliation_id = known_discrepancies.reconciliation_id
    {%- if is_user_mode() %}
        where false  {#- the published analysis describes the sample, not the user's postings -#}
    {%- endif %}

)

select * from final
