{#- One row per input row of the user's postings, in the canonical shape of the sample postings:
    an id (the file's, or derived from the file name and row number), the role family from the
    title rules, the posting date parsed where it can be, and the description's fingerprints
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
        input_file,
        input_file_row_number,
        input_row_number
    from {{ ref('stg_user__postings') }}

),

fingerprints as (

    select * from {{ ref('int_user_posting_texts_fingerprinted') }}

),

rules as (

    select * from {{ ref('stg_taxonomy__role_title_rules') }}

),

cleaned as (

    select
        *,
        nullif(trim({{ regex_replace_all(
            regex_replace_all(
                "coalesce(title, '')",
                "'(?i)\\b(senior|sr\\.?|junior|jr\\.?|lead|principal|staff|iv|iii|ii|i)(\\W|$)'",
                "' '"
            ),
            "'\\s+'",
            "' '"
        ) }}), '') as title_without_seniority
    from postings

),

{# Title rules are regular expressions held in a table, so each match compiles its pattern:
    match each distinct title once, not each posting. #}
matched_rules as (

    select
        titles.title,
        rules.role,
        row_number() over (partition by titles.title order by rules.rule_order) as rule_rank
    from (
        select distinct title from cleaned
        where title is not null
    ) as titles
    inner join rules
        on {{ regex_matches(normalized_text('titles.title'), 'rules.pattern') }}

),

final as (

    select
        coalesce(
            nullif(trim(cleaned.source_posting_id), ''),
            'row_' || {{ dbt.hash(
                regex_replace_all('cleaned.input_file', "'^.*/'", "''")
                ~ " || ':' || cast(cleaned.input_file_row_number as varchar)"
            ) }}
        ) as posting_id,
        coalesce(matched_rules.role, cleaned.title_without_seniority) as role,
        nullif(trim(cleaned.title), '') as title,
        nullif(trim(cleaned.company), '') as company,
        nullif(trim(cleaned.location), '') as region,
        nullif(trim(cleaned.industry), '') as industry,
        nullif(trim(cleaned.org_size), '') as org_size_band,
        fingerprints.description_length,
        fingerprints.description_hash,
        fingerprints.normalized_description_hash,
        nullif(trim(cleaned.posted_date), '') as posted_date_text,
        cleaned.input_file,
        cleaned.input_file_row_number,
        cleaned.input_row_number,
        {{ try_parse_date("nullif(trim(cleaned.posted_date), '')") }} as posted_date
    from cleaned
    left join fingerprints
        on
            cleaned.input_file = fingerprints.input_file
            and cleaned.input_file_row_number = fingerprints.input_file_row_number
    left join matched_rules
        on
            cleaned.title = matched_rules.title
            and matched_rules.rule_rank = 1

)

select * from final
