{#- The published skill frequency table against fct_skill_frequency: frequency, % of postings and
    tier of every skill, for the published role. The published analysis describes the shipped
    sample, so its figures are compared only when the postings are the sample's (none for a
    user's postings). -#}

with published_skills as (

    select * from {{ ref('stg_published__skill_frequency') }}

),

known_discrepancies as (

    select * from {{ ref('stg_published__known_discrepancies') }}

),

sample_postings as (

    select * from {{ ref('int_postings_classified') }}
    where input_name = 'sample_postings'

),

skills as (

    select * from {{ ref('fct_skill_frequency') }}
    where role = {{ string_literal(var('published_role')) }}

),

skill_pairs as (

    select
        coalesce(published_skills.skill_name, skills.skill_name) as item_name,
        cast(published_skills.frequency as {{ dbt.type_string() }}) as published_frequency,
        cast(skills.frequency as {{ dbt.type_string() }}) as computed_frequency,
        cast(published_skills.pct_of_postings as {{ dbt.type_string() }}) as published_pct,
        cast(skills.pct_of_postings as {{ dbt.type_string() }}) as computed_pct,
        published_skills.tier as published_tier,
        skills.tier as computed_tier
    from published_skills
    full outer join skills
        on published_skills.skill_name = skills.skill_name

),

figures as (

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

final as (

    {{ reconciled_figures('figures', 'known_discrepancies') }}
    where exists (select 1 from sample_postings)

)

select * from final
