{% test quantifier_is_the_strongest_that_holds(model, quantifiers_model, key_columns, quantifier='strongest_quantifier', frequency='frequency', total='total_postings') %}
{#- A signal's strongest_quantifier is a word of the quantifiers model whose documented meaning its
    count satisfies, and no stronger word (smaller strength) is satisfied too. Fails with the row
    and the stronger word that holds (or 'none' when the given word is unknown or does not hold). -#}
with quantifiers as (

    select
        quantifier,
        strength,
        min_postings,
        min_share,
        is_min_share_strict,
        max_share
    from {{ quantifiers_model }}

),

signals as (

    select
        {% for key in key_columns %}{{ key }}, {% endfor %}
        {{ quantifier }} as given_quantifier,
        {{ frequency }} as frequency,
        case when {{ total }} > 0 then cast({{ frequency }} as double) / {{ total }} end as share
    from {{ model }}
    where {{ frequency }} > 0

),

holding as (

    select
        {% for key in key_columns %}signals.{{ key }}, {% endfor %}
        signals.given_quantifier,
        quantifiers.quantifier,
        quantifiers.strength
    from signals
    inner join quantifiers
        on
            signals.frequency >= quantifiers.min_postings
            and signals.share <= quantifiers.max_share
            and (
                signals.share > quantifiers.min_share
                or (not quantifiers.is_min_share_strict and signals.share = quantifiers.min_share)
            )

),

judged as (

    select
        {% for key in key_columns %}signals.{{ key }}, {% endfor %}
        signals.given_quantifier,
        signals.frequency,
        max(case when holding.quantifier = signals.given_quantifier then 1 else 0 end) as given_holds,
        min(holding.strength) as strongest_strength
    from signals
    left join holding
        on
            {% for key in key_columns %}signals.{{ key }} = holding.{{ key }}{% if not loop.last %} and {% endif %}{% endfor %}
    group by {% for key in key_columns %}signals.{{ key }}, {% endfor %}signals.given_quantifier, signals.frequency

)

select
    judged.*,
    coalesce(stronger.quantifier, 'none') as stronger_that_holds
from judged
left join quantifiers as given
    on judged.given_quantifier = given.quantifier
left join quantifiers as stronger
    on judged.strongest_strength = stronger.strength
where judged.given_holds = 0 or given.strength > judged.strongest_strength
{% endtest %}
