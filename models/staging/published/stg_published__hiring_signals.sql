with source as (

    select * from {{ ref('published_hiring_signals') }}

),

renamed as (

    select
        trim(statement) as statement,
        signal_order
    from source

)

select * from renamed
