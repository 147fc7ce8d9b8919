{% test rank_is_dense_by_frequency(model, key_columns, partition_by, rank='frequency_rank', frequency='frequency') %}
{#- Ranks are dense (1, 2, 3 ... with ties sharing a rank) and follow frequency, most first. -#}
with checked as (

    select
        {% for key in key_columns %}{{ key }}, {% endfor %}
        {{ frequency }} as frequency,
        {{ rank }} as frequency_rank,
        dense_rank() over (
            partition by {{ partition_by | join(', ') }}
            order by {{ frequency }} desc
        ) as expected_frequency_rank
    from {{ model }}

)

select *
from checked
where frequency_rank is null or frequency_rank <> expected_frequency_rank
{% endtest %}
