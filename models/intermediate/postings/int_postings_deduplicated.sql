{{ config(materialized='view') }}

{#- One row per accepted posting, in the canonical posting layout (macro posting_columns) without
    the classification's bookkeeping, with its posting year. -#}

with classified_postings as (

    select * from {{ ref('int_postings_classified') }}

),

final as (

    select
        {%- set bookkeeping = ['input_row_number', 'normalized_description_hash', 'posted_date_text'] %}
        {%- for name in posting_column_names(exclude=bookkeeping) %}
            {{ name }},
        {%- endfor %}
        cast(extract(year from posted_date) as integer) as posting_year
    from classified_postings
    where row_status = 'accepted'

)

select * from final
