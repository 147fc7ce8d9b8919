{#- One row per alias that can match (at least one token), with the anchor extraction looks for:
    the alias itself when it is one token, otherwise its rarest pair of adjacent tokens. Rarity
    is measured on the first 1,000 input postings (reading stops there; which 1,000 does not
    matter, hence no order by); ties go to the longer pair, then the first in alphabetical order.
    The anchor decides only how many candidate postings extraction checks, never what matches:
    every multi-token candidate is checked against the posting's whole token text. -#}

with aliases as (

    select * from {{ ref('int_skill_aliases_tokenized') }}
    where token_count > 0

),

{% if is_user_mode() %}
    {#- read straight from the file, not through staging (whose row numbering reads every row);
        the path is an escaped literal (the source is named for lineage only). Descriptions
        longer than max_description_chars are quarantined, so they are not sampled either. -#}
    {%- do source('user_postings', 'postings') -%}
    {%- set path = var('postings_path') -%}
    {%- set text_column = description_column() -%}
    {%- set max_chars = var('max_description_chars') | int %}
    postings as (

        select
            cast(row_number() over () as varchar) as posting_id,
            description
        from (
            select cast({{ quote_identifier(text_column) }} as varchar) as description
            from {{ read_input_file(path, input_file_options(path, 'postings_path')) }}
            where
                {{ quote_identifier(text_column) }} is not null
                and length(cast({{ quote_identifier(text_column) }} as varchar)) <= {{ max_chars }}
            limit 1000  -- noqa: AM09
        ) as first_rows

    ),
{% else %}
    postings as (

        {#- the sample's postings have no text -#}
        select
            cast(null as varchar) as posting_id,
            cast(null as varchar) as description
        where false

    ),
{% endif %}

sampled_tokens as (

    select
        posting_id,
        {{ word_list('description') }} as tokens
    from postings

),

sampled_grams as (

    select
        posting_id,
        unnest(tokens) as gram
    from sampled_tokens
    union all
    select
        posting_id,
        unnest(list_transform(list_zip(tokens, tokens[2:]), lambda pair: pair[1] || ' ' || pair[2])) as gram
    from sampled_tokens

),

gram_frequencies as (

    select
        gram,
        count(distinct posting_id) as postings
    from sampled_grams
    where gram is not null
    group by gram

),

alias_tokens as (

    select
        alias_key,
        string_split(lower_key, ' ') as tokens
    from aliases

),

alias_grams as (

    select
        alias_key,
        unnest(
            case
                when len(tokens) = 1 then tokens
                else list_transform(list_zip(tokens[:-1], tokens[2:]), lambda pair: pair[1] || ' ' || pair[2])
            end
        ) as gram
    from alias_tokens

),

anchors as (

    select
        alias_grams.alias_key,
        arg_min(
            alias_grams.gram,
            (coalesce(gram_frequencies.postings, 0), -length(alias_grams.gram), alias_grams.gram)
        ) as anchor
    from alias_grams
    left join gram_frequencies
        on alias_grams.gram = gram_frequencies.gram
    where alias_grams.gram is not null
    group by alias_grams.alias_key

),

final as (

    select
        aliases.skill_id,
        aliases.alias,
        aliases.alias_key,
        aliases.match_key,
        aliases.lower_key,
        anchors.anchor,
        case
            when anchors.anchor like '% %'
                then {{ gram_hash("split_part(anchors.anchor, ' ', 1)", "split_part(anchors.anchor, ' ', 2)") }}
            else {{ gram_hash('anchors.anchor') }}
        end as anchor_hash,
        aliases.token_count,
        aliases.is_case_sensitive
    from aliases
    inner join anchors
        on aliases.alias_key = anchors.alias_key

)

select * from final
