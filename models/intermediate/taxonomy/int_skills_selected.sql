{#- One row per skill of the taxonomy in use: the sample's skills, or, for the user's postings,
    the user's taxonomy (var taxonomy_path) or the shipped default taxonomy. A user taxonomy's
    skill ids are derived from the names (macro skill_id_from_name); two names giving one id stop
    the build with a message naming both (macro check_skill_ids_distinct). -#}

{#- always a dependency, so that unit tests can give the default taxonomy in every mode -#}
-- depends_on: {{ ref('stg_taxonomy__default_skills') }}

with

{% if not is_user_mode() %}
    skills as (

        select
            skill_id,
            skill_name,
            category,
            aliases,
            notes
        from {{ ref('stg_taxonomy__skills') }}

    ),
{% else %}
    {%- if var('taxonomy_path', none) is not none -%}
        {%- do check_skill_ids_distinct(ref('stg_user__taxonomy'), "taxonomy_path '" ~ var('taxonomy_path') ~ "'") -%}
    {%- else -%}
        {%- do check_skill_ids_distinct(ref('stg_taxonomy__default_skills'), 'the default taxonomy') -%}
    {%- endif %}
    taxonomy as (

        {% if var('taxonomy_path', none) is not none -%}
            select * from {{ ref('stg_user__taxonomy') }}
        {%- else -%}
            select * from {{ ref('stg_taxonomy__default_skills') }}
        {%- endif %}

    ),

    skills as (

        select
            {{ skill_id_from_name('skill_name') }} as skill_id,
            skill_name,
            coalesce(nullif(category, ''), 'Uncategorised') as category,
            aliases,
            cast(null as varchar) as notes
        from taxonomy
        where skill_name is not null and skill_name <> ''

    ),
{% endif %}

final as (

    select * from skills

)

select * from final
