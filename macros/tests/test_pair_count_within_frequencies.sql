{% test pair_count_within_frequencies(model, members_model, group_column='role', key='skill_id', co_key='co_skill_id') %}
{#- A pair's postings with both skills are at least the minimum support
    (var cooccurrence_min_postings) and at most the fewer of the two skills' postings, and each
    skill's frequency and the role's total postings are the ones the frequency mart
    (members_model) gives. -#}
select
    pairs.{{ group_column }} as group_value,
    pairs.{{ key }} as skill_key,
    pairs.{{ co_key }} as co_skill_key,
    pairs.postings_with_both,
    pairs.cooccurrence_min_postings,
    pairs.skill_frequency,
    pairs.co_skill_frequency,
    pairs.total_postings,
    skills.total_postings as total_postings_in_members,
    skills.frequency as skill_frequency_in_members,
    co_skills.frequency as co_skill_frequency_in_members
from {{ model }} as pairs
left join {{ members_model }} as skills
    on
        pairs.{{ group_column }} = skills.{{ group_column }}
        and pairs.{{ key }} = skills.{{ key }}
left join {{ members_model }} as co_skills
    on
        pairs.{{ group_column }} = co_skills.{{ group_column }}
        and pairs.{{ co_key }} = co_skills.{{ key }}
where
    pairs.postings_with_both < {{ cooccurrence_min_postings() }}
    or pairs.cooccurrence_min_postings <> {{ cooccurrence_min_postings() }}
    or pairs.postings_with_both > least(pairs.skill_frequency, pairs.co_skill_frequency)
    or skills.frequency is null
    or co_skills.frequency is null
    or pairs.skill_frequency <> skills.frequency
    or pairs.co_skill_frequency <> co_skills.frequency
    or pairs.total_postings <> skills.total_postings
{% endtest %}
