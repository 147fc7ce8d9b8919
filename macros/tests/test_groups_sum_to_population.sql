{% test groups_sum_to_population(model, population_model, total='total_postings', population_key='posting_id') %}
{#- The groups of a one-row-per-group model (e.g. roles) partition the population: their
    totals add up to the distinct keys of the population model. -#}
with group_totals as (

    select sum({{ total }}) as sum_of_group_totals from {{ model }}

),

population as (

    select count(distinct {{ population_key }}) as population_size from {{ population_model }}

)

select
    group_totals.sum_of_group_totals,
    population.population_size
from group_totals
cross join population
where coalesce(group_totals.sum_of_group_totals, 0) <> population.population_size
{% endtest %}
