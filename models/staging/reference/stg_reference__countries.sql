with source as (

    select * from {{ ref('countries') }}

),

renamed as (

    select
        upper(trim(country_code)) as country_code,
        trim(country_name) as country_name
    from source

)

select * from renamed
