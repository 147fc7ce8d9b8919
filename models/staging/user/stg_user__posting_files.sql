{{ config(materialized=user_file_materialization()) }}

{#- The files var postings_path names, with their size and modification time (what incremental
    fingerprinting compares). With postings_path unset, an empty relation of the same shape. -#}

{%- set path = var('postings_path', none) %}

with files as (

    {% if path is none -%}
        select
            cast(null as {{ dbt.type_string() }}) as input_file,
            cast(null as bigint) as input_file_bytes,
            cast(null as {{ type_timestamp_tz() }}) as input_file_modified_at
        where false
    {%- else -%}
        {%- do source('user_postings', 'postings') -%}
        select
            file_name as input_file,
            file_bytes as input_file_bytes,
            file_modified_at as input_file_modified_at
        from {{ list_input_files(path) }}
    {%- endif %}

)

select * from files
