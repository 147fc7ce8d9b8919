{% macro word_mode_matches(postings, anchors) -%}
    {#- var match_mode `word`: an alias matches where its word tokens occur consecutively among
        the description's (macro token_text), at the position of the token its first occurrence
        starts at.

        `postings`: a relation (posting_id, description_hash, description); `anchors`: the
        anchors relation (model int_item_aliases_anchored, its aliases numbered 1, 2, ...: alias_number).
        One row per posting per alias found, and at least one row with a null alias_number for
        each posting (its scan record): posting_id, description_hash, alias_number,
        token_position.
        On DuckDB the native matcher runs where it can be had (var word_matcher, macro
        word_matcher_choice); elsewhere, and as its fallback, the SQL matcher. -#}
    {{ return(adapter.dispatch('word_mode_matches', 'job_skills')(postings, anchors)) }}
{%- endmacro %}

{% macro duckdb__word_mode_matches(postings, anchors) -%}
    {%- if word_matcher_choice() == 'native' -%}
        {{ native_word_mode_matches(postings, anchors) }}
    {%- else -%}
        {{ default__word_mode_matches(postings, anchors) }}
    {%- endif -%}
{%- endmacro %}

{% macro spark__word_mode_matches(postings, anchors) -%}
    {%- if execute -%}{% do log("word matcher: sql (on Spark)", info=True) %}{%- endif -%}
    {{ default__word_mode_matches(postings, anchors) }}
{%- endmacro %}

{% macro word_matcher_choice() -%}
    {#- 'native' or 'sql': var word_matcher, and whether this connection has the native matcher
        (the profile's plugin job_skills.duckdb_plugin registers it where it can be built). The
        choice, and why, is logged once per model compiled: "word matcher: native: <library>" or
        "word matcher: sql: <why>". Without a connection (parsing) the answer is 'sql'. -#}
    {%- if not execute -%}{{ return('sql') }}{%- endif -%}
    {%- set wanted = var('word_matcher') -%}
    {%- if wanted == 'sql' -%}
        {%- set status = "sql: var word_matcher is 'sql'" -%}
    {%- else -%}
        {%- set found = run_query(
            "select count(*) from duckdb_functions() where function_name = 'job_skills_word_matcher_status'"
        ) -%}
        {%- if found.columns[0].values()[0] > 0 -%}
            {%- set status = run_query('select job_skills_word_matcher_status()').columns[0].values()[0] -%}
        {%- else -%}
            {%- set status = "sql: the profile does not load the plugin job_skills.duckdb_plugin" -%}
        {%- endif -%}
    {%- endif -%}
    {%- if wanted == 'native' and not status.startswith('native') -%}
        {{ exceptions.raise_compiler_error("var word_matcher is 'native', but " ~ status[5:]) }}
    {%- endif -%}
    {%- do log("word matcher: " ~ status, info=True) -%}
    {{ return('native' if status.startswith('native') else 'sql') }}
{%- endmacro %}

{% macro native_word_mode_matches(postings, anchors) -%}
    {#- The native matcher (job_skills/native/word_matcher.c, through job_skills.duckdb_plugin): one
        call per batch of descriptions finds every alias, by the same rules as the SQL below; the
        aliases are handed to it once, in alias_number order (1, 2, ...), and each comes back as
        its 0-based index in that list. -#}
    select
        found.posting_id,
        found.description_hash,
        anchors.alias_number,
        cast(found.alias_found.token_position as bigint) as token_position
    from (
        select
            posting_id,
            description_hash,
            {#- a null element: the posting's scan record -#}
            unnest(list_append(
                job_skills_word_matches(
                    (
                        select
                            job_skills_word_matcher(
                                list(match_key order by alias_number), list(is_case_sensitive order by alias_number)
                            )
                        from {{ anchors }}
                    ),
                    description
                ),
                null
            )) as alias_found
        from {{ postings }}
    ) as found
    left join {{ anchors }} as anchors
        on found.alias_found.alias_index + 1 = anchors.alias_number
{%- endmacro %}

{% macro default__word_mode_matches(postings, anchors) -%}
    {#- The SQL matcher. Each posting is tokenized once; its distinct tokens
        and adjacent token pairs that pass the anchors' Bloom filter (session value
        job_skills_anchor_filter, set by the model's pre-hook from model int_anchor_filters_built;
        without it every token passes, which changes only the work done) are looked up among the
        anchors (model int_item_aliases_anchored) in one hash join. An anchor is a whole alias of
        one or two tokens; an alias of three or more tokens, or a case-sensitive one, found by
        its anchor is then checked against the token text. The cost grows with the text, hardly
        with the number of aliases. -#}
    select
        found_anchors.posting_id,
        found_anchors.description_hash,
        anchors.alias_number,
        {{ token_position(
            "case when anchors.is_case_sensitive then found_anchors.exact_text else found_anchors.lower_text end",
            "' ' || anchors.match_key || ' '"
        ) }} as token_position
    from (
        select
            posting_id,
            description_hash,
            exact_text,
            lower_text,
            {{ unnest_list(distinct_with_null(list_filter_by_bloom(
                list_concat('tokens', adjacent_pairs('tokens')),
                session_value('job_skills_anchor_filter'),
                bloom_filter_bits()
            ))) }} as anchor
        from (
            select
                posting_id,
                description_hash,
                {#- the text as written is carried only when some alias is case-sensitive -#}
                case
                    when (select bool_or(is_case_sensitive) from {{ anchors }}) then written_text
                end as exact_text,
                lower(written_text) as lower_text,
                {{ split_to_list('trim(lower(written_text))', "' '") }} as tokens
            from (
                select
                    posting_id,
                    description_hash,
                    {{ token_text('description') }} as written_text
                from {{ postings }}
            ) as tokenized
        ) as listed
    ) as found_anchors
    left join {{ anchors }} as anchors
        on
            found_anchors.anchor = anchors.anchor
            and case
                when anchors.is_case_sensitive
                    then {{ contains_text('found_anchors.exact_text', "' ' || anchors.match_key || ' '") }}
                when anchors.token_count <= 2 then true
                else {{ contains_text('found_anchors.lower_text', "' ' || anchors.match_key || ' '") }}
            end
{%- endmacro %}
