{#- One row per posting per skill found in its description, with the alias that matched first and
    its character offset (0-based). var match_mode: `word` joins the description's word n-grams to
    the aliases' token sequences (one hash join, not one pattern per posting and skill);
    `substring` finds each alias as a plain substring of the lower-cased text, as naive keyword
    counts do ("excellent" counts as Excel). -#}

{#- The longest alias (in tokens) sets how long the n-grams are. Read from the aliases model, which
    dbt builds first; when it does not exist yet (compiling or linting a fresh project) use 1. -#}
{%- set max_tokens = 1 -%}
{%- if execute and load_relation(ref('int_skill_aliases_tokenized')) is not none -%}
    {%- set found = run_query("select coalesce(max(token_count), 1) from " ~ ref('int_skill_aliases_tokenized')) -%}
    {%- set max_tokens = [found.columns[0].values()[0] | int, 1] | max -%}
{%- endif %}

with aliases as (

    select * from {{ ref('int_skill_aliases_tokenized') }}

),

{% if var('match_mode') == 'substring' %}

    postings as (

        select
            posting_id,
            description
        from {{ ref('int_postings_deduplicated') }}
        where description is not null

    ),

    matches as (

        select
            postings.posting_id,
            aliases.skill_id,
            aliases.alias as matched_alias,
            case
                when aliases.is_case_sensitive then instr(postings.description, aliases.alias)
                else instr(lower(postings.description), lower(aliases.alias))
            end - 1 as char_offset
        from postings
        inner join aliases
            on
                case
                    when aliases.is_case_sensitive then instr(postings.description, aliases.alias) > 0
                    else instr(lower(postings.description), lower(aliases.alias)) > 0
                end

    ),

{% elif var('match_mode') == 'word' %}

    tokens as (

        select * from {{ ref('int_posting_tokens_split') }}

    ),

    ngrams as (

        select
            posting_id,
            token_index,
            {%- for n in range(1, max_tokens + 1) %}
                {{ ngram_key('token', n) }} as lower_key_{{ n }},
                {{ ngram_key('token_text', n) }} as exact_key_{{ n }},
            {%- endfor %}
            char_offset
        from tokens
        window by_position as (partition by posting_id order by token_index)

    ),

    candidates as (

        {%- for n in range(1, max_tokens + 1) %}
            select
                posting_id,
                char_offset,
                {{ n }} as token_count,
                lower_key_{{ n }} as lower_key,
                exact_key_{{ n }} as exact_key
            from ngrams
            where lower_key_{{ n }} is not null
            {{ "union all" if not loop.last }}
        {%- endfor %}

    ),

    matches as (

        select
            candidates.posting_id,
            aliases.skill_id,
            aliases.alias as matched_alias,
            candidates.char_offset
        from candidates
        inner join aliases
            on
                candidates.token_count = aliases.token_count
                and candidates.lower_key = aliases.match_key
        where not aliases.is_case_sensitive
        union all
        select
            candidates.posting_id,
            aliases.skill_id,
            aliases.alias as matched_alias,
            candidates.char_offset
        from candidates
        inner join aliases
            on
                candidates.token_count = aliases.token_count
                and candidates.exact_key = aliases.match_key
        where aliases.is_case_sensitive

    ),

{% else %}
    {{ exceptions.raise_compiler_error("var match_mode must be 'word' or 'substring', got '" ~ var('match_mode') ~ "'") }}
{% endif %}

ranked as (

    select
        *,
        row_number() over (partition by posting_id, skill_id order by char_offset, matched_alias) as occurrence,
        count(*) over (partition by posting_id, skill_id) as match_count
    from matches

),

final as (

    select
        posting_id,
        skill_id,
        matched_alias,
        char_offset,
        match_count
    from ranked
    where occurrence = 1

)

select * from final
