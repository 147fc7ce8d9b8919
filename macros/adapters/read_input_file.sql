{#- Reading a user's file in place. DuckDB picks the reader by extension; every column is read
    as text (CSV) so that a bad value is quarantined by the models rather than failing the read.
    The path reaches SQL only as an escaped string literal (macro string_literal), never pasted
    and never through dbt-duckdb's external_location (which formats it with str.format): a quote,
    a brace or a parenthesis in a file name is just a character. DuckDB still reads `*`, `?`,
    `[` and `]` in a path as glob characters (its documented glob feature).
    Every reader adds the file name as column __input_file (not `filename`, so that a file with
    its own `filename` column reads as it is); Parquet also gives each row's number within its
    file (file_row_number, from 0). -#}

{% macro read_input_file(path, options={}) -%}
    {{ return(adapter.dispatch('read_input_file', 'job_skills')(path, options)) }}
{%- endmacro %}

{% macro default__read_input_file(path, options) -%}
    {{ exceptions.raise_compiler_error("read_input_file is not implemented for adapter " ~ adapter.type()) }}
{%- endmacro %}

{% macro spark__read_input_file(path, options) -%}
    {#- the temporary view macro spark__check_input_file created for this path (in this session) -#}
    {{ spark_input_view_name(path) }}
{%- endmacro %}

{#- Spark reads a user's file through temporary views of the session, created while the model
    runs (never at parse time: `execute`), the path an escaped string literal in their options.
    A CSV is read as DuckDB reads it: header row, every column text, RFC 4180 quoting (a quote inside
    a quoted field written twice; fields span lines), UTF-8, the delimiter (comma, semicolon,
    tab or pipe) the one the header line holds most of (Spark does not sniff it; DuckDB does).
    A row with more or fewer fields than the header stops the read (mode FAILFAST) instead of
    being padded or cut silently. Parquet is read as it is; JSON as one object per line (JSON
    lines; a pretty-printed .json file stops the read), its types inferred as DuckDB infers them
    (its columns in name order, Spark's). Spark names files as URIs (file:///a%20b/...): __input_file
    is the plain path, as DuckDB gives it for an absolute path. -#}

{% macro input_row_number_as_read() -%}
    {#- Each row's number (from 1) across the files of a user's path, as DuckDB reads them: the
        files in name order (DuckDB's glob order), each file's rows in order. Spark packs files
        into its partitions largest first, so its read order (row_number_as_read) would number a
        glob's files in another order: it orders by the view's __input_file, then __read_order
        (a file's rows are read in order, in however many partitions). -#}
    {{ return(adapter.dispatch('input_row_number_as_read', 'job_skills')()) }}
{%- endmacro %}

{% macro default__input_row_number_as_read() -%}
    {{ return(row_number_as_read()) }}
{%- endmacro %}

{% macro spark__input_row_number_as_read() -%}
    row_number() over (order by __input_file, __read_order)
{%- endmacro %}

{% macro spark_input_view_name(path) -%}
    {{ return('__job_skills_input_' ~ local_md5(path | string)) }}
{%- endmacro %}

{% macro spark_file_path(uri) -%}
    {#- a file URI (file:/x or file:///x, percent-encoded or not) as a plain path; url_decode
        reads `+` as a space, so a literal `+` is encoded first -#}
    url_decode(replace(regexp_replace({{ uri }}, '^file:(//)?', ''), '+', '%2B'))
{%- endmacro %}

{% macro spark_listed_files_view(path) -%}
    {#- the files the path (or glob) names, Spark's binaryFile listing (contents not read) -#}
    {%- set view = spark_input_view_name(path) ~ '_files' -%}
    {%- do run_query(
        "create or replace temporary view " ~ view ~ " using binaryFile options (path " ~ string_literal(path) ~ ")"
    ) -%}
    {{ return(view) }}
{%- endmacro %}

{% macro duckdb__read_input_file(path, options) -%}
    {%- set lowered = path | lower -%}
    {%- if lowered.endswith('.parquet') -%}
        read_parquet({{ string_literal(path) }}, filename = '__input_file', file_row_number = true)
    {%- elif lowered.endswith('.jsonl') or lowered.endswith('.ndjson') or lowered.endswith('.json') -%}
        read_json(
            {{ string_literal(path) }}, filename = '__input_file',
            maximum_object_size = {{ options.get('maximum_object_size', 16777216) | int }}
        )
    {%- else -%}
        read_csv(
            {{ string_literal(path) }}, all_varchar = true, header = true, filename = '__input_file',
            {{ csv_size_options(options) }}
        )
    {%- endif -%}
{%- endmacro %}

{% macro csv_default_max_line_size() -%}
    {#- DuckDB's default CSV line limit (2 MiB). -#}
    {{ return(2097152) }}
{%- endmacro %}

{% macro csv_size_options(options) -%}
    {#- max_line_size (and buffer_size) for read_csv, from macro input_file_options. -#}
    max_line_size = {{ options.get('max_line_size', csv_default_max_line_size()) | int }}
    {%- if options.get('buffer_size') %}, buffer_size = {{ options['buffer_size'] | int }}{% endif -%}
{%- endmacro %}


{#- The files a path (or glob) names, one row each: file_name, file_bytes, file_modified_at; a
    table expression. -#}

{% macro list_input_files(path) -%}
    {{ return(adapter.dispatch('list_input_files', 'job_skills')(path)) }}
{%- endmacro %}

{% macro default__list_input_files(path) -%}
    {{ exceptions.raise_compiler_error("list_input_files is not implemented for adapter " ~ adapter.type()) }}
{%- endmacro %}

{% macro spark__list_input_files(path) -%}
    {%- set view = spark_listed_files_view(path) if execute else spark_input_view_name(path) ~ '_files' -%}
    (
        select
            {{ spark_file_path('path') }} as file_name,
            length as file_bytes,
            modificationTime as file_modified_at
        from {{ view }}
    ) as input_files
{%- endmacro %}

{% macro duckdb__list_input_files(path) -%}
    (
        select
            filename as file_name,
            size as file_bytes,
            last_modified as file_modified_at
        from read_blob({{ string_literal(path) }})
    ) as input_files
{%- endmacro %}


{#- The files a path names must exist and not be empty (else one message naming the var or file).
    Rows of a CSV that the reader cannot take as they are (a ragged row, an unterminated quote),
    found with DuckDB's rejects tables in one scan of the file(s) before anything else reads them:
    the build stops with one line naming the file and the row, rather than DuckDB's sniffer
    guessing another dialect (`column "Job Title" does not exist`) or failing at some later step.
    Returns the reader options the files need. DuckDB's CSV line limit (2 MiB by default) is
    raised so that an oversized description reaches the quarantine (max_description_chars)
    instead of stopping the build: when no file is larger than 256 MiB, to the largest file's
    size, so any line fits (DuckDB then holds buffers up to the file's size); larger files get a
    64 MiB line limit with 128 MiB buffers (a larger limit makes DuckDB hold buffers as large as
    the file: measured 1.1 GB of memory for a 1 GB file, against 0.47 GB with these). A line
    over 64 MiB in a file over 256 MiB still stops the build, with DuckDB's message. JSON's
    maximum_object_size is chosen the same way (DuckDB allocates twice it at once: 2 GiB would
    need 4 GiB). -#}

{% macro input_file_options(path, var_name) -%}
    {{ return(adapter.dispatch('input_file_options', 'job_skills')(path, var_name)) }}
{%- endmacro %}

{% macro default__input_file_options(path, var_name) -%}
    {{ return({}) }}
{%- endmacro %}

{% macro duckdb__input_file_options(path, var_name) -%}
    {%- if not execute -%}{{ return({}) }}{%- endif -%}
    {#- first of all: the path names files, none of them empty -#}
    {%- set files = run_query("select filename, size from read_blob(" ~ string_literal(path) ~ ") order by filename") -%}
    {%- if files.rows | length == 0 -%}
        {{ exceptions.raise_compiler_error(var_name ~ " '" ~ path ~ "' matches no file") }}
    {%- endif -%}
    {%- for row in files.rows -%}
        {%- if row[1] == 0 -%}
            {{ exceptions.raise_compiler_error(var_name ~ ": file '" ~ row[0] ~ "' is empty") }}
        {%- endif -%}
    {%- endfor -%}
    {%- set lowered = path | lower -%}
    {#- the reader follows the path's extension; a path without one is read as CSV, so a pattern
        like `postings/*` that matches Parquet or JSON files would be read as text: say so -#}
    {%- set typed = ('.parquet', '.jsonl', '.ndjson', '.json') -%}
    {%- if not lowered.endswith(typed + ('.csv',)) -%}
        {%- for row in files.rows if (row[0] | lower).endswith(typed) -%}
            {{ exceptions.raise_compiler_error(
                var_name ~ " '" ~ path ~ "' does not end in .csv, .parquet, .json, .jsonl or .ndjson, so it would be"
                ~ " read as CSV, but it matches '" ~ row[0] ~ "': end the pattern in the files' extension (e.g. *.parquet)"
            ) }}
        {%- endfor -%}
    {%- endif -%}
    {%- set largest = files.columns[1].values() | max -%}
    {%- if lowered.endswith('.parquet') -%}
        {{ return({}) }}
    {%- elif lowered.endswith('.jsonl') or lowered.endswith('.ndjson') or lowered.endswith('.json') -%}
        {#- the same for one JSON value (default limit 16 MiB; DuckDB allocates twice the limit) -#}
        {{ return({'maximum_object_size': [largest + 1, 16777216] | max if largest <= 268435456 else 67108864}) }}
    {%- endif -%}
    {%- if largest <= 268435456 -%}
        {#- no line can be longer than its file: any description fits -#}
        {%- set options = {'max_line_size': [largest + 1, csv_default_max_line_size()] | max} -%}
    {%- else -%}
        {%- set options = {'max_line_size': 67108864, 'buffer_size': 134217728} -%}
    {%- endif -%}
    {%- set rejects = csv_rejected_rows(path, options) -%}
    {%- if rejects.rows | length > 0 -%}
        {%- set first = rejects.rows[0] -%}
        {%- set more = rejects.rows | length - 1 -%}
        {%- if first['expected_fields'] -%}
            {%- set problem = "has " ~ first['found_fields'] ~ " fields where the header has " ~ first['expected_fields'] -%}
        {%- else -%}
            {%- set problem = first['error_message'] | replace('\n', ' ') -%}
        {%- endif -%}
        {{ exceptions.raise_compiler_error(
            var_name ~ ": file '" ~ first['file_path'] ~ "', row " ~ first['row_number'] ~ " after the header "
            ~ problem ~ ' (it starts ' ~ tojson(first['row_start']) ~ ')'
            ~ (("; " ~ more ~ " more such row" ~ ("s" if more > 1 else "")) if more > 0 else "")
        ) }}
    {%- endif -%}
    {{ return(options) }}
{%- endmacro %}

{% macro csv_rejected_rows(path, options) -%}
    {#- One scan of the CSV file(s) with DuckDB's rejects tables (temporary, dropped again):
        every row the reader rejects, with its file, row number after the header, the fields
        expected and found, and the start of the row as written. -#}
    {%- set errors_table = '__job_skills_reject_errors' -%}
    {%- set scans_table = '__job_skills_reject_scans' -%}
    {%- do run_query("drop table if exists temp.main." ~ errors_table) -%}
    {%- do run_query("drop table if exists temp.main." ~ scans_table) -%}
    {%- do run_query(
        "select count(*) from read_csv(" ~ string_literal(path) ~ ", all_varchar = true, header = true,"
        ~ csv_size_options(options) ~ ", store_rejects = true,"
        ~ " rejects_table = " ~ string_literal(errors_table) ~ ", rejects_scan = " ~ string_literal(scans_table) ~ ")"
    ) -%}
    {%- set rejected = run_query(
        "select scans.file_path, cast(errors.line as bigint) - 1 as row_number,"
        ~ " cast(errors.error_type as varchar) as error_type, errors.error_message,"
        ~ " nullif(regexp_extract(errors.error_message, 'Expected Number of Columns: (\\d+)', 1), '') as expected_fields,"
        ~ " nullif(regexp_extract(errors.error_message, 'Found: (\\d+)', 1), '') as found_fields,"
        ~ " regexp_replace(left(coalesce(errors.csv_line, ''), 60), '\\s+', ' ', 'g') as row_start"
        ~ " from temp.main." ~ errors_table ~ " as errors"
        ~ " inner join temp.main." ~ scans_table ~ " as scans"
        ~ " on errors.scan_id = scans.scan_id and errors.file_id = scans.file_id"
        ~ " order by scans.file_path, errors.line"
    ) -%}
    {%- do run_query("drop table if exists temp.main." ~ errors_table) -%}
    {%- do run_query("drop table if exists temp.main." ~ scans_table) -%}
    {{ return(rejected) }}
{%- endmacro %}


{#- Checks before a user's file is read, so that a wrong path, an empty file, a row the reader
    cannot take, a mapped column that does not exist or a text field held in a column that is
    not text stops the build with one clear message naming the file or column. -#}

{% macro check_input_file(path, var_name, required_columns, text_columns=[]) -%}
    {{ return(adapter.dispatch('check_input_file', 'job_skills')(path, var_name, required_columns, text_columns)) }}
{%- endmacro %}

{% macro default__check_input_file(path, var_name, required_columns, text_columns) -%}
    {{ return({'columns': [], 'options': {}}) }}
{%- endmacro %}

{% macro spark__check_input_file(path, var_name, required_columns, text_columns) -%}
    {#- Creates the views macro spark__read_input_file reads; checks as duckdb__check_input_file
        does, except the rows the reader cannot take: they stop the read itself (FAILFAST). -#}
    {%- if not execute -%}{{ return({'columns': [], 'options': {}}) }}{%- endif -%}
    {%- set files = run_query("select " ~ spark_file_path('path') ~ ", length from " ~ spark_listed_files_view(path) ~ " order by 1") -%}
    {%- if files.rows | length == 0 -%}
        {{ exceptions.raise_compiler_error(var_name ~ " '" ~ path ~ "' matches no file") }}
    {%- endif -%}
    {%- set lowered = path | lower -%}
    {%- set typed = ('.parquet', '.jsonl', '.ndjson', '.json') -%}
    {%- for row in files.rows -%}
        {%- if row[1] == 0 -%}
            {{ exceptions.raise_compiler_error(var_name ~ ": file '" ~ row[0] ~ "' is empty") }}
        {%- endif -%}
        {%- if not lowered.endswith(typed + ('.csv',)) and (row[0] | lower).endswith(typed) -%}
            {{ exceptions.raise_compiler_error(
                var_name ~ " '" ~ path ~ "' does not end in .csv, .parquet, .json, .jsonl or .ndjson, so it would be"
                ~ " read as CSV, but it matches '" ~ row[0] ~ "': end the pattern in the files' extension (e.g. *.parquet)"
            ) }}
        {%- endif -%}
    {%- endfor -%}
    {%- set view = spark_input_view_name(path) -%}
    {%- set path_option = "path " ~ string_literal(path) -%}
    {%- if lowered.endswith('.parquet') -%}
        {%- set reader = "parquet options (" ~ path_option ~ ")" -%}
    {%- elif lowered.endswith(('.jsonl', '.ndjson', '.json')) -%}
        {#- one JSON object per line; anything else stops the read -#}
        {%- set reader = "json options (" ~ path_option ~ ", encoding 'UTF-8', mode 'FAILFAST')" -%}
    {%- else -%}
        {#- the delimiter: of comma, semicolon, tab and pipe, the one the header line holds most
            of (the first on a tie) -#}
        {%- do run_query("create or replace temporary view " ~ view ~ "_lines using text options (" ~ path_option ~ ")") -%}
        {%- set header = run_query("select value from " ~ view ~ "_lines limit 1").columns[0].values()[0] or '' -%}
        {%- set ns = namespace(delimiter=',', most=0) -%}
        {%- for candidate in [',', ';', '\t', '|'] -%}
            {%- if header.count(candidate) > ns.most -%}
                {%- set ns.delimiter = candidate -%}
                {%- set ns.most = header.count(candidate) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- set reader = "csv options (" ~ path_option ~ ", header 'true', multiLine 'true', quote '\"', escape '\"',"
            ~ " encoding 'UTF-8', mode 'FAILFAST', sep " ~ string_literal(ns.delimiter) ~ ")" -%}
    {%- endif -%}
    {%- do run_query("create or replace temporary view " ~ view ~ "_raw using " ~ reader) -%}
    {#- as DuckDB's readers: the file name, and for Parquet each row's number within its file
        from 0 (in read order, __read_order: a file's rows in order, whatever partitions Spark
        splits it into; no model reads __read_order itself) -#}
    {%- set named = "select *, " ~ spark_file_path('input_file_name()') ~ " as __input_file,"
        ~ " monotonically_increasing_id() as __read_order from " ~ view ~ "_raw" -%}
    {%- if lowered.endswith('.parquet') -%}
        {%- set named = "select *, row_number() over (partition by __input_file order by __read_order) - 1"
            ~ " as file_row_number from (" ~ named ~ ")" -%}
    {%- endif -%}
    {%- do run_query("create or replace temporary view " ~ view ~ " as " ~ named) -%}
    {%- set described = run_query("describe " ~ view ~ "_raw") -%}
    {%- set types = {} -%}
    {%- for row in described.rows -%}
        {%- do types.update({row[0]: row[1] | string}) -%}
    {%- endfor -%}
    {%- set columns = described.columns[0].values() | list -%}
    {%- for column in required_columns -%}
        {%- if column not in columns -%}
            {%- set hint = " (one column only: is the delimiter a comma, a semicolon, a tab or a pipe?)" if columns | length == 1 else "" -%}
            {{ exceptions.raise_compiler_error(
                var_name ~ ": column " ~ tojson(column) ~ " does not exist in '" ~ path ~ "'; its columns are "
                ~ tojson(columns) ~ hint
            ) }}
        {%- endif -%}
    {%- endfor -%}
    {%- for column in text_columns if column in types and types[column] != 'string' -%}
        {{ exceptions.raise_compiler_error(
            var_name ~ ": column " ~ tojson(column) ~ " in '" ~ path ~ "' is " ~ types[column]
            ~ ", not text; descriptions and titles must be text (string) columns"
        ) }}
    {%- endfor -%}
    {{ return({'columns': columns, 'options': {}}) }}
{%- endmacro %}

{% macro duckdb__check_input_file(path, var_name, required_columns, text_columns) -%}
    {#- Returns the file's columns and the reader options it needs; raises a compiler error
        naming what is wrong. -#}
    {%- if not execute -%}{{ return({'columns': [], 'options': {}}) }}{%- endif -%}
    {%- set options = input_file_options(path, var_name) -%}
    {%- set described = run_query("describe select * from " ~ read_input_file(path, options)) -%}
    {%- set added = ['__input_file', 'file_row_number'] if (path | lower).endswith('.parquet') else ['__input_file'] -%}
    {%- set types = {} -%}
    {%- for row in described.rows if row[0] not in added -%}
        {%- do types.update({row[0]: row[1] | string}) -%}
    {%- endfor -%}
    {%- set columns = described.columns[0].values() | reject('in', added) | list -%}
    {%- for column in required_columns -%}
        {%- if column not in columns -%}
            {%- set hint = " (one column only: is the delimiter a comma, a semicolon or a tab the reader can detect?)" if columns | length == 1 else "" -%}
            {{ exceptions.raise_compiler_error(
                var_name ~ ": column " ~ tojson(column) ~ " does not exist in '" ~ path ~ "'; its columns are "
                ~ tojson(columns) ~ hint
            ) }}
        {%- endif -%}
    {%- endfor -%}
    {%- for column in text_columns if column in types and types[column] != 'VARCHAR' -%}
        {{ exceptions.raise_compiler_error(
            var_name ~ ": column " ~ tojson(column) ~ " in '" ~ path ~ "' is " ~ types[column]
            ~ ", not text; descriptions and titles must be text (VARCHAR) columns"
        ) }}
    {%- endfor -%}
    {{ return({'columns': columns, 'options': options}) }}
{%- endmacro %}


{% macro files_to_fingerprint(path, fingerprinted, description_column) -%}
    {#- The input files that are new or changed (size or modification time) since `fingerprinted`
        was built, were modified within 2 seconds before that, or were read from another
        description column, as a SQL list of string literals ('' when none, matching no file). -#}
    {%- if not execute or path is none -%}{{ return("''") }}{%- endif -%}
    {%- set found = run_query(
        "select filename from read_blob(" ~ string_literal(path) ~ ") as files"
        ~ " where not exists (select 1 from " ~ fingerprinted ~ " as done"
        ~ " where done.input_file = files.filename and done.input_file_bytes = files.size"
        ~ " and done.input_file_modified_at = files.last_modified"
        ~ " and done.input_file_modified_at < done.fingerprinted_at - interval 2 second"
        ~ " and done.description_column = " ~ string_literal(description_column) ~ ") order by filename"
    ) -%}
    {%- set quoted = [] -%}
    {%- for name in found.columns[0].values() -%}
        {%- do quoted.append(string_literal(name)) -%}
    {%- endfor -%}
    {{ return(quoted | join(', ') if quoted else "''") }}
{%- endmacro %}
