{% test tier_matches_thresholds(model, key_columns, share='share_of_postings', tier='tier') %}
{#- The tier agrees with the threshold vars: Core at or above tier_core_min_share, Important
    at or above tier_important_min_share, else Secondary. -#}
with checked as (

    select
        {% for key in key_columns %}{{ key }}, {% endfor %}
        {{ share }} as share_of_postings,
        {{ tier }} as tier,
        case
            when {{ share }} >= {{ var('tier_core_min_share') }} then 'Core'
            when {{ share }} >= {{ var('tier_important_min_share') }} then 'Important'
            when {{ share }} is not null then 'Secondary'
        end as expected_tier
    from {{ model }}

)

select *
from checked
where coalesce(tier, '(null)') <> coalesce(expected_tier, '(null)')
{% endtest %}
