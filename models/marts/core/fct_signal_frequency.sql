with item_frequencies as (

    select * from {{ ref('int_item_frequencies_aggregated') }}

),

signals as (

    select * from {{ ref('dim_signals') }}

),

final as (

    select
        item_frequencies.role,
        signals.signal_id,
        signals.signal_name,
        signals.quantifier,
        signals.quantifier_phrase,
        signals.statement,
        signals.quantifier_definition,
        item_frequencies.tier,
        item_frequencies.frequency,
        item_frequencies.total_postings,
        item_frequencies.frequency_rank,
        item_frequencies.pct_of_postings,
        item_frequencies.share_of_postings,
        item_frequencies.wilson_lower,
        item_frequencies.wilson_upper,
        coalesce(
            item_frequencies.frequency >= signals.quantifier_min_postings
            and item_frequencies.share_of_postings <= signals.quantifier_max_share
            and (
                item_frequencies.share_of_postings > signals.quantifier_min_share
                or (
                    not signals.is_quantifier_min_share_strict
                    and item_frequencies.share_of_postings = signals.quantifier_min_share
                )
            ),
            false
        ) as is_quantifier_consistent,
        item_frequencies.is_small_sample
    from item_frequencies
    inner join signals
        on item_frequencies.item_id = signals.signal_id
    where item_frequencies.item_type = 'signal'

)

select * from final
