{#- One row per skill of the taxonomy in use: the sample's skills, or, for the user's postings,
    the user's taxonomy (var taxonomy_path) or the shipped default taxonomy. -#}

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
