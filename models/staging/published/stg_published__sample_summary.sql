with source as (

    select * from {{ ref('published_sample_summary') }}

),

renamed as (

    select
        trim(attribute) as attribute,
        trim(published_value) as published_value
    from source

)

select * from renamed
