with source as (

    select * from {{ ref('published_responsibility_themes') }}

),

renamed as (

    select
        trim(theme) as theme_name,
        trim(representative_responsibilities) as representative_responsibilities,
        frequency
    from source

)

select * from renamed
