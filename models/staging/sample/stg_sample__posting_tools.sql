with source as (

    select * from {{ ref('sample_posting_tools') }}

),

renamed as (

    select
        trim(posting_id) as posting_id,
        trim(tool_id) as tool_id
    from source

)

select * from renamed
