{#- The sample's make-up: how many postings fall in each region, city, state or region, country,
    industry, organisation size band, job board, company, work arrangement and year; a posting
    whose value is not stated counts in the one member (not stated) (macro not_stated_member).
    member_sort_key orders members for BI tools: bands by size, years in order, the rest by
    frequency, not stated last. -#}

{%- set not_stated = string_literal(not_stated_member()) %}

with postings as (

    select * from {{ ref('dim_postings') }}

),

role_totals as (

    select * from {{ ref('int_role_totals_aggregated') }}

),

members as (

    {%- set dimensions = [
        'region', 'city', 'state_or_region', 'country', 'industry', 'org_size_band', 'job_board',
        'company', 'work_arrangement'
    ] %}
    {%- for dimension in dimensions %}
        select
            role,
            posting_id,
            '{{ dimension }}' as dimension,
            {{ dimension }} as member,
            {{ 'org_size_sort_key' if dimension == 'org_size_band' else 'cast(null as bigint)' }} as size_order
        from postings
        union all
    {%- endfor %}
    select
        role,
        posting_id,
        'posting_year' as dimension,
        cast(posting_year as {{ dbt.type_string() }}) as member,
        cast(null as bigint) as size_order
    from postings

),

member_counts as (

    select
        role,
        dimension,
        coalesce(member, {{ not_stated }}) as member,
        min(size_order) as size_order,
        count(distinct posting_id) as frequency
    from members
    group by role, dimension, coalesce(member, {{ not_stated }})

),

final as (

    select
        member_counts.role,
        member_counts.dimension,
        member_counts.member,
        member_counts.frequency,
        role_totals.total_postings,
        {#- the ranks bigint on every engine (Spark's are int) -#}
        cast(dense_rank() over (
            partition by member_counts.role, member_counts.dimension order by member_counts.frequency desc
        ) as bigint) as frequency_rank,
        cast(row_number() over (
            partition by member_counts.role, member_counts.dimension
            order by
                case when member_counts.member = {{ not_stated }} then 1 else 0 end,
                member_counts.size_order asc nulls last,
                case when member_counts.dimension = 'posting_year' then member_counts.member end asc nulls last,
                member_counts.frequency desc,
                member_counts.member asc
        ) as bigint) as member_sort_key,
        {{ frequency_metrics('member_counts.frequency', 'role_totals.total_postings') }}
    from member_counts
    inner join role_totals
        on member_counts.role = role_totals.role

)

select * from final
