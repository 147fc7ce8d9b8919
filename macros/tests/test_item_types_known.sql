{% test item_types_known(model, label='taxonomy_label', row_number='input_row_number', written='type_written', item_type='item_type') %}
{#- Rows of a taxonomy whose `type` is none of skill, tool, theme, signal (empty means skill):
    one row each, with a message naming the taxonomy, the row and the value:
        taxonomy_path 'x.csv': row 3 has type 'widget'; the types are skill, tool, theme and
        signal (empty means skill) -#}
select
    {{ label }} || ': row ' || cast({{ row_number }} as {{ dbt.type_string() }}) || ' has type '''
    || {{ written }} || '''; the types are skill, tool, theme and signal (empty means skill)' as problem
from {{ model }}
where {{ item_type }} is null
{% endtest %}
