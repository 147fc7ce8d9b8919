{{ config(materialized=user_file_materialization()) }}

{#- The user's taxonomy (var taxonomy_path), one row per row of the file: header skill_name,
    category, aliases and, optionally, type (skill, tool, theme or signal; empty means skill) and
    exclude_contexts (phrases separated by `|` in which the item's aliases do not count).
    With taxonomy_path unset, an empty relation of the same shape. -#}

{%- set path = var('taxonomy_path', none) -%}
{%- if path is not none -%}
    {#- lineage only: the file is read by path, as an escaped literal (macro read_input_file) -#}
    {%- do source('user_taxonomy', 'taxonomy') -%}
    {%- set checked = check_input_file(path, 'taxonomy_path', ['skill_name', 'category', 'aliases']) -%}
    {#- the optional type column, found as DuckDB finds columns: whatever its case (Type, TYPE) -#}
    {%- set type_column = namespace(name=none if execute else 'type') -%}
    {%- for column in checked.columns if column | lower == 'type' -%}
        {%- set type_column.name = column -%}
    {%- endfor -%}
    {#- the optional exclude_contexts column, found the same way -#}
    {%- set contexts_column = namespace(name=none if execute else 'exclude_contexts') -%}
    {%- for column in checked.columns if column | lower == 'exclude_contexts' -%}
        {%- set contexts_column.name = column -%}
    {%- endfor -%}
{%- endif %}

with source as (

    {% if path is none -%}
        select
            cast(null as {{ dbt.type_string() }}) as skill_name,
            cast(null as {{ dbt.type_string() }}) as category,
            cast(null as {{ dbt.type_string() }}) as aliases,
            cast(null as {{ dbt.type_string() }}) as item_type,
            cast(null as {{ dbt.type_string() }}) as exclude_contexts
        where false
    {%- else -%}
        select
            skill_name,
            category,
            aliases,
            {{ quote_identifier(type_column.name) if type_column.name is not none else 'cast(null as ' ~ dbt.type_string() ~ ')' }} as item_type,
            {{ quote_identifier(contexts_column.name) if contexts_column.name is not none else 'cast(null as ' ~ dbt.type_string() ~ ')' }} as exclude_contexts
        from {{ read_input_file(path, checked.options) }}
    {%- endif %}

),

renamed as (

    select
        trim(cast(skill_name as {{ dbt.type_string() }})) as skill_name,
        trim(cast(category as {{ dbt.type_string() }})) as category,
        trim(cast(aliases as {{ dbt.type_string() }})) as aliases,
        trim(cast(item_type as {{ dbt.type_string() }})) as item_type,
        trim(cast(exclude_contexts as {{ dbt.type_string() }})) as exclude_contexts,
        {{ row_number_as_read() }} as input_row_number
    from source

)

select * from renamed
