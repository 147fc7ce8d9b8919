{% test pair_metrics_match_counts(model, key_columns, tolerance=1e-9) %}
{#- A pair's share, conditional share and lift are the ones its counts give, recomputed here
    from the definitions (docs/analyses.md) rather than through the macros the mart uses:
    share = both / total, conditional = both / skill, lift = both * total / (skill * co-skill);
    and the conditional share lies in its Wilson interval, inside [0, 1]. -#}
select
    {% for key in key_columns %}{{ key }}, {% endfor %}
    postings_with_both,
    skill_frequency,
    co_skill_frequency,
    total_postings,
    share_of_postings,
    conditional_share,
    conditional_lower,
    conditional_upper,
    lift
from {{ model }}
where
    share_of_postings is null
    or conditional_share is null
    or lift is null
    or conditional_lower is null
    or conditional_upper is null
    or abs(share_of_postings - cast(postings_with_both as double) / total_postings) > {{ tolerance }}
    or abs(conditional_share - cast(postings_with_both as double) / skill_frequency) > {{ tolerance }}
    or abs(lift - cast(postings_with_both as double) * total_postings / (cast(skill_frequency as double) * co_skill_frequency))
    > {{ tolerance }} * greatest(1.0, lift)
    or conditional_lower < 0
    or conditional_lower > conditional_share
    or conditional_share > conditional_upper
    or conditional_upper > 1
{% endtest %}
