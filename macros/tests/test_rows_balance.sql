{% test rows_balance(model) %}
{#- Nothing is dropped silently: rows_in = rows_accepted + rows_deduplicated + rows_quarantined. -#}
select
    input_name,
    rows_in,
    rows_accepted,
    rows_deduplicated,
    rows_quarantined
from {{ model }}
where rows_in <> rows_accepted + rows_deduplicated + rows_quarantined
{% endtest %}
