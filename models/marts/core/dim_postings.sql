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
        city,
        state_or_region,
        state_code,
        country,
        country_code,
        org_size_band,
        work_arrangement,
        org_size_min_employees,
        org_size_max_employees,
        {#- bands ordered by size: lower bound, then upper (an open band last), then name; a band
            that does not parse after those that do; null where the band is not stated -#}
        case
            when org_size_band is not null then dense_rank() over (
                order by
                    org_size_min_employees asc nulls last,
                    coalesce(org_size_max_employees, {{ open_band_upper_bound() }}) asc nulls last,
                    org_size_band asc nulls last
            )
        end as org_size_sort_key,
        team_size,
        posting_year,
        is_distributed_team,
        posted_date
    from postings

)

select * from final
