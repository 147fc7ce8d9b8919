{#- dbt's listagg on Spark drops the order_by_clause (with a warning); alias keys and contexts
    are their tokens in order, so this project's Spark version keeps it: Spark 4's listagg
    takes WITHIN GROUP (ORDER BY ...). dbt finds it first by the dispatch search order of the
    `dbt` namespace (dbt_project.yml). -#}

{% macro spark__listagg(measure, delimiter_text, order_by_clause, limit_num) -%}
    {%- if limit_num -%}
        {{ exceptions.raise_compiler_error("listagg with limit_num is not implemented for Spark here") }}
    {%- endif -%}
    listagg({{ measure }}, {{ delimiter_text }}){% if order_by_clause %} within group ({{ order_by_clause }}){% endif %}
{%- endmacro %}
