with source as (

    select * from {{ ref('taxonomy_tool_categories') }}

),

renamed as (

    select
        trim(tool_category_id) as tool_category_id,
        trim(tool_category_name) as tool_category_name,
        trim(notes) as notes
    from source

)

select * from renamed
