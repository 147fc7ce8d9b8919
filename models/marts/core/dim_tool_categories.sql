with tool_categories as (

    select * from {{ ref('stg_taxonomy__tool_categories') }}

),

final as (

    select
        tool_category_id,
        tool_category_name,
        notes
    from tool_categories

    {%- if is_user_mode() %}
        where false  {#- the user's postings are measured against skills only -#}
    {%- endif %}
)

select * from final
