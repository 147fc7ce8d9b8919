with source as (

    select * from {{ ref('role_title_rules') }}

),

renamed as (

    select
        trim(pattern) as pattern,
        nullif(trim(unless_pattern), '') as unless_pattern,
        trim(role) as role,
        rule_order
    from source

)

select * from renamed
