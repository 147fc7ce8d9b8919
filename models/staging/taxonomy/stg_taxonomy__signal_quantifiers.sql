with source as (

    select * from {{ ref('signal_quantifiers') }}

),

renamed as (

    select
        lower(trim(quantifier)) as quantifier,
        trim(definition) as definition,
        min_postings,
        min_share,
        max_share,
        is_min_share_strict,
        strength
    from source

)

select * from renamed
