{% macro generate_schema_name(custom_schema_name, node) -%}
    {#- Folder schemas (staging, intermediate, marts, seeds) are used as named, so BI
        tools see `marts.fct_skill_frequency` rather than `main_marts.fct_skill_frequency`. -#}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
