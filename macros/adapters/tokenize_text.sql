{#- Split text into word tokens with their character offsets: one row per (key, token).
    A token is a run of letters and digits, optionally led by a dot and joined by dots, or
    followed by + or #: "python", "c++", "c#", ".net", "node.js"; or a slash on its own
    ("Python/R" is "python", "/", "r"; "CI/CD" is "ci", "/", "cd"). A dot before "net" that ends
    a token starts a token of its own ("VB.NET" is "vb", ".net"; "C#.NET" is "c#", ".net").
    Spaces, hyphens and other punctuation separate tokens ("r-studio" is "r", "studio"). -#}

{% macro token_pattern() -%}
    {#- U+E000 is the dot of a split ".net" (macro net_dots_marked); it is a dot again in the tokens -#}
    {{ string_literal('[.\\x{E000}]?[\\pL\\pN]+(?:[+#]+|\\.[\\pL\\pN]+)*|/') }}
{%- endmacro %}

{% macro net_dots_marked(text) -%}
    {#- The text with the dot of each ".net" that ends a token after a letter, digit, + or # made
        U+E000 (one character for one, so offsets stay), which the token pattern does not join
        to the token before: RE2 has no lookahead, so the split is marked before tokenizing. -#}
    {{ regex_replace_all(
        text, string_literal('(?i)([\\pL\\pN+#])\\.(net)([^\\pL\\pN]|$)'),
        regex_group(1) ~ " || " ~ net_dot_mark() ~ " || " ~ regex_group(2) ~ " || " ~ regex_group(3)
    ) }}
{%- endmacro %}

{% macro net_dots_restored(text) -%}
    replace({{ text }}, {{ net_dot_mark() }}, '.')
{%- endmacro %}

{% macro net_dot_mark() -%}
    {#- U+E000 as a SQL string expression -#}
    {{ return(adapter.dispatch('net_dot_mark', 'job_skills')()) }}
{%- endmacro %}

{% macro default__net_dot_mark() -%}
    chr(57344)
{%- endmacro %}

{% macro spark__net_dot_mark() -%}
    {#- Spark's chr takes the code modulo 256 -#}
    '\uE000'
{%- endmacro %}

{% macro regex_group(number) -%}
    {#- A replacement string (a SQL literal) that stands for capture group `number` of the match -#}
    {{ return(adapter.dispatch('regex_group', 'job_skills')(number)) }}
{%- endmacro %}

{% macro default__regex_group(number) -%}
    '\{{ number | int }}'
{%- endmacro %}

{% macro spark__regex_group(number) -%}
    {#- Java's replacement syntax -#}
    '${{ number | int }}'
{%- endmacro %}

{% macro tokenize_text(relation, key_column, text_column) -%}
    {{ return(adapter.dispatch('tokenize_text', 'job_skills')(relation, key_column, text_column)) }}
{%- endmacro %}

{% macro default__tokenize_text(relation, key_column, text_column) -%}
    {{ exceptions.raise_compiler_error("tokenize_text is not implemented for adapter " ~ adapter.type()) }}
{%- endmacro %}

{% macro duckdb__tokenize_text(relation, key_column, text_column) -%}
    {#- Tokens and the separators before them are extracted as two lists and unnested side by
        side; a token's offset (0-based) is the running length of everything before it. -#}
    select
        {{ key_column }} as token_key,
        token_index,
        {{ net_dots_restored('token_text') }} as token_text,
        lower({{ net_dots_restored('token_text') }}) as token,
        cast(
            sum(length(separator_before) + length(token_text)) over (
                partition by {{ key_column }} order by token_index rows unbounded preceding
            ) - length(token_text) as bigint
        ) as char_offset
    from (
        select
            {{ key_column }},
            unnest(tokens) as token_text,
            unnest(separators[1:len(tokens)]) as separator_before,
            generate_subscripts(tokens, 1) as token_index
        from (
            select
                {{ key_column }},
                regexp_extract_all(marked_text, {{ token_pattern() }}) as tokens,
                regexp_split_to_array(marked_text, {{ token_pattern() }}) as separators
            from (
                {#- the .net dots marked once, for both lists -#}
                select
                    {{ key_column }},
                    {{ net_dots_marked(text_column) }} as marked_text
                from {{ relation }}
            ) as marked
        ) as listed
    ) as unnested
{%- endmacro %}

{% macro spark__tokenize_text(relation, key_column, text_column) -%}
    {#- The same two lists as on DuckDB; the tokens exploded with their positions (0-based). -#}
    select
        {{ key_column }} as token_key,
        token_index,
        {{ net_dots_restored('token_text') }} as token_text,
        lower({{ net_dots_restored('token_text') }}) as token,
        cast(
            sum(length(separator_before) + length(token_text)) over (
                partition by {{ key_column }} order by token_index rows unbounded preceding
            ) - length(token_text) as bigint
        ) as char_offset
    from (
        select
            {{ key_column }},
            token_position + 1 as token_index,
            token_text,
            element_at(separators, token_position + 1) as separator_before
        from (
            select
                {{ key_column }},
                regexp_extract_all(marked_text, {{ token_pattern() }}, 0) as tokens,
                split(marked_text, {{ token_pattern() }}, -1) as separators
            from (
                select
                    {{ key_column }},
                    {{ net_dots_marked(text_column) }} as marked_text
                from {{ relation }}
            ) as marked
        ) as listed
        lateral view posexplode(tokens) exploded as token_position, token_text
    ) as unnested
{%- endmacro %}



{% macro token_text(text) -%}
    {#- The text's tokens as written, joined by single spaces, with a space before the first and
        after the last: an alias of n tokens occurs in the text exactly where ' ' || its tokens
        joined by spaces || ' ' is a substring of this. -#}
    {{ return(adapter.dispatch('token_text', 'job_skills')(text)) }}
{%- endmacro %}

{% macro default__token_text(text) -%}
    {{ exceptions.raise_compiler_error("token_text is not implemented for adapter " ~ adapter.type()) }}
{%- endmacro %}

{% macro duckdb__token_text(text) -%}
    (' ' || {{ net_dots_restored(
        "array_to_string(regexp_extract_all(" ~ net_dots_marked(text) ~ ", " ~ token_pattern() ~ "), ' ')"
    ) }} || ' ')
{%- endmacro %}

{% macro spark__token_text(text) -%}
    {#- group 0: the whole match (Spark's default is group 1) -#}
    (' ' || {{ net_dots_restored(
        "array_join(regexp_extract_all(" ~ net_dots_marked(text) ~ ", " ~ token_pattern() ~ ", 0), ' ')"
    ) }} || ' ')
{%- endmacro %}


{% macro word_list(text) -%}
    {#- The text's tokens, lower-cased, as a list (an empty text gives ['']). -#}
    {{ split_to_list("trim(lower(" ~ token_text(text) ~ "))", "' '") }}
{%- endmacro %}


{% macro token_position(text, padded_key) -%}
    {#- Where a padded key (' ' || tokens || ' ') first occurs in a token text (macro token_text):
        the 1-based position of the token it starts at, counted as the spaces up to it. -#}
    {{ return(adapter.dispatch('token_position', 'job_skills')(text, padded_key)) }}
{%- endmacro %}

{% macro default__token_position(text, padded_key) -%}
    {{ exceptions.raise_compiler_error("token_position is not implemented for adapter " ~ adapter.type()) }}
{%- endmacro %}

{% macro duckdb__token_position(text, padded_key) -%}
    (
        strlen(substr({{ text }}, 1, instr({{ text }}, {{ padded_key }})))
        - strlen(replace(substr({{ text }}, 1, instr({{ text }}, {{ padded_key }})), ' ', ''))
    )
{%- endmacro %}

{% macro spark__token_position(text, padded_key) -%}
    {#- the spaces up to the key's first occurrence -#}
    size(filter(
        split(substr({{ text }}, 1, instr({{ text }}, {{ padded_key }})), ''),
        ch -> ch = ' '
    ))
{%- endmacro %}
