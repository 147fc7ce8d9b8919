{% test exclude_contexts_contain_an_alias(model) %}
{#- Exclude contexts that contain none of their item's aliases, so can never apply (a typo):
    one row each, naming the taxonomy, the row and the context:
        taxonomy_path 'x.csv': row 3 has exclude context 'R and D', which contains none of the
        item's aliases (compared as word tokens, without case), so it can never apply -#}
select
    taxonomy_label || ': row ' || cast(input_row_number as {{ dbt.type_string() }}) || ' has exclude context '''
    || exclude_context || ''', which contains none of the item''s aliases (compared as word tokens,'
    || ' without case), so it can never apply' as problem
from {{ model }}
where not contains_alias
{% endtest %}
