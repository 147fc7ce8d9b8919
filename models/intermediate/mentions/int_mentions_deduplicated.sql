{#- One row per posting per item it mentions: tagged mentions (the sample's bridges), skills
    extracted from description text (the user's postings), and tool categories, derived here:
    a posting mentions a category when it mentions at least one of the category's tools. -#}

with classified_mentions as (

    select * from {{ ref('int_mentions_classified') }}

),

tools as (

    select * from {{ ref('stg_taxonomy__tools') }}

),

extracted as (

    select * from {{ ref('int_skill_mentions_extracted') }}

),

accepted as (

    select
        posting_id,
        item_type,
        item_id,
        mention_source,
        cast(null as varchar) as matched_alias,
        cast(null as bigint) as token_position
    from classified_mentions
    where row_status = 'accepted'

),

tool_categories as (

    select distinct
        accepted.posting_id,
        'tool_category' as item_type,
        tools.tool_category_id as item_id,
        'derived from tool' as mention_source,
        cast(null as varchar) as matched_alias,
        cast(null as bigint) as token_position
    from accepted
    inner join tools
        on accepted.item_id = tools.tool_id
    where accepted.item_type = 'tool'

),

final as (

    select * from accepted
    union all
    select * from tool_categories
    union all
    select
        posting_id,
        'skill' as item_type,
        skill_id as item_id,
        'extracted' as mention_source,
        matched_alias,
        token_position
    from extracted
    where skill_id is not null

)

select * from final
