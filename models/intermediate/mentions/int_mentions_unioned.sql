{#- The tagged bridges stacked into one shape: one row per input bridge row. The user's
    postings have no bridges (their mentions are extracted from text), so in that mode this
    model is empty. -#}

with posting_skills as (

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

unioned as (

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

final as (

    select
        posting_id,
        item_type,
        item_id,
        input_name,
        'tagged' as mention_source,
        row_number() over (
            partition by input_name order by posting_id, item_id
        ) as input_row_number,
        row_number() over (partition by posting_id, item_type, item_id order by input_name) as copy_number
    from unioned
    {% if is_user_mode() -%}
        where false
    {%- endif %}

)

select * from final
