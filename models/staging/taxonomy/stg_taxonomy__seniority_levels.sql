with source as (

    select * from {{ ref('seniority_levels') }}

),

renamed as (

    select
        trim(seniority) as seniority,
        trim(description) as seniority_description,
        seniority_order
    from source

)

select * from renamed
