{#- One row per alias that can match (at least one token), with the anchor word-mode matching
    looks for: the alias itself when it is one token, otherwise its rarest pair of adjacent
    tokens. Rarity is measured on the first 1,000 postings with text of the input (reading stops
    there; which 1,000 does not matter, hence no order by); ties go to the longer pair, then the
    first in alphabetical order. The anchor decides only how many candidate postings matching
    checks, never what matches: every multi-token candidate is checked against the posting's
    whole token text. -#}

{%- set max_chars = var('max_description_chars') | int %}

with aliases as (

    select * from {{ ref('int_item_aliases_tokenized') }}
    where token_count > 0

),

{# descriptions longer than max_description_chars are quarantined, so they are not sampled #}
postings as (

    select
        cast({{ row_number_as_read() }} as {{ dbt.type_string() }}) as posting_id,
        description
    from (
        select description
        from {{ ref('int_posting_texts_unioned') }}
        where description is not null and length(description) <= {{ max_chars }}
        limit 1000  -- noqa: AM09
    ) as first_rows

),

sampled_tokens as (

    select
        posting_id,
        {{ word_list('description') }} as tokens
    from postings

),

sampled_grams as (

    select
        posting_id,
        {{ unnest_list(list_concat('tokens', adjacent_pairs('tokens'))) }} as gram
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
        {{ split_to_list('lower_key', "' '") }} as tokens
    from aliases

),

alias_grams as (

    select
        alias_key,
        {{ unnest_list(
            "case when " ~ list_size('tokens') ~ " = 1 then tokens else " ~ adjacent_pairs('tokens') ~ " end"
        ) }} as gram
    from alias_tokens

),

ranked_grams as (

    select
        alias_grams.alias_key,
        alias_grams.gram,
        row_number() over (
            partition by alias_grams.alias_key
            order by coalesce(gram_frequencies.postings, 0), length(alias_grams.gram) desc, alias_grams.gram
        ) as rarity_rank
    from alias_grams
    left join gram_frequencies
        on alias_grams.gram = gram_frequencies.gram
    where alias_grams.gram is not null

),

final as (

    select
        aliases.item_type,
        aliases.item_id,
        aliases.alias,
        aliases.alias_key,
        aliases.match_key,
        aliases.lower_key,
        ranked_grams.gram as anchor,
        {{ gram_hash('ranked_grams.gram') }} as anchor_hash,
        aliases.token_count,
        aliases.is_case_sensitive
    from aliases
    inner join ranked_grams
        on
            aliases.alias_key = ranked_grams.alias_key
            and ranked_grams.rarity_rank = 1

)

select * from final
