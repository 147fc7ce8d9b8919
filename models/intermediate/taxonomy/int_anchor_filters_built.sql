{#- One row per build: the Bloom filter of every anchor's hash (model int_item_aliases_anchored), a bit
    string of bloom_filter_bits() bits (macro bloom_filter_agg). Word-mode matching keeps only
    the tokens and token pairs of a text whose hash is set in it before looking them up among the
    anchors: about 1 in 20 tokens passes that is no anchor (for the largest taxonomies), and the
    join that follows drops those. Null when there are no anchors. -#}

with anchors as (

    select * from {{ ref('int_item_aliases_anchored') }}

),

final as (

    select
        count(*) as anchors,
        {{ bloom_filter_agg('anchor_hash') }} as bloom_filter
    from anchors

)

select * from final
