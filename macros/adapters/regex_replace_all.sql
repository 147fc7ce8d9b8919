{#- Replace every match of a regular expression (DuckDB needs the 'g' flag; Spark replaces all). -#}

{% macro regex_replace_all(text, pattern, replacement) -%}
    {{ return(adapter.dispatch('regex_replace_all', 'job_skills')(text, pattern, replacement)) }}
{%- endmacro %}

{% macro default__regex_replace_all(text, pattern, replacement) -%}
    regexp_replace({{ text }}, {{ pattern }}, {{ replacement }}, 'g')
{%- endmacro %}

{% macro spark__regex_replace_all(text, pattern, replacement) -%}
    regexp_replace({{ text }}, {{ pattern }}, {{ replacement }})
{%- endmacro %}


{% macro normalized_text(expression) -%}
    {#- Lower-cased, runs of white space made one space, null as '': how duplicates are compared
        and title rules are matched. Only runs that are not already one space are replaced (the
        same result as replacing every run, with far fewer matches on long texts). -#}
    lower(trim({{ regex_replace_all("coalesce(" ~ expression ~ ", '')", string_literal("[\\t\\n\\f\\r ]{2,}|[\\t\\n\\f\\r]"), "' '") }}))
{%- endmacro %}
