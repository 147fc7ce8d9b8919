{#- Every input posting row, classified as accepted, deduplicated or quarantined (with the
    reason). Nothing is dropped here: the row accounting mart checks that input rows =
    accepted + deduplicated + quarantined. Reads the canonical posting layout, whichever input
    it came from, cleaned (model int_postings_cleaned). -#}

{%- set max_chars = var('max_description_chars') %}

with postings as (

    select * from {{ ref('int_postings_cleaned') }}

),

fingerprinted as (

    select
        *,
        {{ dbt.hash(dbt.concat([
            "coalesce(role, '')", "'|'", "coalesce(title, '')", "'|'", "coalesce(company, '')", "'|'",
            "coalesce(job_board, '')", "'|'", "coalesce(industry, '')", "'|'", "coalesce(region, '')", "'|'",
            "coalesce(country, '')", "'|'", "coalesce(org_size_band, '')", "'|'",
            "coalesce(work_arrangement, '')", "'|'", "coalesce(description_hash, '')", "'|'",
            "coalesce(cast(org_size_min_employees as " ~ dbt.type_string() ~ "), '')", "'|'",
            "coalesce(cast(org_size_max_employees as " ~ dbt.type_string() ~ "), '')", "'|'",
            "coalesce(cast(team_size as " ~ dbt.type_string() ~ "), '')", "'|'",
            "coalesce(cast(is_distributed_team as " ~ dbt.type_string() ~ "), '')", "'|'",
            "coalesce(posted_date_text, '')", "'|'", "coalesce(salary_text, '')"
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

copy_numbers as (

    {#- the windows over the few columns they need, joined back to the rows by their key (input
        and row number: unique, tested on int_postings_cleaned): a window carries every column of
        its input through its sort, and a posting row is wide (a third of this model's time at a
        million postings went to sorting whole rows) -#}
    select
        input_name,
        input_row_number,
        {{ count_distinct_over('content_hash', 'posting_id') }} as versions_of_posting_id,
        row_number() over (partition by duplicate_key order by input_row_number) as copy_number,
        row_number() over (partition by posting_id order by input_row_number) as id_copy_number
    from fingerprinted

),

numbered as (

    select
        fingerprinted.*,
        copy_numbers.versions_of_posting_id,
        copy_numbers.copy_number,
        copy_numbers.id_copy_number
    from fingerprinted
    inner join copy_numbers
        on
            fingerprinted.input_name = copy_numbers.input_name
            and fingerprinted.input_row_number = copy_numbers.input_row_number

),

classified as (

    select
        *,
        case
            when posting_id is null or posting_id = '' then 'missing posting_id'
            when title is null or title = '' then 'missing title'
            when role is null or role = '' then 'missing role'
            when is_text_input and description_length is null then 'missing description'
            when description_length > {{ max_chars }} then 'description longer than {{ max_chars }} characters'
            when posted_date_text is not null and posted_date is null then 'posted_date does not parse'
            when versions_of_posting_id > 1 then 'posting_id repeated with different content'
        end as quarantine_reason
    from numbered

),

final as (

    select
        {%- for name in posting_column_names(exclude=['normalized_description_hash']) %}
            {{ name }},
        {%- endfor %}
        content_hash,
        quarantine_reason,
        case
            when quarantine_reason is not null then 'quarantined'
            when copy_number > 1 or id_copy_number > 1 then 'deduplicated'
            else 'accepted'
        end as row_status
    from classified

)

select * from final
