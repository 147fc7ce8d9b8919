with item_frequencies as (

    select * from {{ ref('int_item_frequencies_aggregated') }}

),

signals as (

    select * from {{ ref('dim_signals') }}

),

signal_frequencies as (

    select
        item_frequencies.*,
        signals.signal_id,
        signals.signal_name,
        signals.quantifier,
        signals.quantifier_phrase,
        signals.statement,
        signals.quantifier_definition,
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
        ) as is_quantifier_consistent
    from item_frequencies
    inner join signals
        on item_frequencies.item_id = signals.signal_id
    where item_frequencies.item_type = 'signal'

),

final as (

    select
        signal_frequencies.role,
        signal_frequencies.signal_id,
        signal_frequencies.signal_name,
        signal_frequencies.quantifier,
        signal_frequencies.quantifier_phrase,
        signal_frequencies.statement,
        signal_frequencies.quantifier_definition,
        {{ frequency_mart_columns(
            'signal_frequencies', before_is_small_sample=['signal_frequencies.is_quantifier_consistent']
        ) }}
    from signal_frequencies

)

select * from final
