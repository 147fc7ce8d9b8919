{#- The definitions of docs/analyses.md ("Skills that go together"), written once. A pair's
    figures come from three counts of one role: the postings asking for both skills (both), for
    the first skill (first), for the second (second), and the role's postings (total). -#}

{% macro conditional_share(both, first) -%}
    {#- P(second | first): of the postings asking for the first skill, the share asking for the second too. -#}
    {{ share_of_postings(both, first) }}
{%- endmacro %}

{% macro lift(both, first, second, total) -%}
    {#- P(both) / (P(first) * P(second)) = both * total / (first * second): 1 when the two skills
        are asked for independently of each other, above 1 when together more often than that. -#}
    (cast({{ both }} as double) * {{ total }} / nullif(cast({{ first }} as double) * {{ second }}, 0))
{%- endmacro %}

{% macro cooccurrence_metrics(both, first, second, total) -%}
    {#- The columns beside every pair count, in house order. The interval is the 95% Wilson
        interval of the conditional share (both of first), the frequency marts' interval. -#}
    {{ share_of_postings(both, total) }} as share_of_postings,
    {{ conditional_share(both, first) }} as conditional_share,
    {{ wilson_bound(both, first, 'lower') }} as conditional_lower,
    {{ wilson_bound(both, first, 'upper') }} as conditional_upper,
    {{ lift(both, first, second, total) }} as lift,
    ({{ first }} < {{ var('small_sample_max_postings') }}) as is_small_sample
{%- endmacro %}

{% macro cooccurrence_min_postings() -%}
    {#- var cooccurrence_min_postings, checked where it is used as well as at the start of a run
        (validate_vars): a whole number of at least 1, so no other text reaches the SQL. -#}
    {%- set value = var('cooccurrence_min_postings') -%}
    {%- if value is boolean or value is not integer or value < 1 -%}
        {{ exceptions.raise_compiler_error("var cooccurrence_min_postings must be a whole number of at least 1, got " ~ describe_var_value(value)) }}
    {%- endif -%}
    {{ return(value) }}
{%- endmacro %}
