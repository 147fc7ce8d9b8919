{#- One row per input row that could not be used, with the reason. -#}

with classified_postings as (

    select * from {{ ref('int_postings_classified') }}

),

classified_mentions as (

    select * from {{ ref('int_mentions_classified') }}

),

final as (

    select
        input_name,
        input_row_number,
        posting_id,
        cast(null as {{ dbt.type_string() }}) as item_type,
        cast(null as {{ dbt.type_string() }}) as item_id,
        quarantine_reason
    from classified_postings
    where row_status = 'quarantined'
    union all
    select
        input_name,
        input_row_number,
        posting_id,
        item_type,
        item_id,
        quarantine_reason
    from classified_mentions
    where row_status = 'quarantined'

)

select * from final
