{#- A value as a SQL string literal, escaped for the engine: the one way a user-given string
    (a path, a role name, a column name compared as data) reaches SQL as data. -#}

{% macro string_literal(value) -%}
    {{ return(adapter.dispatch('string_literal', 'job_skills')(value)) }}
{%- endmacro %}

{% macro default__string_literal(value) -%}
    {#- standard SQL: a quote is written twice; DuckDB reads a backslash as itself -#}
    '{{ value | string | replace("'", "''") }}'
{%- endmacro %}

{% macro spark__string_literal(value) -%}
    {#- Spark SQL reads a backslash as an escape inside literals: escape both -#}
    '{{ value | string | replace("\\", "\\\\") | replace("'", "\\'") }}'
{%- endmacro %}
