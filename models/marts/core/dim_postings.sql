with postings as (

    select * from {{ ref('int_postings_deduplicated') }}

),

titles as (

    select * from {{ ref('int_titles_classified') }}

),

postings_with_seniority as (

    select
        postings.*,
        titles.seniority,
        titles.seniority_order
    from postings
    left join titles
        on postings.title = titles.title

),

{# bands ordered by size: lower bound, then upper (an open band last), then name; a band that
    does not parse after those that do. Ranked once per distinct (bounds, band), then joined to
    the postings: a window over every posting sorts the whole wide rows, on one thread (the
    window has no partition). A dense rank depends only on the distinct values ranked. #}
bands as (

    select
        org_size_min_employees,
        org_size_max_employees,
        org_size_band,
        dense_rank() over (
            order by
                org_size_min_employees asc nulls last,
                coalesce(org_size_max_employees, {{ open_band_upper_bound() }}) asc nulls last,
                org_size_band asc nulls last
        ) as band_rank
    from (
        select distinct
            org_size_min_employees,
            org_size_max_employees,
            org_size_band
        from postings
    ) as distinct_bands

),

band_ranked as (

    {#- the rank is used only where the band is stated, so only those postings need one -#}
    select
        postings_with_seniority.*,
        bands.band_rank
    from postings_with_seniority
    left join bands
        on
            postings_with_seniority.org_size_band = bands.org_size_band
            and postings_with_seniority.org_size_min_employees is not distinct from bands.org_size_min_employees
            and postings_with_seniority.org_size_max_employees is not distinct from bands.org_size_max_employees

),

final as (

    select
        posting_id,
        role,
        seniority,
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
        {#- bigint on every engine (Spark's ranks are int) -#}
        cast(case when org_size_band is not null then band_rank end as bigint) as org_size_sort_key,
        team_size,
        seniority_order,
        posting_year,
        is_distributed_team,
        posted_date,
        salary_text,
        salary_min,
        salary_max,
        salary_period,
        {{ salary_midpoint('salary_min', 'salary_max') }} as salary_midpoint
    from band_ranked

)

select * from final
