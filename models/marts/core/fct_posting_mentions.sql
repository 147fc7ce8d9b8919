{#- One row per posting per item it mentions, with how the mention was found: the lineage
    behind every frequency, for drill-through from a BI tool. -#}

with mentions as (

    select * from {{ ref('int_mentions_deduplicated') }}

),

postings as (

    select * from {{ ref('dim_postings') }}

),

final as (

    select
        mentions.posting_id,
        mentions.item_type,
        mentions.item_id,
        postings.role,
        mentions.mention_source,
        mentions.matched_alias,
        mentions.token_position
    from mentions
    inner join postings
        on mentions.posting_id = postings.posting_id

)

select * from final
