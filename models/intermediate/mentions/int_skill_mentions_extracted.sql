{#- One row per posting per skill found in its description, with the alias that matched (the
    longest, when several did) and where: the position of the description token its first
    occurrence starts at. var match_mode:
    - `word`: an alias matches where its word tokens occur consecutively among the description's
      (macro token_text). Each posting is tokenized once; its tokens and adjacent token pairs
      are looked up among the aliases' anchors (model int_skill_aliases_anchored) through an
      in-list Bloom filter and one hash join, and an alias of three or more tokens (or a
      case-sensitive one) found by its anchor is then checked against the token text. The cost
      grows with the text, hardly with the number of aliases.
    - `substring`: each alias as a plain substring of the lower-cased text, as naive keyword
      counts do ("excellent" counts as Excel); one comparison per posting and alias. -#}

{#- Incremental: a run scans only the accepted postings not yet scanned, with their current
    text (description_hash), by the current matcher (var match_mode, the description column,
    the token pattern and every alias: matcher_fingerprint), so appending postings scans just
    the new ones, an edited description is scanned again, and a new taxonomy rescans all. A posting whose
    scan found nothing keeps one row with a null skill_id, so that it is not scanned again.
    Rows of postings no longer accepted are deleted after each run. The pre-hook keeps the
    aliases (small) as the build side of the anchor join, whatever DuckDB estimates; DuckDB only
    allows this optimizer setting globally, so a model running beside this one on the other dbt
    thread is planned without that optimizer too (plans change, results do not). -#}

{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='posting_id',
    on_schema_change='fail',
    pre_hook="set disabled_optimizers = 'build_side_probe_side'",
    post_hook=[
        "reset disabled_optimizers",
        "delete from {{ this }} where posting_id not in (select posting_id from {{ ref('int_postings_deduplicated') }})"
    ]
) }}

{%- set matcher_fingerprint -%}
    (
        select
            {{ dbt.hash(dbt.concat([
                string_literal(var('match_mode')),
                "'|'",
                "'" ~ (token_pattern() | replace("'", "")) ~ "'",
                "'|'",
                string_literal(description_column()),
                "'|'",
                dbt.listagg(
                    dbt.concat(["skill_id", "'='", "coalesce(match_key, '')", "'='", "cast(is_case_sensitive as varchar)", "'='", "alias"]),
                    "','",
                    "order by alias_key"
                )
            ])) }}
        from {{ ref('int_skill_aliases_tokenized') }}
    )
{%- endset -%}


