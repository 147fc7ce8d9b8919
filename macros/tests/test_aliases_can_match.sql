{% test aliases_can_match(model, items) %}
{#- Taxonomy items (skills, tools, themes, signals) that can never match in word mode, one row
    per (item, alias): an alias with no word tokens (no letter or digit: "(.*)", "--", "!!"), and
    an item with no alias that has any (a name shorter than 3 characters, or without letters or
    digits, and no usable aliases). In substring mode every alias is a plain substring and can
    match, so nothing is returned there. `items`: the taxonomy items (item_type, item_id,
    item_name); tool categories are not matched (a posting mentions one through its tools). -#}
{%- if var('match_mode', 'word') == 'word' %}
select
    items.item_type,
    items.item_name,
    aliases.alias,
    'alias has no word tokens (letters or digits): it can never match' as problem
from {{ model }} as aliases
inner join {{ items }} as items
    on aliases.item_type = items.item_type and aliases.item_id = items.item_id
where aliases.token_count = 0
union all
select
    items.item_type,
    items.item_name,
    cast(null as {{ dbt.type_string() }}) as alias,
    items.item_type || ' has no alias with word tokens (the name counts only from 3 characters): it can never match'
        as problem
from {{ items }} as items
where
    items.item_type in ('skill', 'tool', 'theme', 'signal')
    and not exists (
        select 1 from {{ model }} as aliases
        where aliases.item_type = items.item_type and aliases.item_id = items.item_id and aliases.token_count > 0
    )
{%- else %}
select
    cast(null as {{ dbt.type_string() }}) as item_type,
    cast(null as {{ dbt.type_string() }}) as item_name,
    cast(null as {{ dbt.type_string() }}) as alias,
    cast(null as {{ dbt.type_string() }}) as problem
where false
{%- endif %}
{% endtest %}
