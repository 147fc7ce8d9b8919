{#- One row per skill category of the taxonomy the build reads: the categories its skills name. -#}

with items as (

    select * from {{ ref('int_taxonomy_items_unioned') }}

),

final as (

    select
        item_id as skill_category_id,
        item_name as skill_category_name
    from items
    where item_type = 'skill_category'

)

select * from final
