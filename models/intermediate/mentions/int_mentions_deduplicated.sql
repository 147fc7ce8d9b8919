{#- One row per posting per item it mentions: the accepted mentions (tagged or extracted), and
    tool and skill categories, derived here: a posting mentions a category when it mentions at
    least one of the category's tools (skills). -#}

with classified_mentions as (

    select * from {{ ref('int_mentions_classified') }}

),

categorised_items as (

    select * from {{ ref('int_taxonomy_items_unioned') }}
    where item_type in ('tool', 'skill') and category_id is not null

),

accepted as (

    select
        posting_id,
        item_type,
        item_id,
        mention_source,
        matched_alias,
        token_position
    from classified_mentions
    where row_status = 'accepted'

),

categories as (

    select distinct
        accepted.posting_id,
        accepted.item_type || '_category' as item_type,
        categorised_items.category_id as item_id,
        'derived from ' || accepted.item_type as mention_source,
        cast(null as {{ dbt.type_string() }}) as matched_alias,
        cast(null as bigint) as token_position
    from accepted
    inner join categorised_items
        on
            accepted.item_type = categorised_items.item_type
            and accepted.item_id = categorised_items.item_id

),

final as (

    select * from accepted
    union all
    select * from categories

)

select * from final
