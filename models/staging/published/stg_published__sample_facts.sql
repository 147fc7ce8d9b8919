with source as (

    select * from {{ ref('published_sample_facts') }}

),

renamed as (

    select
        trim(measure) as measure,
        trim(published_value) as published_value,
        trim(source_text) as source_text
    from source

)

select * from renamed
