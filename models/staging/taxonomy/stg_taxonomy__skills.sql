with source as (

    select * from {{ ref('taxonomy_skills') }}

),

renamed as (

    select
        trim(skill_id) as skill_id,
        trim(skill_name) as skill_name,
        trim(category) as category,
        trim(aliases) as aliases,
        trim(notes) as notes
    from source

)

select * from renamed
