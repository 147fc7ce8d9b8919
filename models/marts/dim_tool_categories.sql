with tool_categories as (

    select * from {{ ref('stg_taxonomy__tool_categories') }}

),

final as (

    select
        tool_category_id,
        tool_category_name,
        notes
    from tool_categories

)

select * from final
