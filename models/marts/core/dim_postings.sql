with postings as (

    select * from {{ ref('int_postings_deduplicated') }}

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
        org_size_min_employees,
        org_size_max_employees,
        team_size,
        posting_year,
        is_distributed_team,
        posted_date
    from postings

)

select * from final
