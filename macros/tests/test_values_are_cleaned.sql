{% test values_are_cleaned(model, columns) %}
{#- Every stated value of the columns is what cleaning leaves (macro cleaned_text): no
    placeholder (-1, N/A, Unknown...), no white space at either end or in runs, no line break;
    the not-stated member (macro not_stated_member) is allowed. One row per offending value. -#}
{%- for column in columns %}
select
    '{{ column }}' as column_name,
    {{ column }} as value,
    count(*) as rows_with_value
from {{ model }}
where
    {{ column }} is not null
    and {{ column }} <> {{ string_literal(not_stated_member()) }}
    and ({{ cleaned_text(column) }} is null or {{ cleaned_text(column) }} <> {{ column }})
group by {{ column }}
{% if not loop.last %}union all{% endif %}
{%- endfor %}
{% endtest %}
