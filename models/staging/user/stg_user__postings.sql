{{ config(materialized=user_file_materialization()) }}

{#- The user's postings, columns mapped to the canonical fields by var postings_columns. A mapped
    column that does not exist, a path that matches no file, or an empty file stops the build
    with one message naming it (macro check_input_file). Column names are quoted identifiers.
    With var postings_path unset there is no file to read: the model is an empty relation of the
    same shape (model int_inputs_selected does not choose this input then). -#}

{%- set fields = postings_field_names() -%}
{%- set mapping = postings_column_map() -%}
{%- for field in mapping if field not in fields -%}
    {{ exceptions.raise_compiler_error(
        "postings_columns: unknown field " ~ tojson(field) ~ "; the fields are " ~ tojson(fields)
    ) }}
{%- endfor -%}
{%- set path = var('postings_path', none) -%}
{%- if path is not none -%}
    {#- lineage only: the file is read by path, as an escaped literal (macro read_input_file) -#}
    {%- do source('user_postings', 'postings') -%}
    {#- the text fields: a description or title column that is not text is an error naming it -#}
    {%- set text_columns = [mapping.get('description', 'description'), mapping.get('title', 'title')] -%}
    {%- set checked = check_input_file(path, 'postings_path', mapping.values() | list, text_columns) -%}
    {%- set columns = checked.columns -%}
{%- endif -%}
{%- set chosen = {} -%}
{%- for field in fields -%}
    {%- if path is none -%}
        {%- do chosen.update({field: 'null'}) -%}
    {%- elif field in mapping -%}
        {%- do chosen.update({field: quote_identifier(mapping[field])}) -%}
    {%- elif field in columns or not execute -%}
        {%- do chosen.update({field: quote_identifier(field)}) -%}
    {%- elif field == 'description' -%}
        {{ exceptions.raise_compiler_error(
            "postings_columns: map `description` to the column holding the posting text; '" ~ path
            ~ "' has no column named description (its columns are " ~ tojson(columns) ~ ")"
        ) }}
    {%- else -%}
        {%- do chosen.update({field: 'null'}) -%}
    {%- endif -%}
{%- endfor %}

{%- set is_parquet = path is not none and (path | lower).endswith('.parquet') %}

with source as (

    {% if path is none -%}
        select cast(null as {{ dbt.type_string() }}) as __input_file
        where false
    {%- else -%}
        select * from {{ read_input_file(path, checked.options) }}
    {%- endif %}

),

{# Rows are numbered across all files in file order (the input's row number; DuckDB keeps the
    files' and rows' order) and within their file: stable when other files come and go, which
    incremental builds rely on. Parquet gives the latter directly; for CSV and JSON it is
    derived from the former. #}
renamed as (

    select
        {% for field in fields -%}
            cast({{ chosen[field] }} as {{ dbt.type_string() }})
                as {{ 'source_posting_id' if field == 'posting_id' else field }},
        {% endfor -%}
        __input_file as input_file,
        {% if is_parquet -%}
            file_row_number + 1 as input_file_row_number,
        {% endif -%}
        {{ input_row_number_as_read() if path is not none else row_number_as_read() }} as input_row_number
    from source

),

final as (

    {% if is_parquet -%}
        select * from renamed
    {%- else -%}
        select
            *,
            input_row_number - min(input_row_number) over (partition by input_file) + 1 as input_file_row_number
        from renamed
    {%- endif %}

)

select * from final
