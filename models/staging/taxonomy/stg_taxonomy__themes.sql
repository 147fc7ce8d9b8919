with source as (

    select * from {{ ref('taxonomy_themes') }}

),

renamed as (

    select
        trim(theme_id) as theme_id,
        trim(theme_name) as theme_name,
        trim(representative_responsibilities) as representative_responsibilities
    from source

)

select * from renamed
