with source as (

    select * from {{ ref('sample_posting_themes') }}

),

renamed as (

    select
        trim(posting_id) as posting_id,
        trim(theme_id) as theme_id
    from source

)

select * from renamed
