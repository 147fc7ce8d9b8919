{% macro category_members(members, category_key, member_key, member_name, noun) -%}
    {#- Per role and category, what a category frequency mart shows of its members, read from the
        members' frequency mart (CTE `members`): their names in key order, how many they are, and
        the largest and summed member frequency (the bounds category_frequency_between_members
        checks). Columns: role, the category key, <noun>_names, member_<noun>_count,
        max_member_frequency, sum_member_frequency. -#}
    select
        role,
        {{ category_key }},
        {{ dbt.listagg(member_name, "', '", "order by " ~ member_key) }} as {{ noun }}_names,
        count(*) as member_{{ noun }}_count,
        max(frequency) as max_member_frequency,
        cast(sum(frequency) as integer) as sum_member_frequency
    from {{ members }}
    group by role, {{ category_key }}
{%- endmacro %}
