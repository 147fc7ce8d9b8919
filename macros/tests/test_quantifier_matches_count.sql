{% test quantifier_matches_count(model, quantifiers_model, key_columns, quantifier='quantifier', frequency='frequency', total='total_postings') %}
{#- A hiring signal's count agrees with the quantifier the text uses, by the documented
    meanings in the quantifiers model ("most" = more than half, ...). An unknown quantifier fails. -#}
with checked as (

    select
        {% for key in key_columns %}signals.{{ key }}, {% endfor %}
        signals.{{ quantifier }} as quantifier,
        signals.{{ frequency }} as frequency,
        signals.{{ total }} as total_postings,
        quantifiers.definition as quantifier_definition,
        case
            when quantifiers.quantifier is null then false
            when signals.{{ total }} = 0 then false
            else
                signals.{{ frequency }} >= quantifiers.min_postings
                and cast(signals.{{ frequency }} as double) / signals.{{ total }} <= quantifiers.max_share
                and (
                    cast(signals.{{ frequency }} as double) / signals.{{ total }} > quantifiers.min_share
                    or (
                        not quantifiers.is_min_share_strict
                        and cast(signals.{{ frequency }} as double) / signals.{{ total }} = quantifiers.min_share
                    )
                )
        end as holds
    from {{ model }} as signals
    left join {{ quantifiers_model }} as quantifiers
        on signals.{{ quantifier }} = quantifiers.quantifier

)

select *
from checked
where not holds
{% endtest %}
