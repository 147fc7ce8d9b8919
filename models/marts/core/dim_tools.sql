{#- One row per tool of the taxonomy the build reads, with its tool category. -#}

with items as (

    select * from {{ ref('int_taxonomy_items_unioned') }}

),

tools as (

    select * from items
    where item_type = 'tool'

),

tool_categories as (

    select * from items
    where item_type = 'tool_category'

),

final as (

    select
        tools.item_id as tool_id,
        tools.category_id as tool_category_id,
        tools.item_name as tool_name,
        tool_categories.item_name as tool_category_name,
        tools.aliases
    from tools
    inner join tool_categories
        on tools.category_id = tool_categories.item_id

)

select * from final
