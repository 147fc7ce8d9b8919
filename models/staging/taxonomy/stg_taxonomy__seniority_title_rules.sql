with source as (

    select * from {{ ref('seniority_title_rules') }}

),

renamed as (

    select
        trim(pattern) as pattern,
        nullif(trim(unless_pattern), '') as unless_pattern,
        trim(seniority) as seniority,
        rule_order
    from source

)

select * from renamed
