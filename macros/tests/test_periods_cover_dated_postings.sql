{% test periods_cover_dated_postings(model, postings_model, items_model, date_column='posted_date', group_column='role', period='period_start', total='total_postings') %}
{#- Every dated posting is in exactly one period: per role, the periods' postings add up to the
    role's postings with a date in the postings model, and every row of a period gives the same
    count. Only a taxonomy without items (items_model empty) leaves nothing to cover: an empty
    model beside dated postings and items fails. -#}
with periods as (

    select
        {{ group_column }} as group_value,
        {{ period }} as period_start,
        min({{ total }}) as period_postings,
        max({{ total }}) as period_postings_max
    from {{ model }}
    group by {{ group_column }}, {{ period }}

),

per_role as (

    select
        group_value,
        sum(period_postings) as postings_in_periods,
        sum(case when period_postings <> period_postings_max then 1 else 0 end) as inconsistent_periods
    from periods
    group by group_value

),

dated as (

    select
        {{ group_column }} as group_value,
        count(distinct posting_id) as dated_postings
    from {{ postings_model }}
    where {{ date_column }} is not null
    group by {{ group_column }}

)

select
    coalesce(per_role.group_value, dated.group_value) as group_value,
    per_role.postings_in_periods,
    per_role.inconsistent_periods,
    dated.dated_postings
from per_role
full outer join dated
    on per_role.group_value = dated.group_value
where
    exists (select 1 from {{ items_model }})
    and (
        coalesce(per_role.postings_in_periods, 0) <> coalesce(dated.dated_postings, 0)
        or per_role.inconsistent_periods > 0
    )
{% endtest %}
