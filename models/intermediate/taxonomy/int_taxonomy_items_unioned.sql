{#- One row per item of the taxonomy the build reads (model int_inputs_selected), whatever its
    type (skill, skill category, tool, tool category, theme, signal), in one canonical layout: the sample's five
    taxonomy seeds, or a taxonomy written by name (the user's or the default one, model
    int_taxonomy_entries_typed). Frequencies include items no posting mentions (frequency 0).
    For a taxonomy written by name:
    - a skill's category is its kind (empty: Uncategorised), whose id is derived from the name;
      the skill categories are those the skills name (in the sample's taxonomy too);
    - a tool's category is its tool category (empty: Uncategorised), whose id is derived from
      the name like every id; the tool categories are those the tools name;
    - a theme has no representative responsibilities, and its category is not used;
    - a signal makes no claim about how many postings show it: quantifier `any` (seed
      signal_quantifiers), so it is always consistent with its count; no phrase, no statement. -#}

with selected_inputs as (

    select input_name from {{ ref('int_inputs_selected') }}

),

skills as (

    select * from {{ ref('stg_taxonomy__skills') }}

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

entries as (

    select * from {{ ref('int_taxonomy_entries_typed') }}
    where item_type is not null

),

sample_items as (

    select
        'skill' as item_type,
        skill_id as item_id,
        skill_name as item_name,
        case when category is not null then {{ skill_id_from_name('category') }} end as category_id,
        category,
        aliases,
        notes as description,
        cast(null as {{ dbt.type_string() }}) as quantifier,
        cast(null as {{ dbt.type_string() }}) as quantifier_phrase
    from skills
    union all
    select
        'skill_category' as item_type,
        {{ skill_id_from_name('category') }} as item_id,
        min(category) as item_name,
        cast(null as {{ dbt.type_string() }}) as category_id,
        cast(null as {{ dbt.type_string() }}) as category,
        cast(null as {{ dbt.type_string() }}) as aliases,
        cast(null as {{ dbt.type_string() }}) as description,
        cast(null as {{ dbt.type_string() }}) as quantifier,
        cast(null as {{ dbt.type_string() }}) as quantifier_phrase
    from skills
    where category is not null
    group by {{ skill_id_from_name('category') }}
    union all
    select
        'tool' as item_type,
        tools.tool_id as item_id,
        tools.tool_name as item_name,
        tools.tool_category_id as category_id,
        tool_categories.tool_category_name as category,
        tools.aliases,
        cast(null as {{ dbt.type_string() }}) as description,
        cast(null as {{ dbt.type_string() }}) as quantifier,
        cast(null as {{ dbt.type_string() }}) as quantifier_phrase
    from tools
    left join tool_categories
        on tools.tool_category_id = tool_categories.tool_category_id
    union all
    select
        'tool_category' as item_type,
        tool_category_id as item_id,
        tool_category_name as item_name,
        cast(null as {{ dbt.type_string() }}) as category_id,
        cast(null as {{ dbt.type_string() }}) as category,
        cast(null as {{ dbt.type_string() }}) as aliases,
        notes as description,
        cast(null as {{ dbt.type_string() }}) as quantifier,
        cast(null as {{ dbt.type_string() }}) as quantifier_phrase
    from tool_categories
    union all
    select
        'theme' as item_type,
        theme_id as item_id,
        theme_name as item_name,
        cast(null as {{ dbt.type_string() }}) as category_id,
        cast(null as {{ dbt.type_string() }}) as category,
        cast(null as {{ dbt.type_string() }}) as aliases,
        representative_responsibilities as description,
        cast(null as {{ dbt.type_string() }}) as quantifier,
        cast(null as {{ dbt.type_string() }}) as quantifier_phrase
    from themes
    union all
    select
        'signal' as item_type,
        signal_id as item_id,
        signal_name as item_name,
        cast(null as {{ dbt.type_string() }}) as category_id,
        cast(null as {{ dbt.type_string() }}) as category,
        cast(null as {{ dbt.type_string() }}) as aliases,
        statement as description,
        quantifier,
        quantifier_phrase
    from signals

),

named_entries as (

    select
        item_type,
        item_id,
        item_name,
        coalesce(nullif(category, ''), 'Uncategorised') as category,
        aliases
    from entries

),

named_items as (

    select
        item_type,
        item_id,
        item_name,
        case when item_type in ('skill', 'tool') then {{ skill_id_from_name('category') }} end as category_id,
        case when item_type in ('skill', 'tool') then category end as category,
        aliases,
        cast(null as {{ dbt.type_string() }}) as description,
        case when item_type = 'signal' then 'any' end as quantifier,
        cast(null as {{ dbt.type_string() }}) as quantifier_phrase
    from named_entries
    union all
    select
        item_type || '_category' as item_type,  -- tool_category, skill_category
        {{ skill_id_from_name('category') }} as item_id,
        min(category) as item_name,
        cast(null as {{ dbt.type_string() }}) as category_id,
        cast(null as {{ dbt.type_string() }}) as category,
        cast(null as {{ dbt.type_string() }}) as aliases,
        cast(null as {{ dbt.type_string() }}) as description,
        cast(null as {{ dbt.type_string() }}) as quantifier,
        cast(null as {{ dbt.type_string() }}) as quantifier_phrase
    from named_entries
    where item_type in ('tool', 'skill')
    group by item_type, {{ skill_id_from_name('category') }}

),

final as (

    select sample_items.*
    from sample_items
    inner join selected_inputs
        on selected_inputs.input_name = 'sample_taxonomy'
    union all
    select * from named_items

)

select * from final
