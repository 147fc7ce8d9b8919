{#- One row per tool category of the taxonomy the build reads. -#}

with items as (

    select * from {{ ref('int_taxonomy_items_unioned') }}

),

final as (

    select
        item_id as tool_category_id,
        item_name as tool_category_name,
        description as notes
    from items
    where item_type = 'tool_category'

)

select * from final
