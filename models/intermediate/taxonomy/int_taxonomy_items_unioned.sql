{#- Every item the taxonomy knows, whatever its type, so that frequencies include items
    no posting mentions (frequency 0). The user's postings are measured against skills only:
    tools, themes and signals are the sample's tagged taxonomy. -#}

with skills as (

    select * from {{ ref('int_skills_selected') }}

),

tools as (

    select * from {{ ref('stg_taxonomy__tools') }}

),

tool_categories as (

    select * from {{ ref('stg_taxonomy__tool_categories') }}

),

themes as (

    select * from {{ ref('stg_taxonomy__themes') }}

),

signals as (

    select * from {{ ref('stg_taxonomy__signals') }}

),

final as (

    select
        'skill' as item_type,
        skill_id as item_id,
        skill_name as item_name
    from skills
    union all
    select
        'tool' as item_type,
        tool_id as item_id,
        tool_name as item_name
    from tools
    union all
    select
        'tool_category' as item_type,
        tool_category_id as item_id,
        tool_category_name as item_name
    from tool_categories
    union all
    select
        'theme' as item_type,
        theme_id as item_id,
        theme_name as item_name
    from themes
    union all
    select
        'signal' as item_type,
        signal_id as item_id,
        signal_name as item_name
    from signals

)

select * from final
