{% macro validate_vars() -%}
    {#- Checks every var once, at the start of a run; raises one message naming the var, the
        value and what is allowed. (Filled in by the var-validation change.) -#}
{%- endmacro %}
