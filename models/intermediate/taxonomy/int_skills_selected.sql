{#- One row per skill of the taxonomy the build reads (model int_taxonomy_items_unioned): the
    sample's skills, the user's (var taxonomy_path) or the shipped default taxonomy's. -#}

with items as (

    select * from {{ ref('int_taxonomy_items_unioned') }}

),

final as (

    select
        item_id as skill_id,
        item_name as skill_name,
        category,
        category_id as skill_category_id,
        aliases,
        description as notes
    from items
    where item_type = 'skill'

)

select * from final
