with item_frequencies as (

    select * from {{ ref('int_item_frequencies_aggregated') }}

),

tools as (

    select * from {{ ref('dim_tools') }}

),

final as (

    select
        item_frequencies.role,
        tools.tool_id,
        tools.tool_category_id,
        tools.tool_name,
        tools.tool_category_name,
        {{ frequency_mart_columns('item_frequencies') }}
    from item_frequencies
    inner join tools
        on item_frequencies.item_id = tools.tool_id
    where item_frequencies.item_type = 'tool'

)

select * from final
