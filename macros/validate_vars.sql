{#- Every var of the project, checked once at the start of a run (the first on-run-start hook,
    so it fires before anything is built by run, build, seed, test or snapshot). A bad value stops
    the run with one line per bad var, naming the var, the value given and what is allowed:
        var deduplicate_postings must be true or false (a YAML boolean), got the string 'false'
    Several bad vars are reported together in that one line, separated by "; ".

    Vars given with --vars that the project does not have (a misspelt name would otherwise be
    ignored and its default used without a word) are errors too. dbt shows the command line's
    vars as invocation_args_dict['vars']; vars written into dbt_project.yml itself cannot be
    listed from Jinja, so only the command line's are checked for unknown names. -#}

{% macro validate_vars() -%}
    {%- set fields = postings_field_names() -%}
    {%- set known = [
        'tier_core_min_share', 'tier_important_min_share', 'wilson_z', 'small_sample_max_postings',
        'min_postings_per_role_report', 'cooccurrence_min_postings', 'trend_period', 'published_role', 'postings_path', 'postings_columns', 'taxonomy_path', 'match_mode', 'word_matcher',
        'deduplicate_postings', 'max_description_chars'
    ] -%}
    {%- set problems = [] -%}

    {%- set given = (invocation_args_dict or {}).get('vars') or {} -%}
    {%- if given is mapping -%}
        {%- for name in given if name not in known -%}
            {%- do problems.append(
                "var " ~ name ~ " is not a var of this project (misspelt?); its vars are " ~ (known | sort | join(', '))
            ) -%}
        {%- endfor -%}
    {%- endif -%}

    {#- shares: numbers in [0, 1] (NaN, which is not equal to itself, is not), in order -#}
    {%- set shares_ok = [] -%}
    {%- for name in ['tier_core_min_share', 'tier_important_min_share'] -%}
        {%- set value = var(name) -%}
        {%- if not is_yaml_number(value) or value != value or value < 0 or value > 1 -%}
            {%- do problems.append("var " ~ name ~ " must be a number from 0 to 1 (a share of postings), got " ~ describe_var_value(value)) -%}
        {%- else -%}
            {%- do shares_ok.append(name) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if shares_ok | length == 2 and var('tier_important_min_share') > var('tier_core_min_share') -%}
        {%- do problems.append(
            "var tier_important_min_share (" ~ var('tier_important_min_share')
            ~ ") must not exceed tier_core_min_share (" ~ var('tier_core_min_share')
            ~ "): a share at or above the core threshold is Core, below it and at or above the important one Important"
        ) -%}
    {%- endif -%}

    {#- z: a finite number above 0 (x * 0 == 0 is false for infinity and NaN) -#}
    {%- set z = var('wilson_z') -%}
    {%- if not is_yaml_number(z) or not z > 0 or z * 0 != 0 -%}
        {%- do problems.append("var wilson_z must be a number above 0 (1.96 for a 95% interval), got " ~ describe_var_value(z)) -%}
    {%- endif -%}

    {#- counts: whole numbers of at least 1 -#}
    {%- for name in ['small_sample_max_postings', 'min_postings_per_role_report', 'cooccurrence_min_postings', 'max_description_chars'] -%}
        {%- set value = var(name) -%}
        {%- if value is boolean or value is not integer or value < 1 -%}
            {%- do problems.append("var " ~ name ~ " must be a whole number of at least 1, got " ~ describe_var_value(value)) -%}
        {%- endif -%}
    {%- endfor -%}

    {%- set role = var('published_role') -%}
    {%- if role is not string or role | trim == '' -%}
        {%- do problems.append("var published_role must be a non-empty string (a role name), got " ~ describe_var_value(role)) -%}
    {%- endif -%}

    {#- paths: unset (null) or a non-empty string -#}
    {%- for name in ['postings_path', 'taxonomy_path'] -%}
        {%- set value = var(name, none) -%}
        {%- if value is not none and (value is not string or value | trim == '') -%}
            {%- do problems.append("var " ~ name ~ " must be null (unset) or a non-empty string (a file path or glob), got " ~ describe_var_value(value)) -%}
        {%- endif -%}
    {%- endfor -%}

    {%- set columns = var('postings_columns', {}) -%}
    {%- if columns is none -%}
        {#- `postings_columns:` with nothing after it is YAML null: the same as the default {} -#}
    {%- elif columns is not mapping -%}
        {%- do problems.append(
            "var postings_columns must be a mapping from the fields " ~ (fields | join(', '))
            ~ " to column names, e.g. {description: \"Job Description\"}, got " ~ describe_var_value(columns)
        ) -%}
    {%- else -%}
        {%- for field, column in columns.items() -%}
            {%- if field not in fields -%}
                {%- do problems.append(
                    "var postings_columns has an unknown field '" ~ field ~ "'"
                    ~ "; the fields are " ~ (fields | join(', '))
                ) -%}
            {%- elif column is not string or column | trim == '' -%}
                {%- do problems.append(
                    "var postings_columns." ~ field ~ " must be a column name (a non-empty string), got " ~ describe_var_value(column)
                ) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}

    {%- set mode = var('match_mode') -%}
    {%- if mode is not string or mode not in ['word', 'substring'] -%}
        {%- do problems.append("var match_mode must be 'word' or 'substring' (exactly, lower case), got " ~ describe_var_value(mode)) -%}
    {%- endif -%}

    {%- set matcher = var('word_matcher') -%}
    {%- if matcher is not string or matcher not in ['auto', 'native', 'sql'] -%}
        {%- do problems.append("var word_matcher must be 'auto', 'native' or 'sql' (exactly, lower case), got " ~ describe_var_value(matcher)) -%}
    {%- endif -%}

    {%- set period = var('trend_period') -%}
    {%- if period is not string or period not in ['month', 'quarter', 'year'] -%}
        {%- do problems.append("var trend_period must be 'month', 'quarter' or 'year' (exactly, lower case), got " ~ describe_var_value(period)) -%}
    {%- endif -%}

    {%- set deduplicate = var('deduplicate_postings') -%}
    {%- if deduplicate is not boolean -%}
        {%- do problems.append("var deduplicate_postings must be true or false (a YAML boolean), got " ~ describe_var_value(deduplicate)) -%}
    {%- endif -%}

    {%- if problems -%}
        {{ exceptions.raise_compiler_error(problems | join('; ')) }}
    {%- endif -%}
{%- endmacro %}

{% macro is_yaml_number(value) -%}
    {#- A YAML number (integer or float), not a boolean and not a string of digits. -#}
    {{ return(value is not boolean and (value is integer or value is float)) }}
{%- endmacro %}

{% macro describe_var_value(value) -%}
    {#- A var's value for a message, with its YAML type where that is the point:
        the string 'false', the boolean true, the number -1, null, a list [...], a mapping {...}. -#}
    {%- if value is none -%}
        {%- set text = 'null' -%}
    {%- elif value is boolean -%}
        {%- set text = 'the boolean ' ~ (value | string | lower) -%}
    {%- elif value is string -%}
        {%- set text = "the string '" ~ value ~ "'" -%}
    {%- elif value is integer or value is float -%}
        {%- set text = 'the number ' ~ value -%}
    {%- elif value is mapping -%}
        {%- set text = 'a mapping ' ~ value -%}
    {%- elif value is iterable -%}
        {%- set text = 'a list ' ~ (value | list) -%}
    {%- else -%}
        {%- set text = value | string -%}
    {%- endif -%}
    {{ return(text | replace('\r', '\\r') | replace('\n', '\\n')) }}
{%- endmacro %}
