{% macro record_invocation_start() -%}
    {#- Records that a dbt command started writing the warehouse. (Filled in by the publish change.) -#}
{%- endmacro %}

{% macro record_invocation_end(results) -%}
    {#- Records how the dbt command ended. (Filled in by the publish change.) -#}
{%- endmacro %}
