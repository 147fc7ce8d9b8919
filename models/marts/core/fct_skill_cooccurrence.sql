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

skill_mentions as (

    select distinct
        postings.role,
        mentions.posting_id,
        mentions.item_id as skill_id
    from mentions
    inner join postings
        on mentions.posting_id = postings.posting_id
    where mentions.item_type = 'skill'

),

pairs as (

    select
        skill_mentions.role,
        skill_mentions.skill_id,
        co_mentions.skill_id as co_skill_id,
        count(*) as postings_with_both
    from skill_mentions
    inner join skill_mentions as co_mentions
        on
            skill_mentions.posting_id = co_mentions.posting_id
            and skill_mentions.skill_id <> co_mentions.skill_id
    group by skill_mentions.role, skill_mentions.skill_id, co_mentions.skill_id
    having count(*) >= {{ cooccurrence_min_postings() }}

),

final as (

    select
        pairs.role,
        pairs.skill_id,
        skills.skill_name,
        pairs.co_skill_id,
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
    inner join skill_frequencies as skills
        on
            pairs.role = skills.role
            and pairs.skill_id = skills.skill_id
    inner join skill_frequencies as co_skills
        on
            pairs.role = co_skills.role
            and pairs.co_skill_id = co_skills.skill_id

)

select * from final
