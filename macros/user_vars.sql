{#- Reading the user-input vars the same way everywhere. They are validated at the start of a
    run (macro validate_vars); these readers only make sure that a wrong type cannot crash the
    parse before that validation gets to name the var. -#}

{% macro postings_column_map() -%}
    {#- var postings_columns as a mapping (canonical field -> the file's column); {} when unset,
        or when it is not a mapping (validate_vars then stops the run naming it). -#}
    {%- set mapping = var('postings_columns', {}) -%}
    {{ return(mapping if mapping is mapping else {}) }}
{%- endmacro %}

{% macro description_column() -%}
    {#- The column of the user's file that holds the posting text. -#}
    {{ return(postings_column_map().get('description', 'description') | string) }}
{%- endmacro %}
