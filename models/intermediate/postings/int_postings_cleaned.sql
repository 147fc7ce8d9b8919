{{ config(materialized='view') }}

{#- One row per posting row of the input the build reads, in the canonical posting layout
    (macro posting_columns), cleaned by the rules written once in macros/cleaning/ and
    docs/postings.md ("Cleaning"), whichever input it came from: every free-text field trimmed
    and its white space collapsed, a placeholder ("-1", "N/A", "Unknown"...) made null, the
    rating line a board appends to a company name removed; organisation size bands parsed to
    employee bounds where the input gives none; the city, state or region and country parsed
    from the location (model int_locations_parsed), the country and work arrangement an input
    states kept before the parsed ones; the yearly pay range parsed from the salary text (model
    int_salaries_parsed). -#}

{%- set text_columns = [
    'title', 'job_board', 'industry', 'region', 'location_text', 'org_size_band', 'work_arrangement',
    'posted_date_text', 'salary_text'
] %}
{%- set salary_columns = ['salary_min', 'salary_max', 'salary_period'] %}

with postings as (

    select * from {{ ref('int_postings_unioned') }}

),

locations as (

    select * from {{ ref('int_locations_parsed') }}

),

salaries as (

    select * from {{ ref('int_salaries_parsed') }}

),

cleaned as (

    select
        postings.*,
        {%- for name in text_columns %}
            {{ cleaned_text('postings.' ~ name) }} as cleaned_{{ name }},
        {%- endfor %}
        {{ cleaned_text('postings.company', strip_rating_line=true) }} as cleaned_company,
        {{ cleaned_text('postings.country') }} as cleaned_country
    from postings

),

{%- set columns = [] %}
{%- for name in posting_column_names() %}
    {%- if name == 'work_arrangement' %}
        {%- do columns.append(
            'coalesce(cleaned.cleaned_work_arrangement, locations.work_arrangement) as work_arrangement'
        ) %}
    {%- elif name == 'country' %}
        {%- do columns.append('coalesce(cleaned.cleaned_country, locations.country) as country') %}
    {%- elif name in text_columns or name == 'company' %}
        {%- do columns.append('cleaned.cleaned_' ~ name ~ ' as ' ~ name) %}
    {%- elif name in salary_columns %}
        {%- do columns.append('salaries.' ~ name) %}
    {%- elif name in parsed_posting_column_names() %}
        {%- do columns.append('locations.' ~ name) %}
    {%- elif name in ['org_size_min_employees', 'org_size_max_employees'] %}
        {%- set bound = org_size_bound('cleaned.cleaned_org_size_band', name.split('_')[2]) %}
        {%- do columns.append('coalesce(cleaned.' ~ name ~ ', ' ~ bound ~ ') as ' ~ name) %}
    {%- else %}
        {%- do columns.append('cleaned.' ~ name) %}
    {%- endif %}
{%- endfor %}

final as (

    select
        {{ columns | join(',\n        ') }}
    from cleaned
    left join locations
        on cleaned.location_text = locations.location_text
    left join salaries
        on cleaned.salary_text = salaries.salary_text

)

select * from final
