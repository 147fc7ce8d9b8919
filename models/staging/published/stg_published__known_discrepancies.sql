with source as (

    select * from {{ ref('published_known_discrepancies') }}

),

renamed as (

    select
        trim(reconciliation_id) as reconciliation_id,
        trim(published_value) as published_value,
        trim(computed_value) as computed_value,
        trim(explanation) as explanation
    from source

)

select * from renamed
