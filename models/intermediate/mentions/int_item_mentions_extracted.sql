{#- One row per posting per item (skill, tool, theme, signal) found in its description, with the
    alias that matched (the longest, when several did) and where: the position of the
    description token its first occurrence starts at. The matching algorithm is chosen by var
    match_mode, one macro each: `word` (macro word_mode_matches: whole words, through anchors)
    or `substring` (macro substring_mode_matches: plain substrings, as naive keyword counts).
    Postings without text (the sample's, whose mentions are tagged) are not scanned.
    Exclude contexts (model int_item_exclude_contexts_tokenized, word mode only): a match of an
    item that has contexts is checked again against the posting's tokens, and counts only where
    an occurrence of the alias lies inside no occurrence of any of the item's contexts (compared
    without case; macro first_occurrence_outside); its position is the first such occurrence.
    Few items have contexts, so few matches are checked again. Substring mode stays naive. -#}

{#- Incremental (on DuckDB; macro rescan_materialization): a run scans only the accepted
    postings not yet scanned, with their current text (description_hash), by the current matcher
    (macro matcher_fingerprint: var match_mode,
    the description column, the token pattern and every alias), so appending postings scans just
    the new ones, an edited description is scanned again, and a new taxonomy rescans all. A
    posting whose scan found nothing keeps one row with a null item, so that it is not scanned
    again. Rows of postings no longer accepted are deleted after each run.
    Pre-hooks: the anchors' Bloom filter (model int_anchor_filters_built) is read into the session
    once, so that the matcher reads it as a constant; and the aliases (small) are kept as the
    build side of the anchor join, whatever DuckDB estimates. DuckDB only allows that optimizer
    setting globally, so a model running beside this one on the other dbt thread is planned
    without that optimizer too (plans change, results do not). -#}

-- depends_on: {{ ref('int_anchor_filters_built') }}
-- depends_on: {{ ref('int_item_aliases_tokenized') }}

{{ config(
    materialized=rescan_materialization(),
    incremental_strategy='delete+insert',
    unique_key='posting_id',
    on_schema_change='fail',
    pre_hook=[
        "{{ set_session_value('job_skills_anchor_filter', 'select bloom_filter from ' ~ ref('int_anchor_filters_built')) }}",
        "{{ keep_small_build_side() }}"
    ],
    post_hook=[
        "{{ reset_small_build_side() }}",
        "{{ reset_session_value('job_skills_anchor_filter') }}",
        "{% if is_incremental() %}delete from {{ this }} where posting_id not in (select posting_id from {{ ref('int_postings_deduplicated') }}){% endif %}"
    ]
) }}

{%- set fingerprint = matcher_fingerprint(
    ref('int_item_aliases_tokenized'), ref('int_item_exclude_contexts_tokenized')
) %}

with texts as (

    select * from {{ ref('int_posting_texts_unioned') }}

),

accepted_postings as (

    select * from {{ ref('int_postings_deduplicated') }}

),

{# the accepted postings with text not yet scanned by this matcher, read once #}
postings as (

    select
        accepted_postings.posting_id,
        accepted_postings.description_hash,
        texts.description
    from texts
    inner join accepted_postings
        on
            texts.input_name = accepted_postings.input_name
            and texts.input_file = accepted_postings.input_file
            and texts.input_file_row_number = accepted_postings.input_file_row_number
    {% if is_incremental() -%}
        where not exists (
            select 1 from {{ this }} as scanned
            where
                scanned.posting_id = accepted_postings.posting_id
                and scanned.description_hash = accepted_postings.description_hash
                and scanned.matcher_fingerprint = {{ fingerprint }}
        )
    {%- endif %}

),

{# every alias that can match (word mode: the anchored ones), numbered (alias_number), with its
    item's number (item_index) and its preference among the item's aliases: 1 for the one that
    counts when several match (most tokens, then most characters, then the first alias_key) #}
aliases as (

    select
        *,
        row_number() over (order by alias_key) as alias_number,
        dense_rank() over (order by item_type, item_id) as item_index,
        row_number() over (
            partition by item_type, item_id
            order by token_count desc, length(alias) desc, alias_key
        ) as preference
    from
        {{ ref('int_item_aliases_anchored') if var('match_mode') == 'word' else ref('int_item_aliases_tokenized') }}

),

{# one row per posting per alias that matched (alias_number), and one row with a null
    alias_number for each posting (its scan record) #}
matches as (

    {% if var('match_mode') == 'substring' -%}
        {{ substring_mode_matches('postings', 'aliases') }}
    {%- elif var('match_mode') == 'word' -%}
        {{ word_mode_matches('postings', 'aliases') }}
    {%- elif execute -%}
        {#- not at parse time: validate_vars (on-run-start) names a bad match_mode before anything runs -#}
        {{ exceptions.raise_compiler_error("var match_mode must be 'word' or 'substring', got '" ~ var('match_mode') ~ "'") }}
    {%- endif %}

),

{# the contexts of each item that has some, as lists of lower-cased tokens #}
item_contexts as (

    select
        item_type,
        item_id,
        {{ list_agg(split_to_list('lower_key', "' '")) }} as contexts
    from {{ ref('int_item_exclude_contexts_tokenized') }}
    where token_count > 0
    group by item_type, item_id

),

{# the aliases of the items that have contexts (word mode only): their matches are checked again #}
checked_aliases as (

    select
        aliases.alias_number,
        aliases.is_case_sensitive,
        {{ split_to_list('aliases.match_key', "' '") }} as key_tokens,
        item_contexts.contexts
    from aliases
    inner join item_contexts
        on aliases.item_type = item_contexts.item_type and aliases.item_id = item_contexts.item_id
    where {{ 'false' if var('match_mode') != 'word' else 'true' }}

),

{# the tokens of the postings where an alias of an item with contexts matched #}
context_postings as (

    select
        posting_id,
        {{ split_to_list('trim(' ~ token_text('description') ~ ')', "' '") }} as exact_tokens,
        {{ word_list('description') }} as lower_tokens
    from postings
    where
        posting_id in (
            select matches.posting_id from matches
            inner join checked_aliases
                on matches.alias_number = checked_aliases.alias_number
        )

),

{# each match with its item and preference, and for a match to check the tokens it needs #}
candidates as (

    select
        matches.posting_id,
        matches.token_position,
        aliases.item_index,
        aliases.preference,
        checked_aliases.alias_number is not null as is_checked,
        checked_aliases.key_tokens,
        checked_aliases.contexts,
        context_postings.lower_tokens,
        case
            when checked_aliases.is_case_sensitive then context_postings.exact_tokens else context_postings.lower_tokens
        end as searched_tokens
    from matches
    inner join aliases
        on matches.alias_number = aliases.alias_number
    left join checked_aliases
        on matches.alias_number = checked_aliases.alias_number
    left join context_postings
        on matches.posting_id = context_postings.posting_id and checked_aliases.alias_number is not null

),

{# a checked match at the first occurrence of its alias inside no occurrence of any of the
    item's contexts (null when there is none) #}
checked as (

    select
        posting_id,
        item_index,
        preference,
        is_checked,
        case
            when is_checked
                then {{ first_occurrence_outside('searched_tokens', 'key_tokens', 'lower_tokens', 'contexts') }}
            else token_position
        end as token_position
    from candidates

),

{# per posting per item the match that counts: the preferred alias, where it first occurs; an
    aggregate over small numbers, not a window, so that the matches are hashed once instead of
    sorted. A checked match whose every occurrence lies inside a context does not count. #}
preferred as (

    select
        posting_id,
        item_index,
        min(preference) as preference,
        min_by(token_position, preference) as token_position
    from checked
    where not (is_checked and token_position is null)
    group by posting_id, item_index

),

{# every scanned posting once (a word-mode matcher gives each posting a row with a null
    alias_number; substring mode only to the postings it found nothing in) #}
scanned as (

    select distinct
        posting_id,
        description_hash
    from matches
    {% if var('match_mode') == 'word' -%}
        where alias_number is null
    {%- endif %}

),

{# a posting's matches, or its null scan record when nothing matched #}
final as (

    select
        scanned.posting_id,
        aliases.item_type,
        aliases.item_id,
        aliases.alias as matched_alias,
        scanned.description_hash,
        {{ fingerprint }} as matcher_fingerprint,
        preferred.token_position
    from scanned
    left join preferred
        on scanned.posting_id = preferred.posting_id
    left join aliases
        on preferred.item_index = aliases.item_index and preferred.preference = aliases.preference

)

select * from final
