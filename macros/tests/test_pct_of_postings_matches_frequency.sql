{% test pct_of_postings_matches_frequency(model, key_columns, frequency='frequency', total='total_postings', pct='pct_of_postings', share='share_of_postings') %}
{#- pct = 100 × frequency / total rounded half away from zero, and share = frequency / total.
    Recomputed here with a formula of its own (floor(x + 0.5), exact for these values), not
    the macro the models use, so a wrong macro is caught too. -#}
with checked as (

    select
        {% for key in key_columns %}{{ key }}, {% endfor %}
        {{ frequency }} as frequency,
        {{ total }} as total_postings,
        {{ pct }} as pct_of_postings,
        floor(100.0 * {{ frequency }} / {{ total }} + 0.5) as expected_pct_of_postings,
        {{ share }} as share_of_postings,
        cast({{ frequency }} as double) / {{ total }} as expected_share_of_postings
    from {{ model }}
    where {{ total }} > 0

)

select *
from checked
where
    pct_of_postings is null
    or pct_of_postings <> expected_pct_of_postings
    or share_of_postings is null
    or abs(share_of_postings - expected_share_of_postings) > 1e-12
{% endtest %}
