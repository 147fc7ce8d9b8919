{{ config(enabled=is_user_mode()) }}

{#- One row per input row of the user's postings, in the canonical shape of the sample postings:
    an id (the file's, or derived from the file name and row number), the role family from the
    title rules, the posting date parsed where it can be. -#}

with postings as (

    select * from {{ ref('stg_user__postings') }}

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

matched_rules as (

    select
        cleaned.input_file,
        cleaned.input_row_number,
        rules.role,
        row_number() over (
            partition by cleaned.input_file, cleaned.input_row_number order by rules.rule_order
        ) as rule_rank
    from cleaned
    inner join rules
        on {{ regex_matches(normalized_text('cleaned.title'), 'rules.pattern') }}

),

final as (

    select
        coalesce(
            nullif(trim(cleaned.source_posting_id), ''),
            'row_' || {{ dbt.hash(regex_replace_all('cleaned.input_file', "'^.*/'", "''") ~ " || ':' || cast(cleaned.input_row_number as varchar)") }}
        ) as posting_id,
        coalesce(matched_rules.role, cleaned.title_without_seniority) as role,
        nullif(trim(cleaned.title), '') as title,
        nullif(trim(cleaned.company), '') as company,
        nullif(trim(cleaned.location), '') as location,
        nullif(trim(cleaned.industry), '') as industry,
        nullif(trim(cleaned.org_size), '') as org_size,
        nullif(trim(cleaned.description), '') as description,
        nullif(trim(cleaned.posted_date), '') as posted_date_text,
        cleaned.input_file,
        cleaned.input_row_number,
        {{ try_parse_date("nullif(trim(cleaned.posted_date), '')") }} as posted_date
    from cleaned
    left join matched_rules
        on
            cleaned.input_file = matched_rules.input_file
            and cleaned.input_row_number = matched_rules.input_row_number
            and matched_rules.rule_rank = 1

)

select * from final
