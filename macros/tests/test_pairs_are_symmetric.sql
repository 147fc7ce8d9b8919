{% test pairs_are_symmetric(model, group_column='role', key='skill_id', co_key='co_skill_id', count='postings_with_both') %}
{#- Every pair (a, b) has its mirror (b, a) with the same count: the postings asking for both
    are the same postings whichever skill is named first. -#}
select
    pairs.{{ group_column }} as group_value,
    pairs.{{ key }} as skill_key,
    pairs.{{ co_key }} as co_skill_key,
    pairs.{{ count }} as pair_count,
    mirrors.{{ count }} as mirror_count
from {{ model }} as pairs
left join {{ model }} as mirrors
    on
        pairs.{{ group_column }} = mirrors.{{ group_column }}
        and pairs.{{ key }} = mirrors.{{ co_key }}
        and pairs.{{ co_key }} = mirrors.{{ key }}
where
    mirrors.{{ count }} is null
    or pairs.{{ count }} <> mirrors.{{ count }}
    or pairs.{{ key }} = pairs.{{ co_key }}
{% endtest %}
