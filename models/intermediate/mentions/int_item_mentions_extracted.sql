{#- One row per posting per item (skill, tool, theme, signal) found in its description, with the
    alias that matched (the longest, when several did) and where: the position of the
    description token its first occurrence starts at. The matching algorithm is chosen by var
    match_mode, one macro each: `word` (macro word_mode_matches: whole words, through anchors)
    or `substring` (macro substring_mode_matches: plain substrings, as naive keyword counts).
    Postings without text (the sample's, whose mentions are tagged) are not scanned. -#}

{#- Incremental: a run scans only the accepted postings not yet scanned, with their current
    text (description_hash), by the current matcher (macro matcher_fingerprint: var match_mode,
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

{{ config(
    materialized='incremental',
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
        "delete from {{ this }} where posting_id not in (select posting_id from {{ ref('int_postings_deduplicated') }})"
    ]
) }}

{%- set fingerprint = matcher_fingerprint(ref('int_item_aliases_tokenized')) %}

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

{# one row per posting per alias that matched, and one row with a null item for each posting
    (its scan record: a posting with no match keeps only that) #}
matches as (

    {% if var('match_mode') == 'substring' -%}
        {{ substring_mode_matches('postings', ref('int_item_aliases_tokenized')) }}
    {%- elif var('match_mode') == 'word' -%}
        {{ word_mode_matches('postings', ref('int_item_aliases_anchored')) }}
    {%- elif execute -%}
        {#- not at parse time: validate_vars (on-run-start) names a bad match_mode before anything runs -#}
        {{ exceptions.raise_compiler_error("var match_mode must be 'word' or 'substring', got '" ~ var('match_mode') ~ "'") }}
    {%- endif %}

),

ranked as (

    select
        matches.posting_id,
        matches.item_type,
        matches.item_id,
        matches.matched_alias,
        matches.description_hash,
        matches.token_position,
        row_number() over (
            partition by matches.posting_id, matches.item_type, matches.item_id
            order by matches.token_count desc, length(matches.matched_alias) desc, matches.alias_key
        ) as preference,
        count(matches.item_id) over (partition by matches.posting_id) as items_found
    from matches

),

{# a posting's matches, or its null scan record when nothing matched #}
final as (

    select
        posting_id,
        item_type,
        item_id,
        matched_alias,
        description_hash,
        {{ fingerprint }} as matcher_fingerprint,
        token_position
    from ranked
    where preference = 1 and (item_id is not null or items_found = 0)

)

select * from final
