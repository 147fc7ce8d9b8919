{#- Every input posting row, classified as accepted, deduplicated (an exact repeat of an
    accepted row) or quarantined (with the reason). Nothing is dropped here: the row
    accounting mart checks that input rows = accepted + deduplicated + quarantined. -#}

with postings as (

    select * from {{ ref('stg_sample__postings') }}

),

fingerprinted as (

    select
        *,
        {{ dbt.hash(dbt.concat([
            "coalesce(role, '')", "'|'", "coalesce(title, '')", "'|'", "coalesce(company, '')", "'|'",
            "coalesce(job_board, '')", "'|'", "coalesce(industry, '')", "'|'", "coalesce(region, '')", "'|'",
            "coalesce(country, '')", "'|'", "coalesce(org_size_band, '')", "'|'",
            "coalesce(work_arrangement, '')", "'|'",
            "coalesce(cast(org_size_min_employees as varchar), '')", "'|'",
            "coalesce(cast(org_size_max_employees as varchar), '')", "'|'",
            "coalesce(cast(team_size as varchar), '')", "'|'",
            "coalesce(cast(is_distributed_team as varchar), '')", "'|'",
            "coalesce(cast(posted_date as varchar), '')"
        ])) }} as content_hash
    from postings

),

numbered as (

    select
        *,
        row_number() over (order by posting_id, content_hash) as input_row_number,
        count(distinct content_hash) over (partition by posting_id) as versions_of_posting_id,
        row_number() over (partition by posting_id, content_hash order by content_hash) as copy_number
    from fingerprinted

),

classified as (

    select
        *,
        case
            when posting_id is null or posting_id = '' then 'missing posting_id'
            when role is null or role = '' then 'missing role'
            when versions_of_posting_id > 1 then 'posting_id repeated with different content'
        end as quarantine_reason
    from numbered

),

final as (

    select
        input_row_number,
        posting_id,
        content_hash,
        role,
        title,
        company,
        job_board,
        industry,
        region,
        country,
        org_size_band,
        work_arrangement,
        quarantine_reason,
        case
            when quarantine_reason is not null then 'quarantined'
            when copy_number > 1 then 'deduplicated'
            else 'accepted'
        end as row_status,
        org_size_min_employees,
        org_size_max_employees,
        team_size,
        is_distributed_team,
        posted_date
    from classified

)

select * from final
