{% test frequency_metrics_are_valid(model, key_columns) %}
{#- The metric columns of a frequency mart hold only values they can hold, row by row:
    frequency and total_postings known and 0 <= frequency <= total_postings, frequency_rank >= 1,
    pct_of_postings in [0, 100], share_of_postings and both Wilson bounds in [0, 1], and
    wilson_lower <= share_of_postings <= wilson_upper (both known where the share is), tier one of
    Core / Important / Secondary, is_small_sample known. Returns each failing row once, with the
    first check it breaks (failed_check) and its values. Null percentages, shares and tiers pass
    here: pct_of_postings_matches_frequency and tier_matches_thresholds say when they must be known. -#}
with metrics as (

    select
        {% for key in key_columns %}{{ key }}, {% endfor %}
        frequency,
        total_postings,
        frequency_rank,
        pct_of_postings,
        share_of_postings,
        wilson_lower,
        wilson_upper,
        tier,
        is_small_sample
    from {{ model }}

),

checked as (

    select
        case
            when frequency is null or total_postings is null then 'frequency and total_postings are known'
            when frequency < 0 or frequency > total_postings then '0 <= frequency <= total_postings'
            when frequency_rank is null or frequency_rank < 1 then 'frequency_rank >= 1'
            when pct_of_postings < 0 or pct_of_postings > 100 then '0 <= pct_of_postings <= 100'
            when share_of_postings < 0 or share_of_postings > 1 then '0 <= share_of_postings <= 1'
            when wilson_lower < 0 or wilson_lower > 1 or wilson_upper < 0 or wilson_upper > 1
                then 'wilson_lower and wilson_upper in [0, 1]'
            when
                share_of_postings is not null
                and (
                    wilson_lower is null
                    or wilson_upper is null
                    or wilson_lower > share_of_postings
                    or share_of_postings > wilson_upper
                )
                then 'wilson_lower <= share_of_postings <= wilson_upper'
            when tier not in ('Core', 'Important', 'Secondary') then 'tier is Core, Important or Secondary'
            when is_small_sample is null then 'is_small_sample is known'
        end as failed_check,
        *
    from metrics

)

select *
from checked
where failed_check is not null
{% endtest %}
