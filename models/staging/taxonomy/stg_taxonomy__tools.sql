with source as (

    select * from {{ ref('taxonomy_tools') }}

),

renamed as (

    select
        trim(tool_id) as tool_id,
        trim(tool_category_id) as tool_category_id,
        trim(tool_name) as tool_name,
        trim(aliases) as aliases
    from source

)

select * from renamed
