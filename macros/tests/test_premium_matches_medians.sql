{% test premium_matches_medians(model, key_columns, tolerance=1e-6) %}
{#- The premium is the median with the skill minus the median without it, given exactly when
    both groups have at least small_sample_max_postings postings (is_small_sample otherwise); its
    share is of the median without (given exactly when that median is not 0); is_premium_distinctive
    holds exactly when the two medians' intervals do not overlap. -#}
{%- set small = var('small_sample_max_postings') %}
select
    {% for key in key_columns %}{{ key }}, {% endfor %}
    postings_with_skill,
    postings_without_skill,
    median_with_skill,
    median_without_skill,
    salary_premium,
    salary_premium_share,
    is_premium_distinctive,
    is_small_sample
from {{ model }}
where
    is_small_sample is null
    or is_premium_distinctive is null
    or is_small_sample <> (postings_with_skill < {{ small }} or postings_without_skill < {{ small }})
    or (is_small_sample and (salary_premium is not null or salary_premium_share is not null or is_premium_distinctive))
    or (not is_small_sample and (
        salary_premium is null
        or abs(salary_premium - (median_with_skill - median_without_skill)) > {{ tolerance }}
        or (median_without_skill <> 0) <> (salary_premium_share is not null)
        or (median_without_skill <> 0
            and abs(salary_premium_share - salary_premium / median_without_skill) > {{ tolerance }})
        or is_premium_distinctive <> (
            median_with_skill_lower > median_without_skill_upper
            or median_with_skill_upper < median_without_skill_lower
        )
    ))
{% endtest %}
