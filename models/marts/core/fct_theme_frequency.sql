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
        {{ frequency_mart_columns('item_frequencies') }}
    from item_frequencies
    inner join themes
        on item_frequencies.item_id = themes.theme_id
    where item_frequencies.item_type = 'theme'

)

select * from final
