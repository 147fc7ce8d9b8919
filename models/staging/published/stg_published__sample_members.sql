with source as (

    select * from {{ ref('published_sample_members') }}

),

renamed as (

    select
        trim(dimension) as dimension,
        trim(member) as member
    from source

)

select * from renamed
