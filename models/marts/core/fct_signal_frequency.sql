with item_frequencies as (

    select * from {{ ref('int_item_frequencies_aggregated') }}

),

signals as (

    select * from {{ ref('dim_signals') }}

),

quantifiers as (

    select * from {{ ref('stg_taxonomy__signal_quantifiers') }}

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
            {{ quantifier_holds(
                'item_frequencies.frequency', 'item_frequencies.share_of_postings',
                'signals.quantifier_min_postings', 'signals.quantifier_min_share',
                'signals.is_quantifier_min_share_strict', 'signals.quantifier_max_share'
            ) }},
            false
        ) as is_quantifier_consistent
    from item_frequencies
    inner join signals
        on item_frequencies.item_id = signals.signal_id
    where item_frequencies.item_type = 'signal'

),

holding_quantifiers as (

    {#- every quantifier whose meaning the count satisfies, strongest first -#}
    select
        signal_frequencies.role,
        signal_frequencies.signal_id,
        quantifiers.quantifier,
        quantifiers.definition,
        row_number() over (
            partition by signal_frequencies.role, signal_frequencies.signal_id
            order by quantifiers.strength asc, quantifiers.quantifier asc
        ) as strength_rank
    from signal_frequencies
    cross join quantifiers
    where {{ quantifier_holds(
        'signal_frequencies.frequency', 'signal_frequencies.share_of_postings',
        'quantifiers.min_postings', 'quantifiers.min_share',
        'quantifiers.is_min_share_strict', 'quantifiers.max_share'
    ) }}

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
        strongest.quantifier as strongest_quantifier,
        strongest.definition as strongest_quantifier_definition,
        {{ frequency_mart_columns(
            'signal_frequencies', before_is_small_sample=['signal_frequencies.is_quantifier_consistent']
        ) }}
    from signal_frequencies
    left join holding_quantifiers as strongest
        on
            signal_frequencies.role = strongest.role
            and signal_frequencies.signal_id = strongest.signal_id
            and strongest.strength_rank = 1

)

select * from final
