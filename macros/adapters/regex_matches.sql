{#- True when text matches the regular expression (RE2 syntax on DuckDB, Java on Spark). -#}

{% macro regex_matches(text, pattern) -%}
    {{ return(adapter.dispatch('regex_matches', 'job_skills')(text, pattern)) }}
{%- endmacro %}

{% macro default__regex_matches(text, pattern) -%}
    regexp_like({{ text }}, {{ pattern }})
{%- endmacro %}

{% macro duckdb__regex_matches(text, pattern) -%}
    regexp_matches({{ text }}, {{ pattern }})
{%- endmacro %}

{% macro spark__regex_matches(text, pattern) -%}
    ({{ text }} rlike {{ pattern }})
{%- endmacro %}
