{{ config(materialized='view') }}

{#- One row per posting row of the input the build reads (model int_inputs_selected), in the
    one canonical posting layout (macro posting_columns): the shipped sample's postings or the
    user's. Each input gives the columns it has; a column it does not have is a typed null
    (the sample has no text, so no description fingerprints, and no pay; the user's file has no job board,
    team size or organisation bounds). `location_text` is the text the place columns are parsed from
    (the user's location as written; the sample's region and country, 'Seattle, United States');
    the parsed columns themselves (macro parsed_posting_column_names) and every cleaning rule
    come next, in int_postings_cleaned. -#}

{%- set inputs = {
    'sample_postings': ['description_length', 'description_hash', 'normalized_description_hash',
                        'input_file', 'input_file_row_number', 'salary_text'],
    'user_postings': ['job_board', 'country', 'work_arrangement', 'org_size_min_employees',
                      'org_size_max_employees', 'team_size', 'is_distributed_team'],
} %}

with selected_inputs as (

    select input_name from {{ ref('int_inputs_selected') }}

),

sample_postings as (

    select
        'sample_postings' as input_name,
        row_number() over (order by posting_id) as input_row_number,
        posting_id,
        role,
        title,
        company,
        job_board,
        industry,
        region,
        {{ dbt.concat(["coalesce(region, '')", "', '", "coalesce(country, '')"]) }} as location_text,
        country,
        org_size_band,
        work_arrangement,
        cast(posted_date as {{ dbt.type_string() }}) as posted_date_text,
        org_size_min_employees,
        org_size_max_employees,
        team_size,
        false as is_text_input,
        is_distributed_team,
        posted_date
    from {{ ref('stg_sample__postings') }}

),

user_postings as (

    select
        'user_postings' as input_name,
        input_row_number,
        posting_id,
        role,
        title,
        company,
        industry,
        region,
        region as location_text,
        org_size_band,
        description_length,
        description_hash,
        normalized_description_hash,
        posted_date_text,
        salary_text,
        input_file,
        input_file_row_number,
        true as is_text_input,
        posted_date
    from {{ ref('int_user_postings_normalized') }}

),

unioned as (

    {% for input_name, missing in inputs.items() %}
        {%- set columns = [] -%}
        {%- for name, type in posting_columns() if name not in parsed_posting_column_names() -%}
            {%- do columns.append('cast(' ~ ('null' if name in missing else name) ~ ' as ' ~ type ~ ') as ' ~ name) -%}
        {%- endfor %}
        select
            {{ columns | join(',\n            ') }}
        from {{ input_name }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

final as (

    select unioned.*
    from unioned
    inner join selected_inputs
        on unioned.input_name = selected_inputs.input_name

)

select * from final
