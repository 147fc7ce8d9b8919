{% test names_give_distinct_ids(model, label='taxonomy_label', item_type='item_type', item_id='item_id', item_name='item_name') %}
{#- Two rows of a taxonomy written by name whose names give one id (macro skill_id_from_name)
    are the same item written twice ("Data Science", "data-science") and would count its
    postings twice. One row per clashing id, with a message naming the taxonomy, both names
    and the id:
        taxonomy_path 'x.csv': skill names "Data Science" and "data-science" give the same
        skill_id 'data_science'; merge them into one row or rename one -#}
select
    {{ label }} || ': ' || {{ item_type }} || ' names '
    || {{ dbt.listagg("'\"' || " ~ item_name ~ " || '\"'", "' and '", "order by " ~ item_name) }}
    || ' give the same ' || {{ item_type }} || '_id ''' || {{ item_id }}
    || '''; merge them into one row or rename one' as problem
from {{ model }}
where {{ item_type }} is not null
group by {{ label }}, {{ item_type }}, {{ item_id }}
having count(*) > 1
{% endtest %}
