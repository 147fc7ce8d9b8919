with source as (

    select * from {{ ref('published_tool_mentions') }}

),

renamed as (

    select
        trim(category) as tool_category_name,
        trim(tools_platforms) as tools_platforms,
        trim(notes) as notes,
        frequency
    from source

)

select * from renamed
