with source as (

    select * from {{ ref('published_skill_frequency') }}

),

renamed as (

    select
        trim(skill) as skill_name,
        trim(category) as tier,
        trim(notes) as notes,
        trim(pct_of_postings) as pct_of_postings_text,
        frequency,
        cast(replace(trim(pct_of_postings), '%', '') as integer) as pct_of_postings
    from source

)

select * from renamed
