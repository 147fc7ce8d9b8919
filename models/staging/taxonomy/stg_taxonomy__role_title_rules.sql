with source as (

    select * from {{ ref('role_title_rules') }}

),

renamed as (

    select
        trim(pattern) as pattern,
        trim(role) as role,
        rule_order
    from source

)

select * from renamed
