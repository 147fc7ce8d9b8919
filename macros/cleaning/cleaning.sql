{#- Cleaning rules for the canonical posting layout, each written once (docs/postings.md,
    "Cleaning"). Model int_postings_cleaned applies them to every input. -#}

{% macro placeholder_values() -%}
    {#- Values that mean "not stated", compared after trimming, collapsing white space and
        lower-casing: the empty string, -1 and dashes (Glassdoor's "missing"), the spellings of
        unknown / not applicable / none, and this project's own not-stated label. -#}
    {{ return([
        '', '-1', '-', '--', '---', '?', '.', 'n/a', 'n.a.', 'na', 'none', 'null', 'nil', 'nan',
        'unknown', '(unknown)', 'unknown / non-applicable', 'not applicable', 'not available',
        'not specified', 'unspecified', 'not stated', '(not stated)',
    ]) }}
{%- endmacro %}

{% macro not_stated_member() -%}
    {#- The one profile member that stands for every null (a placeholder or a missing value). -#}
    {{ return('(not stated)') }}
{%- endmacro %}

{% macro white_space_collapsed(expression) -%}
    {#- Trimmed, every run of white space (spaces, tabs, line breaks, no-break spaces) one space. -#}
    trim({{ regex_replace_all(expression, string_literal("[\\s\\x{00A0}]+"), "' '") }})
{%- endmacro %}

{% macro without_rating_line(expression) -%}
    {#- A trailing line that holds only a board's rating (a number 0-5 with at most one decimal,
        as Glassdoor appends to company names: "Novartis\n3.8") removed. -#}
    {{ regex_replace_all(expression, string_literal("[\\s\\x{00A0}]*[\\r\\n]+[\\s\\x{00A0}]*[0-5](\\.[0-9])?[\\s\\x{00A0}]*$"), "''") }}
{%- endmacro %}

{% macro cleaned_text(expression, strip_rating_line=false) -%}
    {#- A free-text field cleaned: the rating line removed (company names), white space
        collapsed and trimmed, and null when what is left is a placeholder (macro
        placeholder_values). -#}
    {%- set text = without_rating_line(expression) if strip_rating_line else expression -%}
    {%- set collapsed = white_space_collapsed(text) -%}
    case
        when lower({{ collapsed }}) in (
            {%- for value in placeholder_values() %}{{ string_literal(value) }}{% if not loop.last %}, {% endif %}{% endfor -%}
        ) then null
        else {{ collapsed }}
    end
{%- endmacro %}

{% macro employee_count(number, thousands) -%}
    {#- A number of employees from its digits (commas already removed) and an optional k. -#}
    cast(round(cast({{ number }} as double) * case when {{ thousands }} is not null then 1000 else 1 end) as integer)
{%- endmacro %}

{% macro org_size_bound(band, bound) -%}
    {#- The lower (bound='min') or upper (bound='max') employee count of an organisation size
        band, null when the band does not parse. Forms, case-insensitive, commas in numbers
        ignored, "employees" optional: a range "N-M", "N – M", "N to M" (51 to 200 employees,
        5k-10k, 500-1k), an open band "N+" (10000+ employees, 100k+: no upper bound), "less
        than N" / "under N" (1 to N-1) and a single number "N". k means thousands. -#}
    {%- set text = "lower(replace(" ~ band ~ ", ',', ''))" -%}
    {%- set number = "([0-9]+(?:\\.[0-9]+)?)\\s*(k)?" -%}
    {%- set range_pattern = string_literal("^\\s*" ~ number ~ "\\s*(?:-|–|—|to)\\s*" ~ number ~ "\\s*(?:employees)?\\s*$") -%}
    {%- set open_pattern = string_literal("^\\s*" ~ number ~ "\\s*\\+\\s*(?:employees)?\\s*$") -%}
    {%- set below_pattern = string_literal("^\\s*(?:less than|under|fewer than|<)\\s*" ~ number ~ "\\s*(?:employees)?\\s*$") -%}
    {%- set single_pattern = string_literal("^\\s*" ~ number ~ "\\s*(?:employees)?\\s*$") -%}
    {%- if bound == 'min' -%}
    case
        when {{ regex_matches(text, range_pattern) }} then {{ employee_count(regex_extract_group(text, range_pattern, 1), regex_extract_group(text, range_pattern, 2)) }}
        when {{ regex_matches(text, open_pattern) }} then {{ employee_count(regex_extract_group(text, open_pattern, 1), regex_extract_group(text, open_pattern, 2)) }}
        when {{ regex_matches(text, below_pattern) }} then 1
        when {{ regex_matches(text, single_pattern) }} then {{ employee_count(regex_extract_group(text, single_pattern, 1), regex_extract_group(text, single_pattern, 2)) }}
    end
    {%- elif bound == 'max' -%}
    case
        when {{ regex_matches(text, range_pattern) }} then {{ employee_count(regex_extract_group(text, range_pattern, 3), regex_extract_group(text, range_pattern, 4)) }}
        when {{ regex_matches(text, below_pattern) }} then {{ employee_count(regex_extract_group(text, below_pattern, 1), regex_extract_group(text, below_pattern, 2)) }} - 1
        when {{ regex_matches(text, single_pattern) }} then {{ employee_count(regex_extract_group(text, single_pattern, 1), regex_extract_group(text, single_pattern, 2)) }}
    end
    {%- else -%}
    {{ exceptions.raise_compiler_error("org_size_bound: bound is 'min' or 'max', not " ~ tojson(bound)) }}
    {%- endif -%}
{%- endmacro %}

{% macro open_band_upper_bound() -%}
    {#- What an open band's missing upper bound (100k+) sorts as: above every stated bound. -#}
    2147483647
{%- endmacro %}
