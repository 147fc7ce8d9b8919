{% macro quantifier_holds(frequency, share, min_postings, min_share, is_min_share_strict, max_share) -%}
    {#- True when a count and its share satisfy a quantifier's documented meaning (seed
        signal_quantifiers): frequency >= min_postings, share <= max_share, and share > min_share
        (>= when the quantifier is not strict). Null when any input is null. -#}
    (
        {{ frequency }} >= {{ min_postings }}
        and {{ share }} <= {{ max_share }}
        and (
            {{ share }} > {{ min_share }}
            or (not {{ is_min_share_strict }} and {{ share }} = {{ min_share }})
        )
    )
{%- endmacro %}
