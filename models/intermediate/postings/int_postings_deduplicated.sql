{{ config(materialized='view') }}

with classified_postings as (

    select * from {{ ref('int_postings_classified') }}

),

final as (

    select
        posting_id,
        role,
        title,
        company,
        job_board,
        industry,
        region,
        country,
        org_size_band,
        work_arrangement,
        description_hash,
        description_length,
        input_file,
        input_file_row_number,
        org_size_min_employees,
        org_size_max_employees,
        team_size,
        cast(extract(year from posted_date) as integer) as posting_year,
        is_distributed_team,
        posted_date
    from classified_postings
    where row_status = 'accepted'

)

select * from final
