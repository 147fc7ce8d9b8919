{#- The published tool mentions table against fct_tool_category_frequency: postings naming at
    least one tool of each category, for the published role; compared only when the postings are
    the shipped sample's. -#}

with published_tools as (

    select * from {{ ref('stg_published__tool_mentions') }}

),

known_discrepancies as (

    select * from {{ ref('stg_published__known_discrepancies') }}

),

sample_postings as (

    select * from {{ ref('int_postings_classified') }}
    where input_name = 'sample_postings'

),

tool_categories as (

    select * from {{ ref('fct_tool_category_frequency') }}
    where role = {{ string_literal(var('published_role')) }}

),

figures as (

    select
        'tool_mentions' as published_table,
        coalesce(published_tools.tool_category_name, tool_categories.tool_category_name) as item_name,
        'frequency' as measure,
        cast(published_tools.frequency as {{ dbt.type_string() }}) as published_value,
        cast(tool_categories.frequency as {{ dbt.type_string() }}) as computed_value
    from published_tools
    full outer join tool_categories
        on published_tools.tool_category_name = tool_categories.tool_category_name

),

final as (

    {{ reconciled_figures('figures', 'known_discrepancies') }}
    where exists (select 1 from sample_postings)

)

select * from final
