{% test wilson_bounds_ordered(model, key_columns, share='share_of_postings', lower='wilson_lower', upper='wilson_upper') %}
{#- 0 <= wilson_lower <= share_of_postings <= wilson_upper <= 1, none null where the share is known. -#}
select
    {% for key in key_columns %}{{ key }}, {% endfor %}
    {{ lower }} as wilson_lower,
    {{ share }} as share_of_postings,
    {{ upper }} as wilson_upper
from {{ model }}
where
    {{ share }} is not null
    and (
        {{ lower }} is null
        or {{ upper }} is null
        or {{ lower }} < 0
        or {{ lower }} > {{ share }}
        or {{ share }} > {{ upper }}
        or {{ upper }} > 1
    )
{% endtest %}
