{#- One row per hiring signal of the taxonomy the build reads, with the meaning of its
    quantifier (a user taxonomy's signals: `any`, no claim about the count). -#}

with items as (

    select * from {{ ref('int_taxonomy_items_unioned') }}

),

quantifiers as (

    select * from {{ ref('stg_taxonomy__signal_quantifiers') }}

),

signals as (

    select * from items
    where item_type = 'signal'

),

final as (

    select
        signals.item_id as signal_id,
        signals.item_name as signal_name,
        signals.quantifier,
        signals.quantifier_phrase,
        signals.description as statement,
        quantifiers.definition as quantifier_definition,
        quantifiers.min_postings as quantifier_min_postings,
        quantifiers.min_share as quantifier_min_share,
        quantifiers.max_share as quantifier_max_share,
        quantifiers.is_min_share_strict as is_quantifier_min_share_strict
    from signals
    left join quantifiers
        on signals.quantifier = quantifiers.quantifier

)

select * from final
