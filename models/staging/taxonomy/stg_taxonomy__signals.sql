with source as (

    select * from {{ ref('taxonomy_signals') }}

),

renamed as (

    select
        trim(signal_id) as signal_id,
        trim(signal_name) as signal_name,
        lower(trim(quantifier)) as quantifier,
        trim(quantifier_phrase) as quantifier_phrase,
        trim(statement) as statement,
        signal_order
    from source

)

select * from renamed
