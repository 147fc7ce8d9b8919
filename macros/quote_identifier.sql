{% macro quote_identifier(name) -%}
    {#- A column name from user configuration, as a safely quoted SQL identifier: embedded quote
        characters are doubled, so `x" ; drop table y; --` stays one (non-existent) column name. -#}
    {{ return(adapter.dispatch('quote_identifier', 'job_skills')(name)) }}
{%- endmacro %}

{% macro default__quote_identifier(name) -%}
    "{{ name | string | replace('"', '""') }}"
{%- endmacro %}

{% macro spark__quote_identifier(name) -%}
    {#- Spark quotes identifiers with backticks -#}
    `{{ name | string | replace('`', '``') }}`
{%- endmacro %}

{% macro is_user_mode() -%}
    {#- True when the build reads the user's postings (var postings_path) instead of the sample. -#}
    {{ return(var('postings_path', none) is not none) }}
{%- endmacro %}

{% macro skill_id_from_name(name) -%}
    {#- A stable, readable key from a skill name, in any script: the name in Unicode NFC form,
        lower-cased, runs of characters other than letters, combining marks and digits (of any
        script) or + # . replaced by `_`, `_` trimmed from both ends; so C, C++ and C# stay
        distinct, "Анализ данных" is `анализ_данных` and ASCII names keep the ids they always had.
        A name with no such character at all ("—", "!!") would give '': it gets `_` and the first
        12 hex digits of its hash instead, which no readable id can equal (none starts with `_`).
        Two names giving one id are named by the data test names_give_distinct_ids. -#}
    {%- set readable = trim_characters(regex_replace_all(
        "lower(" ~ unicode_nfc("trim(" ~ name ~ ")") ~ ")", string_literal("[^\\pL\\pM\\pN+#.]+"), "'_'"
    ), "'_'") -%}
    coalesce(nullif({{ readable }}, ''), '_' || left({{ dbt.hash(name) }}, 12))
{%- endmacro %}

{% macro unicode_nfc(text) -%}
    {{ return(adapter.dispatch('unicode_nfc', 'job_skills')(text)) }}
{%- endmacro %}

{% macro default__unicode_nfc(text) -%}
    {#- Engines without a normalisation function keep the text as written. -#}
    {{ text }}
{%- endmacro %}

{% macro duckdb__unicode_nfc(text) -%}
    nfc_normalize({{ text }})
{%- endmacro %}

{% macro trim_characters(text, characters) -%}
    {#- The text without the given characters (a SQL string) at either end. -#}
    {{ return(adapter.dispatch('trim_characters', 'job_skills')(text, characters)) }}
{%- endmacro %}

{% macro default__trim_characters(text, characters) -%}
    trim({{ text }}, {{ characters }})
{%- endmacro %}

{% macro spark__trim_characters(text, characters) -%}
    {#- Spark's two-argument trim takes the characters first; btrim takes them second -#}
    btrim({{ text }}, {{ characters }})
{%- endmacro %}
