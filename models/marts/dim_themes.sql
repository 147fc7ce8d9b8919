with themes as (

    select * from {{ ref('stg_taxonomy__themes') }}

),

final as (

    select
        theme_id,
        theme_name,
        representative_responsibilities
    from themes

)

select * from final
