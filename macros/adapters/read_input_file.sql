{#- Reading a user's file in place. DuckDB picks the reader by extension; every column is read
    as text (CSV) so that a bad value is quarantined by the models rather than failing the read.
    Parquet also gives each row's number within its file (file_row_number, from 0). -#}

{% macro read_input_file(relation, path) -%}
    {{ return(adapter.dispatch('read_input_file', 'job_skills')(relation, path)) }}
{%- endmacro %}

{% macro default__read_input_file(relation, path) -%}
    {{ exceptions.raise_compiler_error("read_input_file is not implemented for adapter " ~ adapter.type()) }}
{%- endmacro %}

{% macro duckdb__read_input_file(relation, path) -%}
    {%- set lowered = path | lower -%}
    {%- if lowered.endswith('.parquet') -%}
        read_parquet({{ relation }}, filename = true, file_row_number = true)
    {%- elif lowered.endswith('.jsonl') or lowered.endswith('.ndjson') or lowered.endswith('.json') -%}
        read_json({{ relation }}, filename = true)
    {%- else -%}
        read_csv({{ relation }}, all_varchar = true, header = true, filename = true)
    {%- endif -%}
{%- endmacro %}


{#- Checks before a user's file is read, so that a wrong path, an empty file or a mapped column
    that does not exist stops the build with one clear message naming the file or column. -#}

{% macro check_input_file(relation, path, var_name, required_columns) -%}
    {{ return(adapter.dispatch('check_input_file', 'job_skills')(relation, path, var_name, required_columns)) }}
{%- endmacro %}

{% macro default__check_input_file(relation, path, var_name, required_columns) -%}
    {{ return([]) }}
{%- endmacro %}

{% macro duckdb__check_input_file(relation, path, var_name, required_columns) -%}
    {#- Returns the file's column names; raises a compiler error naming what is wrong. -#}
    {%- if not execute -%}{{ return([]) }}{%- endif -%}
    {%- set files = run_query("select filename, size from read_blob(" ~ relation ~ ") order by filename") -%}
    {%- if files.rows | length == 0 -%}
        {{ exceptions.raise_compiler_error(var_name ~ " '" ~ path ~ "' matches no file") }}
    {%- endif -%}
    {%- for row in files.rows -%}
        {%- if row[1] == 0 -%}
            {{ exceptions.raise_compiler_error(var_name ~ ": file '" ~ row[0] ~ "' is empty") }}
        {%- endif -%}
    {%- endfor -%}
    {%- set described = run_query("describe select * from " ~ read_input_file(relation, path)) -%}
    {%- set columns = described.columns[0].values() | list -%}
    {%- for column in required_columns -%}
        {%- if column not in columns -%}
            {%- set hint = " (one column only: is the delimiter a comma, a semicolon or a tab the reader can detect?)" if columns | length == 1 else "" -%}
            {{ exceptions.raise_compiler_error(
                var_name ~ ": column " ~ tojson(column) ~ " does not exist in '" ~ path ~ "'; its columns are "
                ~ tojson(columns | reject('equalto', 'filename') | list) ~ hint
            ) }}
        {%- endif -%}
    {%- endfor -%}
    {{ return(columns) }}
{%- endmacro %}


{% macro files_to_fingerprint(relation, fingerprinted, description_column) -%}
    {#- The input files that are new or changed (size or modification time) since `fingerprinted`
        was built, were modified within 2 seconds before that, or were read from another
        description column, as a SQL list of string literals ('' when none, matching no file). -#}
    {%- if not execute -%}{{ return("''") }}{%- endif -%}
    {%- set found = run_query(
        "select filename from read_blob(" ~ relation ~ ") as files"
        ~ " where not exists (select 1 from " ~ fingerprinted ~ " as done"
        ~ " where done.input_file = files.filename and done.input_file_bytes = files.size"
        ~ " and done.input_file_modified_at = files.last_modified"
        ~ " and done.input_file_modified_at < done.fingerprinted_at - interval 2 second"
        ~ " and done.description_column = '" ~ (description_column | replace("'", "''")) ~ "') order by filename"
    ) -%}
    {%- set quoted = [] -%}
    {%- for name in found.columns[0].values() -%}
        {%- do quoted.append("'" ~ (name | replace("'", "''")) ~ "'") -%}
    {%- endfor -%}
    {{ return(quoted | join(', ') if quoted else "''") }}
{%- endmacro %}
