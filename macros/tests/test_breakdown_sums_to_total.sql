{% test breakdown_sums_to_total(model, group_by, frequency='frequency', total='total_postings') %}
{#- Each breakdown (e.g. every region of a role) assigns each posting to exactly one member,
    so the members' frequencies sum to the group's total. -#}
select
    {% for column in group_by %}{{ column }}, {% endfor %}
    sum({{ frequency }}) as sum_of_frequencies,
    min({{ total }}) as total_postings,
    count(distinct {{ total }}) as distinct_totals
from {{ model }}
group by {% for column in group_by %}{{ column }}{% if not loop.last %}, {% endif %}{% endfor %}
having
    sum({{ frequency }}) <> min({{ total }})
    or count(distinct {{ total }}) <> 1
{% endtest %}
