{#- One row per word token of an accepted posting's description, with its character offset. -#}

with postings as (

    select
        posting_id,
        description
    from {{ ref('int_postings_deduplicated') }}
    where description is not null

),

tokens as (

    {{ tokenize_text('postings', 'posting_id', 'description') }}

),

final as (

    select
        token_key as posting_id,
        token_index,
        token,
        token_text,
        char_offset
    from tokens

)

select * from final
