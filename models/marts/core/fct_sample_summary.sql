with postings as (

    select * from {{ ref('dim_postings') }}

),

role_totals as (

    select * from {{ ref('int_role_totals_aggregated') }}

),

mentions as (

    select * from {{ ref('int_mentions_deduplicated') }}

),

postings_with_skill as (

    select distinct posting_id
    from mentions
    where item_type = 'skill'

),

gaps as (

    select
        postings.role,
        count(case when postings_with_skill.posting_id is null then 1 end) as postings_without_skill,
        count(case when postings.posted_date is null then 1 end) as postings_without_date,
        count(postings.salary_midpoint) as postings_with_salary,
        count(case
            when postings.salary_text is not null and postings.salary_min is null and postings.salary_max is null
                then 1
        end) as salary_texts_not_parsed,
        count(case
            when
                postings.salary_midpoint is null
                and (postings.salary_min is not null or postings.salary_max is not null)
                then 1
        end) as salary_texts_one_bound
    from postings
    left join postings_with_skill
        on postings.posting_id = postings_with_skill.posting_id
    group by postings.role

),

largest_band as (

    select
        role,
        org_size_band,
        row_number() over (
            partition by role order by org_size_min_employees desc, org_size_band asc
        ) as band_rank
    from postings

),

summary as (

    select
        role,
        count(distinct region) as region_count,
        count(distinct country) as country_count,
        count(distinct industry) as industry_count,
        count(distinct job_board) as job_board_count,
        count(distinct company) as company_count,
        min(org_size_min_employees) as org_size_min_employees,
        max(org_size_max_employees) as org_size_max_employees,
        max(case when org_size_max_employees is null then 1 else 0 end) = 1 as has_open_ended_org_size,
        min(team_size) as team_size_min,
        max(team_size) as team_size_max,
        min(posting_year) as first_posting_year,
        max(posting_year) as last_posting_year,
        count(case when is_distributed_team then 1 end) as distributed_team_postings,
        min(posted_date) as first_posted_date,
        max(posted_date) as last_posted_date
    from postings
    group by role

),

final as (

    select
        summary.role,
        largest_band.org_size_band as org_size_max_band,
        role_totals.total_postings,
        summary.region_count,
        summary.country_count,
        summary.industry_count,
        summary.job_board_count,
        summary.company_count,
        summary.org_size_min_employees,
        case when not summary.has_open_ended_org_size then summary.org_size_max_employees end as org_size_max_employees,
        summary.team_size_min,
        summary.team_size_max,
        summary.first_posting_year,
        summary.last_posting_year,
        summary.distributed_team_postings,
        summary.has_open_ended_org_size,
        summary.first_posted_date,
        summary.last_posted_date,
        gaps.postings_without_skill,
        gaps.postings_without_date,
        gaps.postings_with_salary,
        gaps.salary_texts_not_parsed,
        gaps.salary_texts_one_bound,
        (role_totals.total_postings < {{ var('small_sample_max_postings') }}) as is_small_sample
    from summary
    inner join role_totals
        on summary.role = role_totals.role
    inner join gaps
        on summary.role = gaps.role
    inner join largest_band
        on
            summary.role = largest_band.role
            and largest_band.band_rank = 1

)

select * from final
