with item_frequencies as (

    select * from {{ ref('int_item_frequencies_aggregated') }}

),

skills as (

    select * from {{ ref('dim_skills') }}

),

final as (

    select
        item_frequencies.role,
        skills.skill_id,
        skills.skill_name,
        skills.category,
        skills.skill_category_id,
        {{ frequency_mart_columns('item_frequencies', after_tier=['skills.notes']) }}
    from item_frequencies
    inner join skills
        on item_frequencies.item_id = skills.skill_id
    where item_frequencies.item_type = 'skill'

)

select * from final
