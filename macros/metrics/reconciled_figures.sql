{% macro reconciled_figures(figures, known_discrepancies) -%}
    {#- A published table's figures compared, one row per figure: `figures` holds published_table,
        item_name, measure, published_value and computed_value (text, as printed; null where one
        side lacks the figure); `known_discrepancies` is stg_published__known_discrepancies.
        Emits the select of the reconciliation marts (fct_reconciliation_*), in their column order. -#}
    {%- set reconciliation_id = figures ~ ".published_table || ':' || " ~ figures ~ ".item_name || ':' || "
        ~ figures ~ ".measure" -%}
    select
        {{ reconciliation_id }} as reconciliation_id,
        {{ string_literal(var('published_role')) }} as role,
        {{ figures }}.published_table,
        {{ figures }}.item_name,
        {{ figures }}.measure,
        {{ figures }}.published_value,
        {{ figures }}.computed_value,
        case
            when {{ figures }}.published_value is null then 'missing in published'
            when {{ figures }}.computed_value is null then 'missing in computed'
            when {{ figures }}.published_value = {{ figures }}.computed_value then 'match'
            else 'mismatch'
        end as status,
        {{ known_discrepancies }}.explanation as discrepancy_explanation,
        coalesce({{ figures }}.published_value = {{ figures }}.computed_value, false) as is_match,
        coalesce(
            {{ figures }}.published_value <> {{ figures }}.computed_value
            and {{ figures }}.published_value = {{ known_discrepancies }}.published_value
            and {{ figures }}.computed_value = {{ known_discrepancies }}.computed_value,
            false
        ) as is_known_discrepancy
    from {{ figures }}
    left join {{ known_discrepancies }}
        on {{ reconciliation_id }} = {{ known_discrepancies }}.reconciliation_id
{%- endmacro %}
