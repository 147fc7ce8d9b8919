with item_frequencies as (

    select * from {{ ref('int_item_frequencies_aggregated') }}

),

tool_categories as (

    select * from {{ ref('dim_tool_categories') }}

),

tool_frequencies as (

    select * from {{ ref('fct_tool_frequency') }}

),

members as (

    {{ category_members('tool_frequencies', 'tool_category_id', 'tool_id', 'tool_name', 'tool') }}

),

final as (

    select
        item_frequencies.role,
        tool_categories.tool_category_id,
        tool_categories.tool_category_name,
        members.tool_names,
        {{ frequency_mart_columns(
            'item_frequencies',
            after_tier=['tool_categories.notes'],
            before_is_small_sample=[
                'members.member_tool_count', 'members.max_member_frequency', 'members.sum_member_frequency'
            ]
        ) }}
    from item_frequencies
    inner join tool_categories
        on item_frequencies.item_id = tool_categories.tool_category_id
    left join members
        on
            item_frequencies.role = members.role
            and tool_categories.tool_category_id = members.tool_category_id
    where item_frequencies.item_type = 'tool_category'

)

select * from final
