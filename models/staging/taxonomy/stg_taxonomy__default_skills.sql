with source as (

    select * from {{ ref('default_skill_taxonomy') }}

),

renamed as (

    select
        trim(skill_name) as skill_name,
        trim(category) as category,
        trim(aliases) as aliases,
        trim(type) as item_type,
        trim(exclude_contexts) as exclude_contexts,
        {{ row_number_as_read() }} as input_row_number
    from source

)

select * from renamed
