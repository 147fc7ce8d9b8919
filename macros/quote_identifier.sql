{% macro quote_identifier(name) -%}
    {#- A column name from user configuration, as a safely quoted SQL identifier: embedded double
        quotes are doubled, so `x" ; drop table y; --` stays one (non-existent) column name. -#}
    "{{ name | string | replace('"', '""') }}"
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
        Two names giving one id are stopped by check_skill_ids_distinct. -#}
    {%- set readable = "trim(" ~ regex_replace_all(
        "lower(" ~ unicode_nfc("trim(" ~ name ~ ")") ~ ")", "'[^\\pL\\pM\\pN+#.]+'", "'_'"
    ) ~ ", '_')" -%}
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

{% macro check_skill_ids_distinct(relation, label) -%}
    {#- Stops the build when two skill names of a taxonomy give one skill_id (macro
        skill_id_from_name), naming both names and the taxonomy: such names are the same skill
        written twice ("Data Science", "data-science") and would count its postings twice. -#}
    {#- (a unit test's inputs are fixtures (CTEs), not relations: nothing to look up there) -#}
    {%- if not execute or model.resource_type == 'unit_test' or load_relation(relation) is none -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set clashing = run_query(
        "select skill_id, skill_name from (select " ~ skill_id_from_name('skill_name') ~ " as skill_id, skill_name"
        ~ " from " ~ relation ~ " where skill_name is not null and skill_name <> '')"
        ~ " qualify count(*) over (partition by skill_id) > 1 order by skill_id, skill_name"
    ) -%}
    {%- if clashing.rows | length > 0 -%}
        {%- set first_id = clashing.rows[0][0] -%}
        {%- set names = [] -%}
        {%- for row in clashing.rows if row[0] == first_id -%}
            {%- do names.append('"' ~ row[1] ~ '"') -%}
        {%- endfor -%}
        {%- set others = (clashing.columns[0].values() | unique | list | length) - 1 -%}
        {{ exceptions.raise_compiler_error(
            label ~ ": skill names " ~ names | join(' and ') ~ " give the same skill_id '" ~ first_id
            ~ "'; merge them into one row or rename one"
            ~ (" (" ~ others ~ " more skill_id(s) clash the same way)" if others > 0 else "")
        ) }}
    {%- endif -%}
{%- endmacro %}
