{{ config(enabled=var('taxonomy_path', none) is not none) }}

{#- lineage only: the file is read by path, as an escaped literal (macro read_input_file) -#}
{%- do source('user_taxonomy', 'taxonomy') -%}
{%- set path = var('taxonomy_path') -%}
{%- set checked = check_input_file(path, 'taxonomy_path', ['skill_name', 'category', 'aliases']) %}

with source as (

    select * from {{ read_input_file(path, checked.options) }}

),

renamed as (

    select
        trim(cast(skill_name as varchar)) as skill_name,
        trim(cast(category as varchar)) as category,
        trim(cast(aliases as varchar)) as aliases
    from source

)

select * from renamed
