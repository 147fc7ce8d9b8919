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


{#- A value kept in the session for one model's statement: set by a pre-hook from a query, read
    by the model as a constant (DuckDB inlines it at bind time, where a column of a cross join
    would be read row by row: measured 4 times slower for the Bloom filter). A value not set reads
    as null, so the model must work without it (as it does in unit tests, which run no hooks). -#}

{% macro set_session_value(name, query) -%}
    {{ return(adapter.dispatch('set_session_value', 'job_skills')(name, query)) }}
{%- endmacro %}

{% macro default__set_session_value(name, query) -%}
    {{ exceptions.raise_compiler_error("set_session_value is not implemented for adapter " ~ adapter.type()) }}
{%- endmacro %}

{% macro duckdb__set_session_value(name, query) -%}
    set variable {{ name }} = ({{ query }})
{%- endmacro %}

{% macro reset_session_value(name) -%}
    {{ return(adapter.dispatch('reset_session_value', 'job_skills')(name)) }}
{%- endmacro %}

{% macro default__reset_session_value(name) -%}
    {{ exceptions.raise_compiler_error("reset_session_value is not implemented for adapter " ~ adapter.type()) }}
{%- endmacro %}

{% macro duckdb__reset_session_value(name) -%}
    reset variable {{ name }}
{%- endmacro %}

{% macro session_value(name) -%}
    {{ return(adapter.dispatch('session_value', 'job_skills')(name)) }}
{%- endmacro %}

{% macro default__session_value(name) -%}
    {{ exceptions.raise_compiler_error("session_value is not implemented for adapter " ~ adapter.type()) }}
{%- endmacro %}

{% macro duckdb__session_value(name) -%}
    getvariable('{{ name }}')
{%- endmacro %}
