{% test frequency_within_total(model, key_columns, frequency='frequency', total='total_postings') %}
{#- 0 <= frequency <= total_postings, neither null. -#}
select
    {% for key in key_columns %}{{ key }}, {% endfor %}
    {{ frequency }} as frequency,
    {{ total }} as total_postings
from {{ model }}
where
    {{ frequency }} is null
    or {{ total }} is null
    or {{ frequency }} < 0
    or {{ frequency }} > {{ total }}
{% endtest %}
