{#- One row per role: total postings (distinct accepted postings), the denominator of every
    share, defined here once (DESIGN.md: "Total postings of a group"). -#}

with postings as (

    select * from {{ ref('int_postings_deduplicated') }}

),

final as (

    select
        role,
        count(distinct posting_id) as total_postings
    from postings
    group by role

)

select * from final
