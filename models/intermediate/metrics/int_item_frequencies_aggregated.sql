{#- One row per role per taxonomy item: the frequency, share, percentage, tier and Wilson
    interval as DESIGN.md defines them. Every frequency mart reads its numbers from here. -#}

with postings as (

    select * from {{ ref('int_postings_deduplicated') }}

),

mentions as (

    select * from {{ ref('int_mentions_deduplicated') }}

),

items as (

    select * from {{ ref('int_taxonomy_items_unioned') }}

),

role_totals as (

    select * from {{ ref('int_role_totals_aggregated') }}

),

item_counts as (

    select
        postings.role,
        mentions.item_type,
        mentions.item_id,
        count(distinct mentions.posting_id) as frequency
    from mentions
    inner join postings
        on mentions.posting_id = postings.posting_id
    group by postings.role, mentions.item_type, mentions.item_id

),

role_items as (

    select
        role_totals.role,
        items.item_type,
        items.item_id,
        items.item_name,
        role_totals.total_postings,
        coalesce(item_counts.frequency, 0) as frequency
    from role_totals
    cross join items
    left join item_counts
        on
            role_totals.role = item_counts.role
            and items.item_type = item_counts.item_type
            and items.item_id = item_counts.item_id

),

final as (

    select
        role,
        item_type,
        item_id,
        item_name,
        frequency,
        total_postings,
        {#- bigint on every engine (Spark's ranks are int) -#}
        cast(dense_rank() over (partition by role, item_type order by frequency desc) as bigint) as frequency_rank,
        {{ frequency_metrics('frequency', 'total_postings') }}
    from role_items

)

select * from final