with postings as (

    {% if is_user_mode() -%}
        select
            accepted.posting_id,
            accepted.description_hash,
            source.description
        from {{ ref('stg_user__postings') }} as source
        inner join {{ ref('int_postings_deduplicated') }} as accepted
            on
                source.input_file = accepted.input_file
                and source.input_file_row_number = accepted.input_file_row_number
        {% if is_incremental() -%}
            where not exists (
                select 1 from {{ this }} as scanned
                where
                    scanned.posting_id = accepted.posting_id
                    and scanned.description_hash = accepted.description_hash
                    and scanned.matcher_fingerprint = {{ matcher_fingerprint }}
            )
        {%- endif %}
    {%- else -%}
        {#- the sample's postings have no text to scan -#}
        select
            cast(null as varchar) as posting_id,
            cast(null as varchar) as description_hash,
            cast(null as varchar) as description
        where false
    {%- endif %}

),

{#- `matches`: one row per posting per alias that matched, and one row with a null skill for
    each posting (its scan record: a posting with no match keeps only that). The postings are
    read once, and their text is not kept beyond the rows that need it. -#}
{% if var('match_mode') == 'substring' %}

    aliases as (

        select * from {{ ref('int_skill_aliases_tokenized') }}

    ),

    matches as (

        select
            postings.posting_id,
            aliases.skill_id,
            aliases.alias as matched_alias,
            aliases.alias_key,
            postings.description_hash,
            aliases.token_count,
            cast(null as bigint) as token_position
        from postings
        left join aliases
            on
                case
                    when aliases.is_case_sensitive then instr(postings.description, aliases.alias) > 0
                    else instr(lower(postings.description), lower(aliases.alias)) > 0
                end

    ),

{% elif var('match_mode') == 'word' %}

    {%- set bloom = anchor_bloom_filter(ref('int_skill_aliases_anchored')) %}
    {#- the text as written is carried only when some alias is case-sensitive -#}
    {%- set keep_case = execute and load_relation(ref('int_skill_aliases_anchored')) is not none
        and run_query("select count(*) from " ~ ref('int_skill_aliases_anchored') ~ " where is_case_sensitive")
            .columns[0].values()[0] > 0 %}

    anchors as (

        select * from {{ ref('int_skill_aliases_anchored') }}

    ),

    texts as (

        select
            posting_id,
            description_hash,
            {{ 'written_text' if keep_case else 'cast(null as varchar)' }} as exact_text,
            lower(written_text) as lower_text
        from (
            select
                posting_id,
                description_hash,
                {{ token_text('description') }} as written_text
            from postings
        ) as tokenized

    ),

    {# The anchors a posting contains: its tokens and adjacent token pairs that pass the Bloom
       filter of anchor hashes (cheap, in-list), once each, and a null that stands for the scan
       itself; the join below drops the few that pass without being anchors. #}
    found_anchors as (

        select
            posting_id,
            description_hash,
            exact_text,
            lower_text,
            unnest(
                list_append(
                    list_distinct(
                        list_filter(
                            tokens,
                            lambda token: get_bit(
                                '{{ bloom.literal }}'::bit, ({{ gram_hash('token') }} % {{ bloom.bits }})::integer
                            ) = 1
                        )
                        || list_transform(
                            list_filter(
                                list_zip(tokens, tokens[2:]),
                                lambda pair: get_bit(
                                    '{{ bloom.literal }}'::bit,
                                    ({{ gram_hash('pair[1]', 'pair[2]') }} % {{ bloom.bits }})::integer
                                ) = 1
                            ),
                            lambda pair: pair[1] || ' ' || pair[2]
                        )
                    ),
                    null
                )
            ) as anchor
        from (
            select
                posting_id,
                description_hash,
                exact_text,
                lower_text,
                string_split(trim(lower_text), ' ') as tokens
            from texts
        ) as listed

    ),

    {# An anchor is a whole alias of one or two tokens; a longer alias (or a case-sensitive
       one) is checked against the whole token text. #}
    matches as (

        select
            found_anchors.posting_id,
            anchors.skill_id,
            anchors.alias as matched_alias,
            anchors.alias_key,
            found_anchors.description_hash,
            anchors.token_count,
            {{ token_position(
                "case when anchors.is_case_sensitive then found_anchors.exact_text else found_anchors.lower_text end",
                "' ' || anchors.match_key || ' '"
            ) }} as token_position
        from found_anchors
        left join anchors
            on
                found_anchors.anchor = anchors.anchor
                and case
                    when anchors.is_case_sensitive
                        then contains(found_anchors.exact_text, ' ' || anchors.match_key || ' ')
                    when anchors.token_count <= 2 then true
                    else contains(found_anchors.lower_text, ' ' || anchors.match_key || ' ')
                end

    ),

{% elif execute %}
    {#- not at parse time: validate_vars (on-run-start) names a bad match_mode before anything runs -#}
    {{ exceptions.raise_compiler_error("var match_mode must be 'word' or 'substring', got '" ~ var('match_mode') ~ "'") }}
{% endif %}

ranked as (

    select
        posting_id,
        skill_id,
        matched_alias,
        description_hash,
        token_position,
        row_number() over (
            partition by posting_id, skill_id order by token_count desc, length(matched_alias) desc, alias_key
        ) as preference,
        count(skill_id) over (partition by posting_id) as skills_found
    from matches

),

{# a posting's matches, or its null scan record when nothing matched #}
final as (

    select
        posting_id,
        skill_id,
        matched_alias,
        description_hash,
        {{ matcher_fingerprint }} as matcher_fingerprint,
        token_position
    from ranked
    where preference = 1 and (skill_id is not null or skills_found = 0)

)

select * from final
