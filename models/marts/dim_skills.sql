with skills as (

    select * from {{ ref('stg_taxonomy__skills') }}

),

final as (

    select
        skill_id,
        skill_name,
        category,
        aliases,
        notes
    from skills

)

select * from final
