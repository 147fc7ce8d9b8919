with source as (

    select * from {{ ref('country_aliases') }}

),

renamed as (

    select
        trim(alias) as alias,
        upper(trim(country_code)) as country_code
    from source

)

select * from renamed
