{#- The published sample summary against fct_sample_summary and fct_sample_profile: the
    sample's size and ranges, and which regions, industries and job boards it lists, for the
    published role; compared only when the postings are the shipped sample's. -#}

with published_facts as (

    select * from {{ ref('stg_published__sample_facts') }}

),

published_members as (

    select * from {{ ref('stg_published__sample_members') }}

),

known_discrepancies as (

    select * from {{ ref('stg_published__known_discrepancies') }}

),

sample_postings as (

    select * from {{ ref('int_postings_classified') }}
    where input_name = 'sample_postings'

),

summary as (

    select * from {{ ref('fct_sample_summary') }}
    where role = {{ string_literal(var('published_role')) }}

),

profile as (

    select * from {{ ref('fct_sample_profile') }}
    where role = {{ string_literal(var('published_role')) }}

),

summary_values as (

    select
        'total_postings' as measure,
        cast(total_postings as {{ dbt.type_string() }}) as computed_value
    from summary
    union all
    select
        'first_posting_year' as measure,
        cast(first_posting_year as {{ dbt.type_string() }}) as computed_value
    from summary
    union all
    select
        'last_posting_year' as measure,
        cast(last_posting_year as {{ dbt.type_string() }}) as computed_value
    from summary
    union all
    select
        'org_size_min_employees' as measure,
        cast(org_size_min_employees as {{ dbt.type_string() }}) as computed_value
    from summary
    union all
    select
        'org_size_max_band' as measure,
        org_size_max_band as computed_value
    from summary
    union all
    select
        'team_size_min' as measure,
        cast(team_size_min as {{ dbt.type_string() }}) as computed_value
    from summary
    union all
    select
        'team_size_max' as measure,
        cast(team_size_max as {{ dbt.type_string() }}) as computed_value
    from summary

),

fact_figures as (

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

member_figures as (

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

figures as (

    select * from fact_figures
    union all
    select * from member_figures

),

final as (

    {{ reconciled_figures('figures', 'known_discrepancies') }}
    where exists (select 1 from sample_postings)

)

select * from final
