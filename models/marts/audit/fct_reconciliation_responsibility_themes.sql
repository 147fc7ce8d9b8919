{#- The published responsibility themes against fct_theme_frequency: postings describing each
    theme, for the published role; compared only when the postings are the shipped sample's. -#}

with published_themes as (

    select * from {{ ref('stg_published__responsibility_themes') }}

),

known_discrepancies as (

    select * from {{ ref('stg_published__known_discrepancies') }}

),

sample_postings as (

    select * from {{ ref('int_postings_classified') }}
    where input_name = 'sample_postings'

),

themes as (

    select * from {{ ref('fct_theme_frequency') }}
    where role = {{ string_literal(var('published_role')) }}

),

figures as (

    select
        'responsibility_themes' as published_table,
        coalesce(published_themes.theme_name, themes.theme_name) as item_name,
        'frequency' as measure,
        cast(published_themes.frequency as {{ dbt.type_string() }}) as published_value,
        cast(themes.frequency as {{ dbt.type_string() }}) as computed_value
    from published_themes
    full outer join themes
        on published_themes.theme_name = themes.theme_name

),

final as (

    {{ reconciled_figures('figures', 'known_discrepancies') }}
    where exists (select 1 from sample_postings)

)

select * from final
