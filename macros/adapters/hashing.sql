{#- Hashes and Bloom filters for the word matcher (macros/matching/word_mode.sql). -#}

{% macro gram_hash(text) -%}
    {#- A 64-bit hash of a word or a pair of words ("a b"): what anchors are found by. -#}
    {{ return(adapter.dispatch('gram_hash', 'job_skills')(text)) }}
{%- endmacro %}

{% macro default__gram_hash(text) -%}
    {{ exceptions.raise_compiler_error("gram_hash is not implemented for adapter " ~ adapter.type()) }}
{%- endmacro %}

{% macro duckdb__gram_hash(text) -%}
    hash({{ text }})
{%- endmacro %}

{% macro spark__gram_hash(text) -%}
    xxhash64({{ text }})
{%- endmacro %}


{% macro bloom_filter_bits() -%}
    {#- The size of the anchors' Bloom filter: 4,194,304 bits (512 KiB), about 16 bits per anchor
        for the largest taxonomies measured (O*NET's 8,745 technologies), fewer false positives
        for smaller ones. -#}
    {{ return(4194304) }}
{%- endmacro %}


{% macro bloom_filter_agg(hash_expression) -%}
    {#- Aggregate: a Bloom filter (one hash function) of the hashes, as a bit string of
        bloom_filter_bits() bits. -#}
    {{ return(adapter.dispatch('bloom_filter_agg', 'job_skills')(hash_expression)) }}
{%- endmacro %}

{% macro default__bloom_filter_agg(hash_expression) -%}
    {{ exceptions.raise_compiler_error("bloom_filter_agg is not implemented for adapter " ~ adapter.type()) }}
{%- endmacro %}

{% macro duckdb__bloom_filter_agg(hash_expression) -%}
    bitstring_agg(cast(({{ hash_expression }}) % {{ bloom_filter_bits() }} as bigint), 0, {{ bloom_filter_bits() - 1 }})
{%- endmacro %}

{% macro spark__bloom_filter_agg(hash_expression) -%}
    {#- No filter on Spark: the anchors are few enough to be broadcast to every task, and a
        broadcast hash join does what the filter saves DuckDB (macro spark__list_filter_by_bloom
        keeps every token). -#}
    cast(null as binary)
{%- endmacro %}
