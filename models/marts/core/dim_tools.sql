with tools as (

    select * from {{ ref('stg_taxonomy__tools') }}

),

tool_categories as (

    select * from {{ ref('stg_taxonomy__tool_categories') }}

),

final as (

    select
        tools.tool_id,
        tools.tool_category_id,
        tools.tool_name,
        tool_categories.tool_category_name,
        tools.aliases
    from tools
    inner join tool_categories
        on tools.tool_category_id = tool_categories.tool_category_id

    {%- if is_user_mode() %}
        where false  {#- the user's postings are measured against skills only -#}
    {%- endif %}
)

select * from final
