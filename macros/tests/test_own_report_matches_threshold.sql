{% test own_report_matches_threshold(model, group_column='role', total='total_postings', flag='has_own_report') %}
{#- A group (role) has a report of its own exactly when its total postings reach var
    min_postings_per_role_report, and the flag is the same on every row of the group (the
    others are summarised together as "other roles"). Returns each group that breaks it. -#}
select
    {{ group_column }} as group_value,
    min({{ total }}) as total_postings,
    {{ var('min_postings_per_role_report') }} as min_postings_per_role_report,
    count(distinct {{ flag }}) as distinct_flags,
    max(case when {{ flag }} then 1 else 0 end) as any_row_has_own_report
from {{ model }}
group by {{ group_column }}
having
    count(distinct {{ flag }}) <> 1
    or count(distinct {{ total }}) <> 1
    or max(case when {{ flag }} then 1 else 0 end)
        <> max(case when {{ total }} >= {{ var('min_postings_per_role_report') }} then 1 else 0 end)
    or count({{ flag }}) <> count(*)
{% endtest %}
