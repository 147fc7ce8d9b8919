with source as (

    select * from {{ ref('sample_postings') }}

),

renamed as (

    select
        trim(posting_id) as posting_id,
        trim(role) as role,
        trim(title) as title,
        trim(company) as company,
        trim(job_board) as job_board,
        trim(industry) as industry,
        trim(region) as region,
        trim(country) as country,
        trim(org_size_band) as org_size_band,
        trim(work_arrangement) as work_arrangement,
        org_size_min_employees,
        org_size_max_employees,
        team_size,
        is_distributed_team,
        posted_date
    from source

)

select * from renamed
