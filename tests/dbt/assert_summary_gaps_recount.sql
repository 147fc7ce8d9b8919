{#- fct_sample_summary's postings_without_skill, postings_without_date, postings_with_salary,
    salary_texts_not_parsed, salary_texts_one_bound and is_small_sample, recounted
    from the marts a BI tool reads (dim_postings, fct_posting_mentions): one row per figure that differs. -#}

with postings as (

    select * from {{ ref('dim_postings') }}

),

mentions as (

    select * from {{ ref('fct_posting_mentions') }}

),

summary as (

    select * from {{ ref('fct_sample_summary') }}

),

skill_postings as (

    select distinct posting_id
    from mentions
    where item_type = 'skill'

),

recounted as (

    select
        postings.role,
        count(*) as total_postings,
        count(case when skill_postings.posting_id is null then 1 end) as postings_without_skill,
        count(case when postings.posted_date is null then 1 end) as postings_without_date,
        count(case when postings.salary_min is not null and postings.salary_max is not null then 1 end)
            as postings_with_salary,
        count(case when postings.salary_text is not null and postings.salary_period is null then 1 end)
            as salary_texts_not_parsed,
        count(case when postings.salary_period is not null and postings.salary_midpoint is null then 1 end)
            as salary_texts_one_bound
    from postings
    left join skill_postings
        on postings.posting_id = skill_postings.posting_id
    group by postings.role

),

compared as (

    select
        summary.role,
        'postings_without_skill' as figure,
        cast(summary.postings_without_skill as {{ dbt.type_string() }}) as summary_value,
        cast(recounted.postings_without_skill as {{ dbt.type_string() }}) as recounted_value
    from summary
    inner join recounted on summary.role = recounted.role
    union all
    select
        summary.role,
        'postings_without_date' as figure,
        cast(summary.postings_without_date as {{ dbt.type_string() }}) as summary_value,
        cast(recounted.postings_without_date as {{ dbt.type_string() }}) as recounted_value
    from summary
    inner join recounted on summary.role = recounted.role
    union all
    {%- for figure in ['postings_with_salary', 'salary_texts_not_parsed', 'salary_texts_one_bound'] %}
        select
            summary.role,
            '{{ figure }}' as figure,
            cast(summary.{{ figure }} as {{ dbt.type_string() }}) as summary_value,
            cast(recounted.{{ figure }} as {{ dbt.type_string() }}) as recounted_value
        from summary
        inner join recounted on summary.role = recounted.role
        union all
    {%- endfor %}
    select
        summary.role,
        'is_small_sample' as figure,
        cast(summary.is_small_sample as {{ dbt.type_string() }}) as summary_value,
        cast(
            recounted.total_postings < {{ var('small_sample_max_postings') }} as {{ dbt.type_string() }}
        ) as recounted_value
    from summary
    inner join recounted on summary.role = recounted.role

)

select *
from compared
where summary_value is distinct from recounted_value
