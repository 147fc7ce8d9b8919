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
        item_frequencies.tier,
        skills.notes,
        item_frequencies.frequency,
        item_frequencies.total_postings,
        item_frequencies.frequency_rank,
        item_frequencies.pct_of_postings,
        item_frequencies.share_of_postings,
        item_frequencies.wilson_lower,
        item_frequencies.wilson_upper,
        item_frequencies.is_small_sample
    from item_frequencies
    inner join skills
        on item_frequencies.item_id = skills.skill_id
    where item_frequencies.item_type = 'skill'

)

select * from final
