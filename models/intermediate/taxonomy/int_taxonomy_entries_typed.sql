{#- One row per row of a taxonomy written by name (header skill_name, category, aliases, type):
    the user's (var taxonomy_path) or the shipped default one, whichever the build reads (model
    int_inputs_selected). Each row gets its item type (the `type` column: skill, tool, theme or
    signal; missing or empty means skill), its exclude contexts as written, and an id derived from its name (macro
    skill_id_from_name). Rows without a name are left out. Two data tests name what is wrong:
    a type that is none of the four (item_type null, type_written kept), and two names of one
    type giving one id. -#}

with selected_inputs as (

    select input_name from {{ ref('int_inputs_selected') }}

),

default_taxonomy as (

    select
        'default_taxonomy' as input_name,
        'the default taxonomy' as taxonomy_label,
        input_row_number,
        skill_name,
        category,
        aliases,
        item_type,
        exclude_contexts
    from {{ ref('stg_taxonomy__default_skills') }}

),

user_taxonomy as (

    select
        'user_taxonomy' as input_name,
        {{ string_literal("taxonomy_path '" ~ var('taxonomy_path', none) ~ "'") }} as taxonomy_label,
        input_row_number,
        skill_name,
        category,
        aliases,
        item_type,
        exclude_contexts
    from {{ ref('stg_user__taxonomy') }}

),

unioned as (

    select * from default_taxonomy
    union all
    select * from user_taxonomy

),

final as (

    select
        unioned.input_name,
        unioned.taxonomy_label,
        unioned.input_row_number,
        case
            when coalesce(trim(unioned.item_type), '') = '' then 'skill'
            when lower(trim(unioned.item_type)) in ('skill', 'tool', 'theme', 'signal')
                then lower(trim(unioned.item_type))
        end as item_type,
        unioned.item_type as type_written,
        {{ skill_id_from_name('unioned.skill_name') }} as item_id,
        unioned.skill_name as item_name,
        unioned.category,
        unioned.aliases,
        unioned.exclude_contexts
    from unioned
    inner join selected_inputs
        on unioned.input_name = selected_inputs.input_name
    where unioned.skill_name is not null and unioned.skill_name <> ''

)

select * from final
