{#- Lists of words, the way matching handles a text's tokens. DuckDB has list functions and
    lambdas; each is used only through one of these macros, so another engine adds its own
    `<adapter>__` versions (Spark: split, size, concat, transform, filter, explode). -#}

{% macro split_to_list(text, delimiter) -%}
    {#- The text split at every occurrence of the delimiter (a SQL string expression), as a list. -#}
    {{ return(adapter.dispatch('split_to_list', 'job_skills')(text, delimiter)) }}
{%- endmacro %}

{% macro default__split_to_list(text, delimiter) -%}
    {{ exceptions.raise_compiler_error("split_to_list is not implemented for adapter " ~ adapter.type()) }}
{%- endmacro %}

{% macro duckdb__split_to_list(text, delimiter) -%}
    string_split({{ text }}, {{ delimiter }})
{%- endmacro %}

{% macro spark__split_to_list(text, delimiter) -%}
    {#- Spark's split takes a regular expression: the delimiter is quoted as a literal (\Q...\E) -#}
    split({{ text }}, concat('\\Q', {{ delimiter }}, '\\E'), -1)
{%- endmacro %}


{% macro list_size(list) -%}
    {#- The number of elements of a list. -#}
    {{ return(adapter.dispatch('list_size', 'job_skills')(list)) }}
{%- endmacro %}

{% macro default__list_size(list) -%}
    {{ exceptions.raise_compiler_error("list_size is not implemented for adapter " ~ adapter.type()) }}
{%- endmacro %}

{% macro duckdb__list_size(list) -%}
    len({{ list }})
{%- endmacro %}

{% macro spark__list_size(list) -%}
    size({{ list }})
{%- endmacro %}


{% macro list_concat(first, second) -%}
    {#- The elements of the first list, then those of the second. -#}
    {{ return(adapter.dispatch('list_concat', 'job_skills')(first, second)) }}
{%- endmacro %}

{% macro default__list_concat(first, second) -%}
    {{ exceptions.raise_compiler_error("list_concat is not implemented for adapter " ~ adapter.type()) }}
{%- endmacro %}

{% macro duckdb__list_concat(first, second) -%}
    list_concat({{ first }}, {{ second }})
{%- endmacro %}

{% macro spark__list_concat(first, second) -%}
    concat({{ first }}, {{ second }})
{%- endmacro %}


{% macro adjacent_pairs(list) -%}
    {#- Each pair of adjacent elements of a list of words, joined by one space, in order:
        ['a', 'b', 'c'] gives ['a b', 'b c']; a list of one element gives []. -#}
    {{ return(adapter.dispatch('adjacent_pairs', 'job_skills')(list)) }}
{%- endmacro %}

{% macro default__adjacent_pairs(list) -%}
    {{ exceptions.raise_compiler_error("adjacent_pairs is not implemented for adapter " ~ adapter.type()) }}
{%- endmacro %}

{% macro duckdb__adjacent_pairs(list) -%}
    {#- list_slice, not [:-1]: DuckDB's slice end is inclusive, so [:-1] kept the last element and
        every list gave one more pair, the last element joined to null (a null pair). -#}
    list_transform(
        list_zip(list_slice({{ list }}, 1, len({{ list }}) - 1), list_slice({{ list }}, 2, len({{ list }}))),
        lambda pair: pair[1] || ' ' || pair[2]
    )
{%- endmacro %}

{% macro spark__adjacent_pairs(list) -%}
    {#- element i joined to element i + 1 (transform's index is 0-based, element_at 1-based) -#}
    slice(
        transform({{ list }}, (word, i) -> word || ' ' || element_at({{ list }}, i + 2)),
        1, greatest(size({{ list }}) - 1, 0)
    )
{%- endmacro %}


{% macro list_filter_by_bloom(list, bloom_filter, bloom_bits) -%}
    {#- The elements of a list of words whose hash (macro gram_hash) is set in a Bloom filter
        (a bit string of bloom_bits bits, macro bloom_filter_agg); with a null filter every
        element is kept (the filter only saves work; it never decides what matches). -#}
    {{ return(adapter.dispatch('list_filter_by_bloom', 'job_skills')(list, bloom_filter, bloom_bits)) }}
{%- endmacro %}

{% macro default__list_filter_by_bloom(list, bloom_filter, bloom_bits) -%}
    {{ exceptions.raise_compiler_error("list_filter_by_bloom is not implemented for adapter " ~ adapter.type()) }}
{%- endmacro %}

{% macro duckdb__list_filter_by_bloom(list, bloom_filter, bloom_bits) -%}
    list_filter(
        {{ list }},
        lambda gram: coalesce(
            get_bit({{ bloom_filter }}, ({{ gram_hash('gram') }} % {{ bloom_bits }})::integer) = 1, true
        )
    )
{%- endmacro %}

{% macro spark__list_filter_by_bloom(list, bloom_filter, bloom_bits) -%}
    {#- every element: Spark builds no filter (macro spark__bloom_filter_agg) -#}
    {{ list }}
{%- endmacro %}


{% macro distinct_with_null(list) -%}
    {#- The distinct non-null elements of a list, then one null (which stands for the list itself
        once it is unnested: a row even when nothing else is left). -#}
    {{ return(adapter.dispatch('distinct_with_null', 'job_skills')(list)) }}
{%- endmacro %}

{% macro default__distinct_with_null(list) -%}
    {{ exceptions.raise_compiler_error("distinct_with_null is not implemented for adapter " ~ adapter.type()) }}
{%- endmacro %}

{% macro duckdb__distinct_with_null(list) -%}
    list_append(list_distinct({{ list }}), null)
{%- endmacro %}

{% macro spark__distinct_with_null(list) -%}
    {#- Spark's array_distinct keeps one null where DuckDB's list_distinct drops them -#}
    array_append(array_distinct(filter({{ list }}, element -> element is not null)), null)
{%- endmacro %}


{% macro unnest_list(list) -%}
    {#- One row per element of a list, in a select list: select key, {{ unnest_list('l') }} as x. -#}
    {{ return(adapter.dispatch('unnest_list', 'job_skills')(list)) }}
{%- endmacro %}

{% macro default__unnest_list(list) -%}
    {{ exceptions.raise_compiler_error("unnest_list is not implemented for adapter " ~ adapter.type()) }}
{%- endmacro %}

{% macro duckdb__unnest_list(list) -%}
    unnest({{ list }})
{%- endmacro %}

{% macro spark__unnest_list(list) -%}
    explode({{ list }})
{%- endmacro %}


{% macro list_agg(expression) -%}
    {#- Aggregate: the group's values as a list (in no particular order). -#}
    {{ return(adapter.dispatch('list_agg', 'job_skills')(expression)) }}
{%- endmacro %}

{% macro default__list_agg(expression) -%}
    {{ exceptions.raise_compiler_error("list_agg is not implemented for adapter " ~ adapter.type()) }}
{%- endmacro %}

{% macro duckdb__list_agg(expression) -%}
    list({{ expression }})
{%- endmacro %}

{% macro spark__list_agg(expression) -%}
    {#- collect_list skips nulls (DuckDB's list keeps them): callers pass values that are never null -#}
    collect_list({{ expression }})
{%- endmacro %}

