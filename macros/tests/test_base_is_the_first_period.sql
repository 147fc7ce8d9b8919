{% test base_is_the_first_period(model, key_columns, period='period_start') %}
{#- The change of every later period is measured from the first period: its first_frequency and
    first_period_postings are the first period's frequency and total_postings (same role and
    skill), and the first period itself has none (null). -#}
with firsts as (

    select
        {% for key in key_columns %}{{ key }}, {% endfor %}
        {{ period }} as first_period,
        frequency as frequency_in_first_period,
        total_postings as postings_in_first_period
    from (
        select
            *,
            row_number() over (partition by {{ key_columns | join(', ') }} order by {{ period }}) as period_number
        from {{ model }}
    ) as numbered
    where period_number = 1

)

select
    {% for key in key_columns %}rows_.{{ key }}, {% endfor %}
    rows_.{{ period }} as period,
    rows_.first_frequency,
    rows_.first_period_postings,
    firsts.frequency_in_first_period,
    firsts.postings_in_first_period
from {{ model }} as rows_
inner join firsts
    on {% for key in key_columns %}rows_.{{ key }} = firsts.{{ key }}{% if not loop.last %} and {% endif %}{% endfor %}
where
    (
        rows_.{{ period }} = firsts.first_period
        and (rows_.first_frequency is not null or rows_.first_period_postings is not null)
    )
    or (
        rows_.{{ period }} > firsts.first_period
        and (
            rows_.first_frequency is null
            or rows_.first_period_postings is null
            or rows_.first_frequency <> firsts.frequency_in_first_period
            or rows_.first_period_postings <> firsts.postings_in_first_period
        )
    )
{% endtest %}
