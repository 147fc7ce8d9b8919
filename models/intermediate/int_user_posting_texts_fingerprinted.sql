{{ config(
    enabled=is_user_mode(),
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='input_file',
    on_schema_change='fail',
    post_hook="delete from {{ this }} where input_file not in (select distinct input_file from {{ ref('stg_user__postings') }})"
) }}

{#- One row per input row of the user's postings: what the classification needs to know of its
    description (length, a hash as written, a hash after normalising case and white space),
    computed once per file. Incremental: a run reads only files that are new or changed (size or
    modification time) since the last run, named in the query so that the reader skips the
    others; rows of files that are gone are deleted. -#}

with postings as (

    select
        input_file,
        input_file_row_number,
        input_file_bytes,
        input_file_modified_at,
        nullif(trim(description), '') as description
    from {{ ref('stg_user__postings') }}
    {% if is_incremental() -%}
        where input_file in ({{ files_to_fingerprint(source('user_postings', 'postings'), this) }})
    {%- endif %}

),

final as (

    select
        input_file,
        input_file_row_number,
        input_file_bytes,
        input_file_modified_at,
        length(description) as description_length,
        {{ dbt.hash('description') }} as description_hash,
        case when description is not null then {{ dbt.hash(normalized_text('description')) }} end
            as normalized_description_hash
    from postings

)

select * from final
