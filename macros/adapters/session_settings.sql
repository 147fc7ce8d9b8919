{#- Session state a model's hooks set and reset. -#}

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

{% macro spark__set_session_value(name, query) -%}
    {#- a temporary view of the session (Spark's variables take no query as their value) -#}
    create or replace temporary view {{ name }} as {{ query }}
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

{% macro spark__reset_session_value(name) -%}
    drop view if exists {{ name }}
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

{% macro spark__session_value(name) -%}
    (select * from {{ name }})
{%- endmacro %}


{#- The small side of a join as its build side, whatever the engine estimates: word-mode
    matching joins millions of (posting, anchor) rows to a few thousand anchors. DuckDB only
    allows this globally (a model running beside on the other dbt thread is planned without
    that optimizer too: plans change, results do not); engines without the setting do nothing. -#}

{% macro keep_small_build_side() -%}
    {{ return(adapter.dispatch('keep_small_build_side', 'job_skills')()) }}
{%- endmacro %}

{% macro default__keep_small_build_side() -%}
    select 1
{%- endmacro %}

{% macro duckdb__keep_small_build_side() -%}
    set disabled_optimizers = 'build_side_probe_side'
{%- endmacro %}

{% macro reset_small_build_side() -%}
    {{ return(adapter.dispatch('reset_small_build_side', 'job_skills')()) }}
{%- endmacro %}

{% macro default__reset_small_build_side() -%}
    select 1
{%- endmacro %}

{% macro duckdb__reset_small_build_side() -%}
    reset disabled_optimizers
{%- endmacro %}
