{% test salary_groups_add_up(model, postings_model, mentions_model, key='skill_id', group_column='role') %}
{#- Counted again from the postings dimension and the posting mentions: a role's postings with a
    pay figure (salary_midpoint) are salaried_postings, those of them that mention the item are
    postings_with_skill, and the two groups add up to salaried_postings. -#}
with salaried as (

    select
        {{ group_column }} as group_value,
        posting_id
    from {{ postings_model }}
    where salary_midpoint is not null

),

role_counts as (

    select
        group_value,
        count(*) as salaried_postings
    from salaried
    group by group_value

),

item_counts as (

    select
        salaried.group_value,
        mentions.item_id as item_key,
        count(distinct salaried.posting_id) as postings_with_item
    from salaried
    inner join {{ mentions_model }} as mentions
        on salaried.posting_id = mentions.posting_id
    where mentions.item_type = 'skill'
    group by salaried.group_value, mentions.item_id

)

select
    salary.{{ group_column }} as group_value,
    salary.{{ key }} as item_key,
    salary.salaried_postings,
    salary.postings_with_skill,
    salary.postings_without_skill,
    role_counts.salaried_postings as salaried_in_dimension,
    coalesce(item_counts.postings_with_item, 0) as with_item_in_mentions
from {{ model }} as salary
left join role_counts
    on salary.{{ group_column }} = role_counts.group_value
left join item_counts
    on salary.{{ group_column }} = item_counts.group_value and salary.{{ key }} = item_counts.item_key
where
    role_counts.salaried_postings is null
    or salary.salaried_postings <> role_counts.salaried_postings
    or salary.postings_with_skill <> coalesce(item_counts.postings_with_item, 0)
    or salary.postings_with_skill + salary.postings_without_skill <> salary.salaried_postings
{% endtest %}
