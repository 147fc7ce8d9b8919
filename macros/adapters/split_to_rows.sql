{#- One row per element of a delimited string column: select ..., {{ split_to_rows('aliases', '|') }} as alias. -#}

{% macro split_to_rows(column, delimiter) -%}
    {{ return(adapter.dispatch('split_to_rows', 'job_skills')(column, delimiter)) }}
{%- endmacro %}

{% macro default__split_to_rows(column, delimiter) -%}
    {{ unnest_list(split_to_list(column, string_literal(delimiter))) }}
{%- endmacro %}

{% macro spark__split_to_rows(column, delimiter) -%}
    explode(split({{ column }}, '\\{{ delimiter }}'))
{%- endmacro %}
