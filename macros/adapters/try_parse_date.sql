{#- A date from text in the formats postings use, or null when it does not parse: ISO
    (2024-03-01), 03/01/2024, 01.03.2024, 2024/03/01, "March 1, 2024", "Mar 1, 2024". -#}

{% macro try_parse_date(text) -%}
    {{ return(adapter.dispatch('try_parse_date', 'job_skills')(text)) }}
{%- endmacro %}

{% macro default__try_parse_date(text) -%}
    coalesce(
        try_cast({{ text }} as date),
        try_cast(try_strptime({{ text }}, ['%m/%d/%Y', '%d.%m.%Y', '%Y/%m/%d', '%B %d, %Y', '%b %d, %Y']) as date)
    )
{%- endmacro %}

{% macro spark__try_parse_date(text) -%}
    coalesce(
        try_to_date({{ text }}), try_to_date({{ text }}, 'MM/dd/yyyy'), try_to_date({{ text }}, 'dd.MM.yyyy'),
        try_to_date({{ text }}, 'yyyy/MM/dd'), try_to_date({{ text }}, 'MMMM d, yyyy'), try_to_date({{ text }}, 'MMM d, yyyy')
    )
{%- endmacro %}
