{#- Substring search. -#}

{% macro contains_text(text, part) -%}
    {#- True when part occurs in text (both SQL expressions), case as written. -#}
    {{ return(adapter.dispatch('contains_text', 'job_skills')(text, part)) }}
{%- endmacro %}

{% macro default__contains_text(text, part) -%}
    (instr({{ text }}, {{ part }}) > 0)
{%- endmacro %}

{% macro duckdb__contains_text(text, part) -%}
    contains({{ text }}, {{ part }})
{%- endmacro %}
