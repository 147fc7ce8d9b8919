{#- One row per input: rows read, accepted, deduplicated and quarantined. Nothing is dropped
    silently, so rows_in = rows_accepted + rows_deduplicated + rows_quarantined. -#}

with classified_postings as (

    select * from {{ ref('int_postings_classified') }}

),

classified_mentions as (

    select * from {{ ref('int_mentions_classified') }}

),

statuses as (

    select
        input_name,
        row_status
    from classified_postings
    union all
    select
        input_name,
        row_status
    from classified_mentions

),

final as (

    select
        input_name,
        count(*) as rows_in,
        count(case when row_status = 'accepted' then 1 end) as rows_accepted,
        count(case when row_status = 'deduplicated' then 1 end) as rows_deduplicated,
        count(case when row_status = 'quarantined' then 1 end) as rows_quarantined
    from statuses
    group by input_name

)

select * from final
