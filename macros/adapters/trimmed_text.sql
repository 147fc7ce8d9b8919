{#- Trimming long texts (descriptions) without reading them whole. -#}

{% macro trimmed_text(text) -%}
    {{ return(adapter.dispatch('trimmed_text', 'job_skills')(text)) }}
{%- endmacro %}

{% macro default__trimmed_text(text) -%}
    trim({{ text }})
{%- endmacro %}

{% macro duckdb__trimmed_text(text) -%}
    {#- DuckDB's trim removes the space separators (Unicode category Zs, the 17 below: checked
        against every code point) at either end, but it finds the end by decoding every character
        of the text: most of the fingerprinting of a million descriptions went there. A text that
        neither starts nor ends with one of them is what trim would return, so it is returned as it
        is; only the others are trimmed. `text` is written many times: give a column, not a costly
        expression. -#}
    {%- set separators = [32, 160, 5760] + range(8192, 8203) | list + [8239, 8287, 12288] %}
    case
        when
            {%- for code in separators %}
                starts_with({{ text }}, chr({{ code }})) or ends_with({{ text }}, chr({{ code }}))
                {%- if not loop.last %} or{% endif %}
            {%- endfor %}
            then trim({{ text }})
        else {{ text }}
    end
{%- endmacro %}
