{% macro word_mode_matches(postings, anchors) -%}
    {#- var match_mode `word`: an alias matches where its word tokens occur consecutively among
        the description's (macro token_text). Each posting is tokenized once; its distinct tokens
        and adjacent token pairs that pass the anchors' Bloom filter (session value
        job_skills_anchor_filter, set by the model's pre-hook from model int_anchor_filters_built;
        without it every token passes, which changes only the work done) are looked up among the
        anchors (model int_item_aliases_anchored) in one hash join. An anchor is a whole alias of
        one or two tokens; an alias of three or more tokens, or a case-sensitive one, found by
        its anchor is then checked against the token text. The cost grows with the text, hardly
        with the number of aliases.

        `postings`: a relation (posting_id, description_hash, description); `anchors`: the
        anchors relation. One row per posting per alias found, and one row with null item for
        each posting (its scan record): posting_id, item_type, item_id, matched_alias, alias_key,
        description_hash, token_count, token_position. -#}
    select
        found_anchors.posting_id,
        anchors.item_type,
        anchors.item_id,
        anchors.alias as matched_alias,
        anchors.alias_key,
        found_anchors.description_hash,
        anchors.token_count,
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
