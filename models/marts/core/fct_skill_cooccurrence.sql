{#- One row per role per ordered pair of two different skills that at least
    `cooccurrence_min_postings` of the role's postings ask for together: the postings asking for
    both, for each of the two, the share of the role's postings asking for both, P(co-skill |
    skill) with its Wilson interval, and the lift. Both orders of a pair are rows (the self-join
    below gives (a, b) and (b, a) from the same postings), so the table is symmetric by
    construction and a BI tool can filter on either column. -#}

with postings as (

    select * from {{ ref('int_postings_deduplicated') }}

),

mentions as (

    select * from {{ ref('int_mentions_deduplicated') }}

),

skill_frequencies as (

    select * from {{ ref('fct_skill_frequency') }}

),

roles as (

    {#- the roles and skills a pair can be reported for (the final join is to their frequencies),
        numbered: the pairs are grouped by these small numbers, not by the ids' long strings,
        which took most of the model's time at a million postings -#}
    select
        role,
        row_number() over (order by role) as role_number
    from (select distinct role from skill_frequencies) as distinct_roles

),

skills as (

    select
        skill_id,
        row_number() over (order by skill_id) as skill_number
    from (select distinct skill_id from skill_frequencies) as distinct_skills

),

numbered_frequencies as (

    select
        roles.role_number,
        skills.skill_number,
        skill_frequencies.*
    from skill_frequencies
    inner join roles
        on skill_frequencies.role = roles.role
    inner join skills
        on skill_frequencies.skill_id = skills.skill_id

),

skill_mentions as (

    {#- one row per posting per skill already: int_mentions_deduplicated is unique on (posting,
        item type, item) and int_postings_deduplicated on posting_id (both tested before this
        model is built), so no distinct -#}
    select
        roles.role_number,
        mentions.posting_id,
        mentions.item_id as skill_id,
        skills.skill_number
    from mentions
    inner join postings
        on mentions.posting_id = postings.posting_id
    inner join roles
        on postings.role = roles.role
    inner join skills
        on mentions.item_id = skills.skill_id
    where mentions.item_type = 'skill'

),

pairs as (

    select
        skill_mentions.role_number,
        skill_mentions.skill_number,
        co_mentions.skill_number as co_skill_number,
        count(*) as postings_with_both
    from skill_mentions
    inner join skill_mentions as co_mentions
        on
            skill_mentions.posting_id = co_mentions.posting_id
            and skill_mentions.skill_id <> co_mentions.skill_id
    group by skill_mentions.role_number, skill_mentions.skill_number, co_mentions.skill_number
    having count(*) >= {{ cooccurrence_min_postings() }}

),

final as (

    select
        skills.role,
        skills.skill_id,
        skills.skill_name,
        co_skills.skill_id as co_skill_id,
        co_skills.skill_name as co_skill_name,
        pairs.postings_with_both,
        skills.frequency as skill_frequency,
        co_skills.frequency as co_skill_frequency,
        skills.total_postings,
        cast({{ cooccurrence_min_postings() }} as integer) as cooccurrence_min_postings,
        {{ cooccurrence_metrics(
            'pairs.postings_with_both', 'skills.frequency', 'co_skills.frequency', 'skills.total_postings'
        ) }}
    from pairs
    inner join numbered_frequencies as skills
        on
            pairs.role_number = skills.role_number
            and pairs.skill_number = skills.skill_number
    inner join numbered_frequencies as co_skills
        on
            pairs.role_number = co_skills.role_number
            and pairs.co_skill_number = co_skills.skill_number

)

select * from final
