{#- One row per skill category per role: postings asking for at least one of the category's
    skills, with the frequency mart's metric columns and the members' counts (as
    fct_tool_category_frequency does for tools). -#}

with item_frequencies as (

    select * from {{ ref('int_item_frequencies_aggregated') }}

),

skill_categories as (

    select * from {{ ref('dim_skill_categories') }}

),

skill_frequencies as (

    select * from {{ ref('fct_skill_frequency') }}

),

members as (

    {{ category_members('skill_frequencies', 'skill_category_id', 'skill_id', 'skill_name', 'skill') }}

),

final as (

    select
        item_frequencies.role,
        skill_categories.skill_category_id,
        skill_categories.skill_category_name,
        members.skill_names,
        {{ frequency_mart_columns(
            'item_frequencies',
            before_is_small_sample=[
                'members.member_skill_count', 'members.max_member_frequency', 'members.sum_member_frequency'
            ]
        ) }}
    from item_frequencies
    inner join skill_categories
        on item_frequencies.item_id = skill_categories.skill_category_id
    left join members
        on
            item_frequencies.role = members.role
            and skill_categories.skill_category_id = members.skill_category_id
    where item_frequencies.item_type = 'skill_category'

)

select * from final
