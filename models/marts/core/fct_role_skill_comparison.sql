{#- One row per role per skill: the skill's share in the role's postings against its share in
    all other postings (every other role together), the difference with its 95% interval
    (Newcombe's hybrid score interval from the two Wilson intervals) and is_distinctive where
    that interval excludes zero. With one role there are no other postings: the other share,
    the difference and its interval are null and nothing is distinctive. -#}

with skill_frequencies as (

    select * from {{ ref('fct_skill_frequency') }}

),

with_others as (

    select
        role,
        skill_id,
        skill_name,
        frequency,
        total_postings,
        share_of_postings,
        wilson_lower,
        wilson_upper,
        sum(frequency) over (partition by skill_id) - frequency as other_frequency,
        sum(total_postings) over (partition by skill_id) - total_postings as other_postings
    from skill_frequencies

),

final as (

    select
        role,
        skill_id,
        skill_name,
        frequency,
        total_postings,
        cast(other_frequency as bigint) as other_frequency,
        cast(other_postings as bigint) as other_postings,
        share_of_postings,
        wilson_lower,
        wilson_upper,
        {{ comparison_metrics('frequency', 'total_postings', 'other_frequency', 'other_postings') }},
        (
            total_postings < {{ var('small_sample_max_postings') }}
            or other_postings < {{ var('small_sample_max_postings') }}
        ) as is_small_sample
    from with_others

)

select * from final
