{% test median_interval_is_valid(model, key_columns, count, median, lower, upper, min_count=6) %}
{#- A median of `count` values with its 95% order-statistic interval: the median is known exactly
    when there are values, the interval exactly when there are at least min_count (6: fewer
    cannot give 95%), and lower <= median <= upper. -#}
select
    {% for key in key_columns %}{{ key }}, {% endfor %}
    {{ count }} as value_count,
    {{ median }} as median,
    {{ lower }} as median_lower,
    {{ upper }} as median_upper
from {{ model }}
where
    {{ count }} is null
    or {{ count }} < 0
    or ({{ count }} > 0 and {{ median }} is null)
    or ({{ count }} = 0 and {{ median }} is not null)
    or ({{ count }} >= {{ min_count }} and ({{ lower }} is null or {{ upper }} is null))
    or ({{ count }} < {{ min_count }} and ({{ lower }} is not null or {{ upper }} is not null))
    or {{ lower }} > {{ median }}
    or {{ median }} > {{ upper }}
{% endtest %}
