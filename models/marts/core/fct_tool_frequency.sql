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
        item_frequencies.tier,
        item_frequencies.frequency,
        item_frequencies.total_postings,
        item_frequencies.frequency_rank,
        item_frequencies.pct_of_postings,
        item_frequencies.share_of_postings,
        item_frequencies.wilson_lower,
        item_frequencies.wilson_upper,
        item_frequencies.is_small_sample
    from item_frequencies
    inner join tools
        on item_frequencies.item_id = tools.tool_id
    where item_frequencies.item_type = 'tool'

)

select * from final
