{#- The published hiring signals against fct_signal_frequency: the quantifier word of each
    published bullet beside the one the counts support, for the published role; compared only
    when the postings are the shipped sample's. -#}

with published_signals as (

    select * from {{ ref('stg_published__hiring_signals') }}

),

known_discrepancies as (

    select * from {{ ref('stg_published__known_discrepancies') }}

),

sample_postings as (

    select * from {{ ref('int_postings_classified') }}
    where input_name = 'sample_postings'

),

signal_orders as (

    select
        signal_id,
        signal_order
    from {{ ref('stg_taxonomy__signals') }}

),

signals as (

    select * from {{ ref('fct_signal_frequency') }}
    where role = {{ string_literal(var('published_role')) }}

),

figures as (

    select
        'hiring_signals' as published_table,
        signals.signal_name as item_name,
        'quantifier' as measure,
        case
            when {{ regex_matches('lower(published_signals.statement)', string_literal("\\bmost\\b")) }}
                then 'most'
            when {{ regex_matches('lower(published_signals.statement)', string_literal("\\bmany\\b")) }}
                then 'many'
            when {{ regex_matches('lower(published_signals.statement)', string_literal("\\bseveral\\b")) }}
                then 'several'
            when published_signals.statement is not null then 'some'
        end as published_value,
        case
            when signals.is_quantifier_consistent then signals.quantifier
            else 'not ' || signals.quantifier || ' (' || cast(signals.frequency as {{ dbt.type_string() }}) || ' of '
                || cast(signals.total_postings as {{ dbt.type_string() }}) || ')'
        end as computed_value
    from signals
    inner join signal_orders
        on signals.signal_id = signal_orders.signal_id
    left join published_signals
        on signal_orders.signal_order = published_signals.signal_order

),

final as (

    {{ reconciled_figures('figures', 'known_discrepancies') }}
    where exists (select 1 from sample_postings)

)

select * from final
