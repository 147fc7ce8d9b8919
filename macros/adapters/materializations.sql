{#- Types and materializations that differ by engine. -#}

{% macro type_timestamp_tz() -%}
    {#- An instant in time: DuckDB's timestamp with time zone; Spark's timestamp is one already
        (shown in the session's time zone). -#}
    {{ return(adapter.dispatch('type_timestamp_tz', 'job_skills')()) }}
{%- endmacro %}

{% macro default__type_timestamp_tz() -%}
    {{ return('timestamp with time zone') }}
{%- endmacro %}

{% macro spark__type_timestamp_tz() -%}
    {{ return('timestamp') }}
{%- endmacro %}


{% macro rescan_materialization() -%}
    {#- How a model that scans only what is new (incremental_strategy delete+insert, and a
        post-hook deleting rows no longer wanted) is materialized: incremental where the engine
        can delete rows from its tables. Spark's Parquet tables take no DELETE (a Delta Lake or
        Iceberg table would, with the merge strategy), so on Spark such a model is rebuilt whole
        on every run: the same rows, all scanned again. -#}
    {{ return(adapter.dispatch('rescan_materialization', 'job_skills')()) }}
{%- endmacro %}

{% macro default__rescan_materialization() -%}
    {{ return('incremental') }}
{%- endmacro %}

{% macro spark__rescan_materialization() -%}
    {{ return('table') }}
{%- endmacro %}


{% macro user_file_materialization() -%}
    {#- How a staging model that reads a user's file is materialized: a view reading the file in
        place on DuckDB; a table on Spark, whose reader is a temporary view of the session (macro
        spark__check_input_file) that a persistent view may not reference: the file is read once
        per build. -#}
    {{ return(adapter.dispatch('user_file_materialization', 'job_skills')()) }}
{%- endmacro %}

{% macro default__user_file_materialization() -%}
    {{ return('view') }}
{%- endmacro %}

{% macro spark__user_file_materialization() -%}
    {{ return('table') }}
{%- endmacro %}


{% macro row_number_as_read() -%}
    {#- Each row's number (from 1) in the order the engine reads the relation: a seed's or a
        file's row order. Spark requires an ordered window; monotonically_increasing_id()
        follows the read order (its files, then each file's rows). -#}
    {{ return(adapter.dispatch('row_number_as_read', 'job_skills')()) }}
{%- endmacro %}

{% macro default__row_number_as_read() -%}
    row_number() over ()
{%- endmacro %}

{% macro spark__row_number_as_read() -%}
    row_number() over (order by monotonically_increasing_id())
{%- endmacro %}


{% macro count_distinct_over(expression, partition_by) -%}
    {#- Window: the number of distinct non-null values of expression in the row's partition.
        Spark has no DISTINCT window aggregates; the size of the partition's set is the same. -#}
    {{ return(adapter.dispatch('count_distinct_over', 'job_skills')(expression, partition_by)) }}
{%- endmacro %}

{% macro default__count_distinct_over(expression, partition_by) -%}
    count(distinct {{ expression }}) over (partition by {{ partition_by }})
{%- endmacro %}

{% macro spark__count_distinct_over(expression, partition_by) -%}
    size(collect_set({{ expression }}) over (partition by {{ partition_by }}))
{%- endmacro %}
