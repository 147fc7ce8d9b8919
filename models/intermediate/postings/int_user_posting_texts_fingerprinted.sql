{{ config(
    materialized=rescan_materialization(),
    incremental_strategy='delete+insert',
    unique_key='input_file',
    on_schema_change='fail',
    post_hook="{% if is_incremental() %}delete from {{ this }} where input_file not in (select distinct input_file from {{ ref('stg_user__postings') }}){% endif %}"
) }}

{#- One row per input row of the user's postings: what the classification needs to know of its
    description (length, a hash as written, a hash after normalising case and white space),
    computed once per file. Incremental (on DuckDB; macro rescan_materialization): a run reads
    only files that are new or changed (size or modification time) since the last run, or read
    from another description column (var postings_columns), named in the query so that the
    reader skips the others; rows of files
    that are gone are deleted. A file modified within 2 seconds before it was last read is read
    again (a same-size edit within the file clock's resolution would otherwise go unseen).
    With var postings_path unset it reads nothing (staging is empty). -#}

{#- the file's path reaches SQL as an escaped literal (staging lists the files) -#}
{%- set path = var('postings_path', none) -%}
{%- set text_column = description_column() %}

with files as (

    select * from {{ ref('stg_user__posting_files') }}

),

postings as (

    select
        staged.input_file,
        staged.input_file_row_number,
        files.input_file_bytes,
        files.input_file_modified_at,
        nullif({{ trimmed_text('staged.description') }}, '') as description
    from {{ ref('stg_user__postings') }} as staged
    left join files
        on staged.input_file = files.input_file
    {% if is_incremental() -%}
        where staged.input_file in ({{ files_to_fingerprint(path, this, text_column) }})
    {%- endif %}

),

final as (

    select
        input_file,
        {{ string_literal(text_column) }} as description_column,
        {{ dbt.hash('description') }} as description_hash,
        case when description is not null then {{ dbt.hash(normalized_text('description')) }} end
            as normalized_description_hash,
        input_file_row_number,
        input_file_bytes,
        length(description) as description_length,
        input_file_modified_at,
        now() as fingerprinted_at
    from postings

)

select * from final
