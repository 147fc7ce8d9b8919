with signals as (

    select * from {{ ref('stg_taxonomy__signals') }}

),

quantifiers as (

    select * from {{ ref('stg_taxonomy__signal_quantifiers') }}

),

final as (

    select
        signals.signal_id,
        signals.signal_name,
        signals.quantifier,
        signals.quantifier_phrase,
        signals.statement,
        quantifiers.definition as quantifier_definition,
        quantifiers.min_postings as quantifier_min_postings,
        quantifiers.min_share as quantifier_min_share,
        quantifiers.max_share as quantifier_max_share,
        quantifiers.is_min_share_strict as is_quantifier_min_share_strict
    from signals
    left join quantifiers
        on signals.quantifier = quantifiers.quantifier

    {%- if is_user_mode() %}
        where false  {#- the user's postings are measured against skills only -#}
    {%- endif %}
)

select * from final
