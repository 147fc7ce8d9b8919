{#- The canonical layouts every input is normalised into (DESIGN.md, The flow), each written once. -#}

{% macro posting_columns() -%}
    {#- The canonical posting layout: (name, type) of every column, in order. Model
        int_postings_unioned gives every input this shape (a column an input does not have is a
        typed null) but for the parsed columns (macro parsed_posting_column_names), which model
        int_postings_cleaned adds; classification and deduplication list their columns from here. -#}
    {{ return([
        ('input_name', dbt.type_string()),
        ('input_row_number', 'bigint'),
        ('posting_id', dbt.type_string()),
        ('role', dbt.type_string()),
        ('title', dbt.type_string()),
        ('company', dbt.type_string()),
        ('job_board', dbt.type_string()),
        ('industry', dbt.type_string()),
        ('region', dbt.type_string()),
        ('location_text', dbt.type_string()),
        ('city', dbt.type_string()),
        ('state_or_region', dbt.type_string()),
        ('state_code', dbt.type_string()),
        ('country', dbt.type_string()),
        ('country_code', dbt.type_string()),
        ('org_size_band', dbt.type_string()),
        ('work_arrangement', dbt.type_string()),
        ('description_length', 'bigint'),
        ('description_hash', dbt.type_string()),
        ('normalized_description_hash', dbt.type_string()),
        ('posted_date_text', dbt.type_string()),
        ('salary_text', dbt.type_string()),
        ('salary_min', 'double'),
        ('salary_max', 'double'),
        ('salary_period', dbt.type_string()),
        ('input_file', dbt.type_string()),
        ('input_file_row_number', 'bigint'),
        ('org_size_min_employees', 'integer'),
        ('org_size_max_employees', 'integer'),
        ('team_size', 'integer'),
        ('is_text_input', 'boolean'),
        ('is_distributed_team', 'boolean'),
        ('posted_date', 'date'),
    ]) }}
{%- endmacro %}

{% macro posting_column_names(exclude=[]) -%}
    {#- The names of the canonical posting columns, in order, without those in `exclude`. -#}
    {%- set names = [] -%}
    {%- for name, type in posting_columns() if name not in exclude -%}
        {%- do names.append(name) -%}
    {%- endfor -%}
    {{ return(names) }}
{%- endmacro %}

{% macro parsed_posting_column_names() -%}
    {#- The canonical posting columns no input gives, which model int_postings_cleaned adds:
        parsed from the location (model int_locations_parsed) and from the salary text (model
        int_salaries_parsed). -#}
    {{ return(['city', 'state_or_region', 'state_code', 'country_code', 'salary_min', 'salary_max', 'salary_period']) }}
{%- endmacro %}

{% macro postings_field_names() -%}
    {#- The canonical fields of a user's postings file that var postings_columns maps to its
        columns (DESIGN.md, Contracts); only description is required. salary is a pay text
        ("$53K-$91K (Glassdoor est.)"); a file with the amounts in columns of their own maps
        salary_min, salary_max and salary_period instead (model int_user_postings_normalized). -#}
    {{ return([
        'posting_id', 'title', 'description', 'company', 'location', 'industry', 'org_size', 'posted_date',
        'salary', 'salary_min', 'salary_max', 'salary_period'
    ]) }}
{%- endmacro %}
