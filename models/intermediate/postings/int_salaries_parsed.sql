{#- One row per distinct salary text of the postings (int_postings_unioned): the yearly pay range
    it states, by the rules of docs/postings.md ("Pay"). Case-insensitive, commas in numbers and
    the currency signs $ £ € ignored, k is thousands:
        "$53K-$91K (Glassdoor est.)"                  53000 - 91000 a year
        "Employer Provided Salary:$25-$28 Per Hour"   52000 - 58240 (hourly x 2080)
        "80,000 - 100,000 a year", "$80-100K"         80000 - 100000 (a k on the second amount only is on both)
        "$120,000/yr - $150,000/yr"                   120000 - 150000 (a period after each amount)
        "$5,000 a month"                              60000 - 60000 (one amount is both ends)
        "up to $120k"                                 no minimum, 120000
        "From $50,000 a year", "80k+"                 50000 (80000), no maximum
    The period is the hour (x 2080: 40 hours x 52 weeks), day (x 260), week (x 52), two weeks
    (biweekly, x 26), month (x 12) or, when none is named, the year. A text with no amount, or a
    range whose minimum is above its maximum, gives no pay (salary_min and salary_max null) and is
    counted as not parsed (fct_sample_summary); a minimum or a maximum alone is kept, but gives no
    midpoint (dim_postings.salary_midpoint), so fct_skill_salary leaves the posting out; a
    placeholder ("-1") is no salary at all (macro cleaned_text: int_postings_cleaned makes it null).
    An amount with its k is a number by macro stated_amount. -#}

{%- set number = "([0-9]+(?:\\.[0-9]+)?)\\s*(k)?" %}
{%- set range_pattern = string_literal(number ~ "(?:\\s*/\\s*[a-z]+)?\\s*(?:-|–|—|to)\\s*" ~ number) %}
{%- set up_to_pattern = string_literal("\\b(?:up to|upto|maximum|max\\.?)\\s*" ~ number) %}
{%- set from_pattern = string_literal("\\b(?:from|starting at|minimum|min\\.?|at least)\\s*" ~ number) %}
{%- set plus_pattern = string_literal(number ~ "\\s*\\+") %}
{%- set single_pattern = string_literal(number) %}
{%- set periods = [
    ('hour', 2080, string_literal("\\b(?:per|an|a)\\s+(?:hour|hr)\\b|/\\s*(?:hour|hr|h)\\b|\\bhourly\\b")),
    ('day', 260, string_literal("\\b(?:per|a)\\s+day\\b|/\\s*day\\b|\\bdaily\\b")),
    ('two weeks', 26, string_literal("\\bbi-?weekly\\b|\\b(?:per|every)\\s+two\\s+weeks\\b")),
    ('week', 52, string_literal("\\b(?:per|a)\\s+(?:week|wk)\\b|/\\s*(?:week|wk)\\b|\\bweekly\\b")),
    ('month', 12, string_literal("\\b(?:per|a)\\s+(?:month|mo)\\b|/\\s*(?:month|mo)\\b|\\bmonthly\\b")),
] %}

with texts as (

    select distinct salary_text
    from {{ ref('int_postings_unioned') }}
    where salary_text is not null

),

cleaned as (

    {#- the text as every other free-text field is cleaned (a placeholder is null), then lower-cased
        without commas and currency signs for the patterns -#}
    select
        salary_text,
        lower({{ regex_replace_all(cleaned_text('salary_text'), string_literal("[,$£€]"), "''") }}) as salary_key
    from texts

),

matched as (

    select
        salary_text,
        salary_key,
        case
            {%- for name, factor, pattern in periods %}
                when {{ regex_matches('salary_key', pattern) }} then '{{ name }}'
            {%- endfor %}
            else 'year'
        end as salary_period,
        case
            {%- for name, factor, pattern in periods %}
                when {{ regex_matches('salary_key', pattern) }} then {{ factor }}
            {%- endfor %}
            else 1
        end as yearly_factor,
        case
            when {{ regex_matches('salary_key', range_pattern) }} then 'range'
            when {{ regex_matches('salary_key', up_to_pattern) }} then 'up to'
            when {{ regex_matches('salary_key', from_pattern) }} then 'from'
            when {{ regex_matches('salary_key', plus_pattern) }} then 'plus'
            when {{ regex_matches('salary_key', single_pattern) }} then 'single'
        end as salary_form,
        {{ regex_extract_group('salary_key', range_pattern, 1) }} as range_low,
        {{ regex_extract_group('salary_key', range_pattern, 2) }} as range_low_k,
        {{ regex_extract_group('salary_key', range_pattern, 3) }} as range_high,
        {{ regex_extract_group('salary_key', range_pattern, 4) }} as range_high_k,
        {{ regex_extract_group('salary_key', up_to_pattern, 1) }} as up_to_amount,
        {{ regex_extract_group('salary_key', up_to_pattern, 2) }} as up_to_k,
        {{ regex_extract_group('salary_key', from_pattern, 1) }} as from_amount,
        {{ regex_extract_group('salary_key', from_pattern, 2) }} as from_k,
        {{ regex_extract_group('salary_key', plus_pattern, 1) }} as plus_amount,
        {{ regex_extract_group('salary_key', plus_pattern, 2) }} as plus_k,
        {{ regex_extract_group('salary_key', single_pattern, 1) }} as single_amount,
        {{ regex_extract_group('salary_key', single_pattern, 2) }} as single_k
    from cleaned
    where salary_key is not null

),

bounds as (

    select
        salary_text,
        salary_period,
        case salary_form
            {# "$80-100K": a k on the second amount only is on the first too #}
            when 'range' then {{ stated_amount('range_low', ['range_low_k', 'range_high_k']) }}
            when 'from' then {{ stated_amount('from_amount', ['from_k']) }}
            when 'plus' then {{ stated_amount('plus_amount', ['plus_k']) }}
            when 'single' then {{ stated_amount('single_amount', ['single_k']) }}
        end * yearly_factor as low_amount,
        case salary_form
            when 'range' then {{ stated_amount('range_high', ['range_high_k']) }}
            when 'up to' then {{ stated_amount('up_to_amount', ['up_to_k']) }}
            when 'single' then {{ stated_amount('single_amount', ['single_k']) }}
        end * yearly_factor as high_amount
    from matched

),

amounts as (

    {#- a pay range: a minimum or a maximum, and the minimum at most the maximum when there are both -#}
    select
        *,
        coalesce(
            (low_amount is not null or high_amount is not null)
            and (low_amount is null or high_amount is null or low_amount <= high_amount),
            false
        ) as is_ordered
    from bounds

),

final as (

    select
        texts.salary_text,
        case when amounts.is_ordered then amounts.low_amount end as salary_min,
        case when amounts.is_ordered then amounts.high_amount end as salary_max,
        case when amounts.is_ordered then amounts.salary_period end as salary_period
    from texts
    left join amounts
        on texts.salary_text = amounts.salary_text

)

select * from final
