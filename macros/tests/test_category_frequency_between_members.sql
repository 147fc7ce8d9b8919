{% test category_frequency_between_members(model, category_key, members_model, group_column='role', frequency='frequency') %}
{#- A category's frequency (postings naming at least one member) lies between its largest
    member's frequency and the sum of its members' frequencies, read from the members model. -#}
with members as (

    select
        {{ group_column }} as group_value,
        {{ category_key }} as category_key,
        max({{ frequency }}) as max_member_frequency,
        sum({{ frequency }}) as sum_member_frequency
    from {{ members_model }}
    group by {{ group_column }}, {{ category_key }}

)

select
    categories.{{ group_column }} as group_value,
    categories.{{ category_key }} as category_key,
    categories.{{ frequency }} as category_frequency,
    members.max_member_frequency,
    members.sum_member_frequency
from {{ model }} as categories
left join members
    on
        categories.{{ group_column }} = members.group_value
        and categories.{{ category_key }} = members.category_key
where
    categories.{{ frequency }} < coalesce(members.max_member_frequency, 0)
    or categories.{{ frequency }} > coalesce(members.sum_member_frequency, 0)
{% endtest %}
