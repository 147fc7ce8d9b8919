{% test unique_combination_of_columns(model, combination_of_columns) %}
{#- No two rows share the same values in all of the given columns. -#}
select
    {% for column in combination_of_columns %}{{ column }}, {% endfor %}
    count(*) as rows_with_these_values
from {{ model }}
group by {{ combination_of_columns | join(', ') }}
having count(*) > 1
{% endtest %}
