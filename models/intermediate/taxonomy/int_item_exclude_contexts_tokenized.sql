{#- One row per exclude context of an item: a phrase of the taxonomy's optional column
    exclude_contexts (separated by `|`) inside which the item's aliases do not count ("R&D" for
    R). The phrase is split into word tokens the way descriptions are (macro tokenize_text) and
    kept lower-cased: contexts are compared without case. contains_alias says whether some alias
    of the item occurs among the context's tokens; a context that contains none can never apply
    (a typo), and a data test names it. Word mode only (macro exclude_contexts_applied). -#}

with entries as (

    select * from {{ ref('int_taxonomy_entries_typed') }}
    where item_type is not null and exclude_contexts is not null and exclude_contexts <> ''

),

contexts as (

    select
        taxonomy_label,
        input_row_number,
        item_type,
        item_id,
        trim(exclude_context) as exclude_context,
        item_type || ':' || item_id || '|' || lower(trim(exclude_context)) as context_key
    from (
        select
            taxonomy_label,
            input_row_number,
            item_type,
            item_id,
            {{ split_to_rows('exclude_contexts', '|') }} as exclude_context
        from entries
    ) as split_contexts
    where trim(exclude_context) <> ''

),

distinct_contexts as (

    select
        min(taxonomy_label) as taxonomy_label,
        min(input_row_number) as input_row_number,
        item_type,
        item_id,
        min(exclude_context) as exclude_context,
        context_key
    from contexts
    group by item_type, item_id, context_key

),

tokens as (

    {{ tokenize_text('distinct_contexts', 'context_key', 'exclude_context') }}

),

keyed as (

    select
        token_key as context_key,
        count(*) as token_count,
        {{ dbt.listagg('token', "' '", 'order by token_index') }} as lower_key
    from tokens
    group by token_key

),

aliases as (

    select * from {{ ref('int_item_aliases_tokenized') }}
    where token_count > 0

),

alias_found as (

    select
        distinct_contexts.context_key,
        bool_or(
            {{ contains_text("' ' || keyed.lower_key || ' '", "' ' || aliases.lower_key || ' '") }}
        ) as contains_alias
    from distinct_contexts
    inner join keyed
        on distinct_contexts.context_key = keyed.context_key
    inner join aliases
        on distinct_contexts.item_type = aliases.item_type and distinct_contexts.item_id = aliases.item_id
    group by distinct_contexts.context_key

),

final as (

    select
        distinct_contexts.taxonomy_label,
        distinct_contexts.input_row_number,
        distinct_contexts.item_type,
        distinct_contexts.item_id,
        distinct_contexts.exclude_context,
        distinct_contexts.context_key,
        keyed.lower_key,
        coalesce(keyed.token_count, 0) as token_count,
        coalesce(alias_found.contains_alias, false) as contains_alias
    from distinct_contexts
    left join keyed
        on distinct_contexts.context_key = keyed.context_key
    left join alias_found
        on distinct_contexts.context_key = alias_found.context_key

)

select * from final
