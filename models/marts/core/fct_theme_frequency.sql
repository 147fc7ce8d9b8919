with item_frequencies as (

    select * from {{ ref('int_item_frequencies_aggregated') }}

),

themes as (

    select * from {{ ref('dim_themes') }}

),

final as (

    select
        item_frequencies.role,
        themes.theme_id,
        themes.theme_name,
        themes.representative_responsibilities,
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
    inner join themes
        on item_frequencies.item_id = themes.theme_id
    where item_frequencies.item_type = 'theme'

)

select * from final
