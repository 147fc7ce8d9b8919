{#- The sample's make-up: how many postings fall in each region, country, industry,
    organisation size band, job board, company, work arrangement and year. -#}

with postings as (

    select * from {{ ref('dim_postings') }}

),

role_totals as (

    select * from {{ ref('int_role_totals_aggregated') }}

),

members as (

    {%- set dimensions = [
        'region', 'country', 'industry', 'org_size_band', 'job_board', 'company', 'work_arrangement'
    ] %}
    {%- for dimension in dimensions %}
        select
            role,
            posting_id,
            '{{ dimension }}' as dimension,
            {{ dimension }} as member
        from postings
        union all
    {%- endfor %}
    select
        role,
        posting_id,
        'posting_year' as dimension,
        cast(posting_year as varchar) as member
    from postings

),

member_counts as (

    select
        role,
        dimension,
        coalesce(member, '(unknown)') as member,
        count(distinct posting_id) as frequency
    from members
    group by role, dimension, coalesce(member, '(unknown)')

),

final as (

    select
        member_counts.role,
        member_counts.dimension,
        member_counts.member,
        member_counts.frequency,
        role_totals.total_postings,
        dense_rank() over (
            partition by member_counts.role, member_counts.dimension order by member_counts.frequency desc
        ) as frequency_rank,
        {{ frequency_metrics('member_counts.frequency', 'role_totals.total_postings') }}
    from member_counts
    inner join role_totals
        on member_counts.role = role_totals.role

)

select * from final
