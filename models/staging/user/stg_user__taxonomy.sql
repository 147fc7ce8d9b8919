{{ config(enabled=var('taxonomy_path', none) is not none) }}

{%- set path = var('taxonomy_path') -%}
{%- set relation = source('user_taxonomy', 'taxonomy') -%}
{%- do check_input_file(relation, path, 'taxonomy_path', ['skill_name', 'category', 'aliases']) %}

with source as (

    select * from {{ read_input_file(relation, path) }}

),

renamed as (

    select
        trim(cast(skill_name as varchar)) as skill_name,
        trim(cast(category as varchar)) as category,
        trim(cast(aliases as varchar)) as aliases
    from source

)

select * from renamed
