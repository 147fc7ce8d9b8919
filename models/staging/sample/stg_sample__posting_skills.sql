with source as (

    select * from {{ ref('sample_posting_skills') }}

),

renamed as (

    select
        trim(posting_id) as posting_id,
        trim(skill_id) as skill_id
    from source

)

select * from renamed
