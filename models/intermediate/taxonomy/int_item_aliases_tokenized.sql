{#- One row per item (skill, tool, theme, signal) per alias, with the alias split into word
    tokens the way descriptions are. The item's name is an alias too, unless it is shorter than 3
    characters ("R", "Go", "C#"): short names match only through aliases the taxonomy writes out.
    An alias written with a leading `=` matches case-sensitively (`=R` finds "R", not "r").
    Tool categories are not matched: a posting mentions one through its tools. -#}

with items as (

    select * from {{ ref('int_taxonomy_items_unioned') }}
    where item_type in ('skill', 'tool', 'theme', 'signal')

),

written as (

    select
        item_type,
        item_id,
        item_name as alias_written
    from items
    where length(item_name) >= 3
    union all
    select
        item_type,
        item_id,
        trim(alias_written) as alias_written
    from (
        select
            item_type,
            item_id,
            {{ split_to_rows('aliases', '|') }} as alias_written
        from items
        where aliases is not null
    ) as split_aliases

),

marked as (

    select
        item_type,
        item_id,
        case when alias_written like '=%' then trim(substr(alias_written, 2)) else alias_written end as alias,
        alias_written like '=%' as is_case_sensitive
    from written
    where alias_written is not null and alias_written not in ('', '=')

),

aliases as (

    {#- the same alias written both ways: the case-sensitive form wins -#}
    select
        item_type,
        item_id,
        coalesce(max(case when is_case_sensitive then alias end), min(alias)) as alias,
        bool_or(is_case_sensitive) as is_case_sensitive,
        item_type || ':' || item_id || '|' || lower(min(alias)) as alias_key
    from marked
    group by item_type, item_id, lower(alias)

),

tokens as (

    {{ tokenize_text('aliases', 'alias_key', 'alias') }}

),

keyed as (

    select
        token_key as alias_key,
        count(*) as token_count,
        {{ dbt.listagg('token', "' '", 'order by token_index') }} as lower_key,
        {{ dbt.listagg('token_text', "' '", 'order by token_index') }} as exact_key
    from tokens
    group by token_key

),

final as (

    select
        aliases.item_type,
        aliases.item_id,
        aliases.alias,
        aliases.alias_key,
        case when aliases.is_case_sensitive then keyed.exact_key else keyed.lower_key end as match_key,
        keyed.lower_key,
        coalesce(keyed.token_count, 0) as token_count,
        aliases.is_case_sensitive
    from aliases
    left join keyed
        on aliases.alias_key = keyed.alias_key

)

select * from final
