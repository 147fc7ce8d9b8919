{% test aliases_can_match(model, skills) %}
{#- Taxonomy entries that can never match in word mode, one row per (skill_name, alias): an alias
    with no word tokens (no letter or digit: "(.*)", "--", "!!"), and a skill with no alias that
    has any (a name shorter than 3 characters, or without letters or digits, and no usable
    aliases). In substring mode every alias is a plain substring and can match, so nothing is
    returned there. -#}
{%- if var('match_mode', 'word') == 'word' %}
select
    skills.skill_name,
    aliases.alias,
    'alias has no word tokens (letters or digits): it can never match' as problem
from {{ model }} as aliases
inner join {{ skills }} as skills
    on aliases.skill_id = skills.skill_id
where aliases.token_count = 0
union all
select
    skills.skill_name,
    cast(null as varchar) as alias,
    'skill has no alias with word tokens (the name counts only from 3 characters): it can never match' as problem
from {{ skills }} as skills
where not exists (
    select 1 from {{ model }} as aliases
    where aliases.skill_id = skills.skill_id and aliases.token_count > 0
)
{%- else %}
select
    cast(null as varchar) as skill_name,
    cast(null as varchar) as alias,
    cast(null as varchar) as problem
where false
{%- endif %}
{% endtest %}
