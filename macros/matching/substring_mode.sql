{% macro substring_mode_matches(postings, aliases) -%}
    {#- var match_mode `substring`: each alias as a plain substring of the lower-cased text (of
        the text as written for a case-sensitive alias), as naive keyword counts do ("excellent"
        counts as Excel); one comparison per posting and alias.

        `postings`: a relation (posting_id, description_hash, description); `aliases`: the
        tokenized aliases, numbered (alias_number). One row per posting per alias found, and one
        row with a null alias_number for each posting that matched nothing (its scan record), in
        the columns of word_mode_matches (token_position is null: substrings have no token
        position). -#}
    select
        postings.posting_id,
        postings.description_hash,
        aliases.alias_number,
        cast(null as bigint) as token_position
    from {{ postings }} as postings
    left join {{ aliases }} as aliases
        on
            case
                when aliases.is_case_sensitive then {{ contains_text('postings.description', 'aliases.alias') }}
                else {{ contains_text('lower(postings.description)', 'lower(aliases.alias)') }}
            end
{%- endmacro %}
