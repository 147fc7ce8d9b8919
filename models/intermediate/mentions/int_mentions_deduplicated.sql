{#- One row per posting per item it mentions: the accepted mentions (tagged or extracted), and
    tool categories, derived here: a posting mentions a category when it mentions at least one
    of the category's tools. -#}

with classified_mentions as (

    select * from {{ ref('int_mentions_classified') }}

),

tools as (

    select * from {{ ref('int_taxonomy_items_unioned') }}
    where item_type = 'tool'

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

tool_categories as (

    select distinct
        accepted.posting_id,
        'tool_category' as item_type,
        tools.category_id as item_id,
        'derived from tool' as mention_source,
        cast(null as varchar) as matched_alias,
        cast(null as bigint) as token_position
    from accepted
    inner join tools
        on accepted.item_id = tools.item_id
    where accepted.item_type = 'tool'

),

final as (

    select * from accepted
    union all
    select * from tool_categories

)

select * from final
