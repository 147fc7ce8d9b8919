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
    {#- A stable key from a skill name: lower-cased, runs of other characters replaced by `_`,
        keeping + # . so that C, C++ and C# stay distinct. -#}
    trim({{ regex_replace_all("lower(trim(" ~ name ~ "))", "'[^a-z0-9+#.]+'", "'_'") }}, '_')
{%- endmacro %}
