{% test published_figures_match(model, allow_known_discrepancies=false) %}
{#- Each published figure equals the computed one. With allow_known_discrepancies, mismatches
    documented in published_known_discrepancies (with the same values) are let through, so
    that test can run at severity error while the plain one warns about every mismatch. -#}
select
    reconciliation_id,
    published_value,
    computed_value,
    status,
    discrepancy_explanation
from {{ model }}
where
    status <> 'match'
    {% if allow_known_discrepancies %}and not is_known_discrepancy{% endif %}
{% endtest %}
