{% test comparison_counts_add_up(model, postings_model, members_model, key='skill_id', group_column='role') %}
{#- A role's postings plus the other postings are all postings of the postings dimension, and a
    skill's frequency in the role plus in the other postings is its frequency summed over every
    role of the members model (each posting has one role). -#}
with all_postings as (

    select count(distinct posting_id) as postings from {{ postings_model }}

),

all_frequencies as (

    select
        {{ key }} as item_key,
        sum(frequency) as frequency
    from {{ members_model }}
    group by {{ key }}

)

select
    comparison.{{ group_column }} as group_value,
    comparison.{{ key }} as item_key,
    comparison.total_postings,
    comparison.other_postings,
    all_postings.postings as postings_in_dimension,
    comparison.frequency,
    comparison.other_frequency,
    all_frequencies.frequency as frequency_in_all_roles
from {{ model }} as comparison
cross join all_postings
left join all_frequencies
    on comparison.{{ key }} = all_frequencies.item_key
where
    comparison.total_postings + comparison.other_postings <> all_postings.postings
    or all_frequencies.frequency is null
    or comparison.frequency + comparison.other_frequency <> all_frequencies.frequency
{% endtest %}
