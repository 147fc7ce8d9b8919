{% test total_postings_matches_dimension(model, postings_model, group_column='role', total='total_postings') %}
{#- Every group's total_postings equals the distinct postings of that group in the postings
    dimension, and every group of the dimension appears (unless the model has no rows at all). -#}
with totals as (

    select distinct
        {{ group_column }} as group_value,
        {{ total }} as total_postings
    from {{ model }}

),

dimension_counts as (

    select
        {{ group_column }} as group_value,
        count(distinct posting_id) as postings_in_dimension
    from {{ postings_model }}
    group by {{ group_column }}

)

select
    coalesce(totals.group_value, dimension_counts.group_value) as group_value,
    totals.total_postings,
    dimension_counts.postings_in_dimension
from totals
full outer join dimension_counts
    on totals.group_value = dimension_counts.group_value
where
    {#- a group missing from the model fails, unless the model is empty (e.g. no tools in the taxonomy) -#}
    (totals.total_postings is null and exists (select 1 from totals))
    or dimension_counts.postings_in_dimension is null
    or totals.total_postings <> dimension_counts.postings_in_dimension
{% endtest %}
