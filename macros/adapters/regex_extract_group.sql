{#- The text of one capture group of the first match of a regular expression, null when it does
    not match or the group is empty (DuckDB and Spark both return '' then). -#}

{% macro regex_extract_group(text, pattern, group=1) -%}
    {{ return(adapter.dispatch('regex_extract_group', 'job_skills')(text, pattern, group)) }}
{%- endmacro %}

{% macro default__regex_extract_group(text, pattern, group) -%}
    nullif(regexp_extract({{ text }}, {{ pattern }}, {{ group }}), '')
{%- endmacro %}

{% macro spark__regex_extract_group(text, pattern, group) -%}
    nullif(regexp_extract({{ text }}, {{ pattern }}, {{ group }}), '')
{%- endmacro %}
