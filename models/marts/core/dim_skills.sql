with skills as (

    select * from {{ ref('int_skills_selected') }}

),

final as (

    select
        skill_id,
        skill_name,
        category,
        skill_category_id,
        aliases,
        notes
    from skills

)

select * from final
