with source as (

    select * from {{ ref('sample_posting_signals') }}

),

renamed as (

    select
        trim(posting_id) as posting_id,
        trim(signal_id) as signal_id
    from source

)

select * from renamed
