{% test bounds_are_ordered(model, lower, upper, key_columns) %}
{#- Rows whose lower bound is above their upper bound (both stated). -#}
select
    {% for key in key_columns %}{{ key }}, {% endfor %}
    {{ lower }} as lower_bound,
    {{ upper }} as upper_bound
from {{ model }}
where {{ lower }} > {{ upper }}
{% endtest %}
