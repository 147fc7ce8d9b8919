{#- Every mention row (canonical mention layout), classified: accepted, deduplicated (the posting
    already names this item) or quarantined (its posting was not accepted). -#}

with mentions as (

    select * from {{ ref('int_mentions_unioned') }}

),

postings as (

    select * from {{ ref('int_postings_deduplicated') }}

),

final as (

    select
        mentions.input_row_number,
        mentions.copy_number,
        mentions.posting_id,
        mentions.item_type,
        mentions.item_id,
        mentions.input_name,
        mentions.mention_source,
        mentions.matched_alias,
        mentions.token_position,
        case when postings.posting_id is null then 'posting not accepted' end as quarantine_reason,
        case
            when postings.posting_id is null then 'quarantined'
            when mentions.copy_number > 1 then 'deduplicated'
            else 'accepted'
        end as row_status
    from mentions
    left join postings
        on mentions.posting_id = postings.posting_id

)

select * from final
