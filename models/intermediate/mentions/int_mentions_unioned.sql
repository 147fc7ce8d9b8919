{{ config(materialized='view') }}

{#- One row per mention of an item by a posting, whichever input it came from, in the one
    canonical mention layout: the tagged mentions of the input's bridges (the sample's four
    bridge seeds, when the build reads the sample: model int_inputs_selected) and the mentions
    extracted from posting text (model int_item_mentions_extracted). Tagged rows are numbered
    within their input (row accounting counts them) and within each (posting, item), so that
    repeats can be told apart; an extracted mention is one per posting and item already. -#}

with selected_inputs as (

    select input_name from {{ ref('int_inputs_selected') }}

),

posting_skills as (

    select * from {{ ref('stg_sample__posting_skills') }}

),

posting_tools as (

    select * from {{ ref('stg_sample__posting_tools') }}

),

posting_themes as (

    select * from {{ ref('stg_sample__posting_themes') }}

),

posting_signals as (

    select * from {{ ref('stg_sample__posting_signals') }}

),

extracted as (

    select * from {{ ref('int_item_mentions_extracted') }}

),

tagged as (

    select
        posting_id,
        'skill' as item_type,
        skill_id as item_id,
        'sample_posting_skills' as input_name
    from posting_skills
    union all
    select
        posting_id,
        'tool' as item_type,
        tool_id as item_id,
        'sample_posting_tools' as input_name
    from posting_tools
    union all
    select
        posting_id,
        'theme' as item_type,
        theme_id as item_id,
        'sample_posting_themes' as input_name
    from posting_themes
    union all
    select
        posting_id,
        'signal' as item_type,
        signal_id as item_id,
        'sample_posting_signals' as input_name
    from posting_signals

),

tagged_numbered as (

    select
        tagged.posting_id,
        tagged.item_type,
        tagged.item_id,
        tagged.input_name,
        'tagged' as mention_source,
        cast(null as {{ dbt.type_string() }}) as matched_alias,
        cast(null as bigint) as token_position,
        row_number() over (
            partition by tagged.input_name order by tagged.posting_id, tagged.item_id
        ) as input_row_number,
        row_number() over (
            partition by tagged.posting_id, tagged.item_type, tagged.item_id order by tagged.input_name
        ) as copy_number
    from tagged
    inner join selected_inputs
        on tagged.input_name = selected_inputs.input_name

),

final as (

    select * from tagged_numbered
    union all
    select
        posting_id,
        item_type,
        item_id,
        'int_item_mentions_extracted' as input_name,
        'extracted' as mention_source,
        matched_alias,
        token_position,
        cast(null as bigint) as input_row_number,
        cast(1 as bigint) as copy_number
    from extracted
    where item_id is not null

)

select * from final
