{% test composite_relationship(model, to, from_columns, to_columns) %}
{#- Every row's (from_columns) exists as (to_columns) in the `to` model: a relationships
    test over more than one column, e.g. (item_type, item_id) -> the taxonomy. -#}
select
    {% for column in from_columns %}child.{{ column }}{% if not loop.last %}, {% endif %}{% endfor %}
from {{ model }} as child
left join {{ to }} as parent
    on
    {%- for column in from_columns %}
        {% if not loop.first %}and {% endif %}child.{{ column }} = parent.{{ to_columns[loop.index0] }}
    {%- endfor %}
where parent.{{ to_columns[0] }} is null
{% endtest %}
