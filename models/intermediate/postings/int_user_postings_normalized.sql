{#- One row per input row of the user's postings, in the canonical shape of the sample postings:
    an id (the file's, or derived from the file name and row number), the role family of its
    title (model int_titles_classified), the posting date parsed where it can be, the pay as one
    text (the file's salary column, or its salary_min, salary_max and salary_period columns written
    as "80000 - 100000 yearly", parsed next by model int_salaries_parsed), and the description's fingerprints
    (its text is read again only by extraction). With var postings_path unset it reads
    nothing (staging is empty). -#}

with postings as (

    {#- the description stays in the file: what classification needs of it is fingerprinted once -#}
    select
        source_posting_id,
        title,
        company,
        location,
        industry,
        org_size,
        posted_date,
        salary,
        salary_min,
        salary_max,
        salary_period,
        input_file,
        input_file_row_number,
        input_row_number
    from {{ ref('stg_user__postings') }}

),

fingerprints as (

    select * from {{ ref('int_user_posting_texts_fingerprinted') }}

),

cleaned as (

    select
        *,
        nullif(trim(salary_min), '') as stated_salary_min,
        nullif(trim(salary_max), '') as stated_salary_max
    from postings

),

titles as (

    {#- role family and seniority of each distinct title: model int_titles_classified -#}
    select * from {{ ref('int_titles_classified') }}

),

final as (

    select
        coalesce(
            nullif(trim(cleaned.source_posting_id), ''),
            'row_' || {{ dbt.hash(
                regex_replace_all('cleaned.input_file', "'^.*/'", "''")
                ~ " || ':' || cast(cleaned.input_file_row_number as " ~ dbt.type_string() ~ ")"
            ) }}
        ) as posting_id,
        titles.role,
        nullif(trim(cleaned.title), '') as title,
        nullif(trim(cleaned.company), '') as company,
        nullif(trim(cleaned.location), '') as region,
        nullif(trim(cleaned.industry), '') as industry,
        nullif(trim(cleaned.org_size), '') as org_size_band,
        fingerprints.description_length,
        fingerprints.description_hash,
        fingerprints.normalized_description_hash,
        nullif(trim(cleaned.posted_date), '') as posted_date_text,
        {#- amounts in columns of their own are written as the text the parser reads: "N - M period",
            "from N period" for a minimum only, "up to M period" for a maximum only -#}
        coalesce(
            nullif(trim(cleaned.salary), ''),
            case
                when cleaned.stated_salary_min is not null or cleaned.stated_salary_max is not null
                    then {{ dbt.concat([
                        "case when cleaned.stated_salary_min is null then 'up to ' when cleaned.stated_salary_max is null then 'from ' else '' end",
                        "coalesce(cleaned.stated_salary_min, '')",
                        "case when cleaned.stated_salary_min is not null and cleaned.stated_salary_max is not null then ' - ' else '' end",
                        "coalesce(cleaned.stated_salary_max, '')",
                        "' '",
                        "coalesce(trim(cleaned.salary_period), '')"
                    ]) }}
            end
        ) as salary_text,
        cleaned.input_file,
        cleaned.input_file_row_number,
        cleaned.input_row_number,
        {{ try_parse_date("nullif(trim(cleaned.posted_date), '')") }} as posted_date
    from cleaned
    left join fingerprints
        on
            cleaned.input_file = fingerprints.input_file
            and cleaned.input_file_row_number = fingerprints.input_file_row_number
    left join titles
        on {{ cleaned_text('cleaned.title') }} = titles.title

)

select * from final
