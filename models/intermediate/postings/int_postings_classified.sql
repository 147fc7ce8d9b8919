{#- Every input posting row, classified as accepted, deduplicated or quarantined (with the
    reason). Nothing is dropped here: the row accounting mart checks that input rows =
    accepted + deduplicated + quarantined. Reads the shipped sample, or the user's postings
    when var postings_path is set. -#}

{%- set max_chars = var('max_description_chars') %}

with

{% if is_user_mode() %}
    postings as (

        select
            posting_id,
            role,
            title,
            company,
            cast(null as varchar) as job_board,
            industry,
            location as region,
            cast(null as varchar) as country,
            org_size as org_size_band,
            cast(null as varchar) as work_arrangement,
            description_length,
            description_hash,
            normalized_description_hash,
            posted_date_text,
            'user_postings' as input_name,
            input_file,
            input_file_row_number,
            input_row_number,
            cast(null as integer) as org_size_min_employees,
            cast(null as integer) as org_size_max_employees,
            cast(null as integer) as team_size,
            cast(null as boolean) as is_distributed_team,
            posted_date
        from {{ ref('int_user_postings_normalized') }}

    ),
{% else %}
    postings as (

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
            cast(null as bigint) as description_length,
            cast(null as varchar) as description_hash,
            cast(null as varchar) as normalized_description_hash,
            cast(posted_date as varchar) as posted_date_text,
            'sample_postings' as input_name,
            cast(null as varchar) as input_file,
            cast(null as bigint) as input_file_row_number,
            row_number() over (order by posting_id) as input_row_number,
            org_size_min_employees,
            org_size_max_employees,
            team_size,
            is_distributed_team,
            posted_date
        from {{ ref('stg_sample__postings') }}

    ),
{% endif %}

fingerprinted as (

    select
        *,
        {{ dbt.hash(dbt.concat([
            "coalesce(role, '')", "'|'", "coalesce(title, '')", "'|'", "coalesce(company, '')", "'|'",
            "coalesce(job_board, '')", "'|'", "coalesce(industry, '')", "'|'", "coalesce(region, '')", "'|'",
            "coalesce(country, '')", "'|'", "coalesce(org_size_band, '')", "'|'",
            "coalesce(work_arrangement, '')", "'|'", "coalesce(description_hash, '')", "'|'",
            "coalesce(cast(org_size_min_employees as varchar), '')", "'|'",
            "coalesce(cast(org_size_max_employees as varchar), '')", "'|'",
            "coalesce(cast(team_size as varchar), '')", "'|'",
            "coalesce(cast(is_distributed_team as varchar), '')", "'|'",
            "coalesce(posted_date_text, '')"
        ])) }} as content_hash,
        {% if var('deduplicate_postings') -%}
            {#- identical after normalising case and white space of title, company, location, description
                (the description compared by the hash of its normalised text) -#}
            {{ dbt.hash(dbt.concat([
                normalized_text('title'), "'|'", normalized_text('company'), "'|'",
                normalized_text('region'), "'|'", "coalesce(normalized_description_hash, '')"
            ])) }}
        {%- else -%}
            posting_id
        {%- endif %} as duplicate_key
    from postings

),

numbered as (

    select
        *,
        count(distinct content_hash) over (partition by posting_id) as versions_of_posting_id,
        row_number() over (partition by duplicate_key order by input_row_number) as copy_number,
        row_number() over (partition by posting_id order by input_row_number) as id_copy_number
    from fingerprinted

),

classified as (

    select
        *,
        case
            when posting_id is null or posting_id = '' then 'missing posting_id'
            when title is null or title = '' then 'missing title'
            when role is null or role = '' then 'missing role'
            when input_name = 'user_postings' and description_length is null then 'missing description'
            when description_length > {{ max_chars }} then 'description longer than {{ max_chars }} characters'
            when posted_date_text is not null and posted_date is null then 'posted_date does not parse'
            when versions_of_posting_id > 1 then 'posting_id repeated with different content'
        end as quarantine_reason
    from numbered

),

final as (

    select
        input_name,
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
        description_length,
        description_hash,
        posted_date_text,
        input_file,
        input_file_row_number,
        quarantine_reason,
        case
            when quarantine_reason is not null then 'quarantined'
            when copy_number > 1 or id_copy_number > 1 then 'deduplicated'
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
