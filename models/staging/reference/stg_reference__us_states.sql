with source as (

    select * from {{ ref('us_states') }}

),

renamed as (

    select
        upper(trim(state_code)) as state_code,
        trim(state_name) as state_name,
        trim(state_kind) as state_kind
    from source

)

select * from renamed
