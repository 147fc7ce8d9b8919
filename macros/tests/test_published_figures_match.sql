{% test published_figures_match(model) %}
{#- Each published figure equals the computed one. Configured with severity warn: the
    published analysis is a hand-made document and may be wrong (its 96% is 95.45%). -#}
select
    reconciliation_id,
    published_value,
    computed_value,
    status
from {{ model }}
where status <> 'match'
{% endtest %}
