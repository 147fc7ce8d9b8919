{#- Split text into word tokens with their character offsets: one row per (key, token).
    A token is a run of letters and digits, optionally led by a dot and joined by dots or
    slashes, or followed by + or #: "python", "c++", "c#", ".net", "node.js", "ci/cd".
    Spaces, hyphens and other punctuation separate tokens ("r-studio" is "r", "studio"). -#}

{% macro token_pattern() -%}
    '\.?[\pL\pN]+(?:[+#]+|[./][\pL\pN]+)*'
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
        token_text,
        lower(token_text) as token,
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
                regexp_extract_all({{ text_column }}, {{ token_pattern() }}) as tokens,
                regexp_split_to_array({{ text_column }}, {{ token_pattern() }}) as separators
            from {{ relation }}
        ) as listed
    ) as unnested
{%- endmacro %}

{% macro ngram_key(column, n) -%}
    {#- The n tokens starting at this row's token, joined by single spaces (null near the end of
        the text). Used over `window by_position as (partition by posting order by token_index)`. -#}
    {%- for k in range(n) -%}
        {{ column if k == 0 else "lead(" ~ column ~ ", " ~ k ~ ") over by_position" }}{{ " || ' ' || " if not loop.last }}
    {%- endfor -%}
{%- endmacro %}
