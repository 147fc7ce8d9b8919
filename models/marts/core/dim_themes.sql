{#- One row per responsibility theme of the taxonomy the build reads. -#}

with items as (

    select * from {{ ref('int_taxonomy_items_unioned') }}

),

final as (

    select
        item_id as theme_id,
        item_name as theme_name,
        description as representative_responsibilities
    from items
    where item_type = 'theme'

)

select * from final
