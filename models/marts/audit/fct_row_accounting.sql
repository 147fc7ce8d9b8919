{#- One row per input the build reads (model int_inputs_selected) that has rows of its own:
    rows read (counted on the staging model that reads the input), accepted, deduplicated and
    quarantined (counted on the classified rows). A row lost between reading and classifying
    breaks rows_in = rows_accepted + rows_deduplicated + rows_quarantined. Mentions extracted
    from text are not input rows: they are counted in no input. -#}

with selected_inputs as (

    select * from {{ ref('int_inputs_selected') }}

),

classified_postings as (

    select * from {{ ref('int_postings_classified') }}

),

classified_mentions as (

    select * from {{ ref('int_mentions_classified') }}

),

rows_read as (

    select
        'sample_postings' as input_name,
        count(*) as rows_in
    from {{ ref('stg_sample__postings') }}
    {%- for bridge in ['skills', 'tools', 'themes', 'signals'] %}
        union all
        select
            'sample_posting_{{ bridge }}' as input_name,
            count(*) as rows_in
        from {{ ref('stg_sample__posting_' ~ bridge) }}
    {%- endfor %}
    union all
    select
        'user_postings' as input_name,
        count(*) as rows_in
    from {{ ref('stg_user__postings') }}

),

inputs as (

    select
        rows_read.input_name,
        rows_read.rows_in
    from rows_read
    inner join selected_inputs
        on rows_read.input_name = selected_inputs.input_name

),

statuses as (

    select
        input_name,
        row_status
    from classified_postings
    union all
    select
        input_name,
        row_status
    from classified_mentions
    where mention_source = 'tagged'

),

status_counts as (

    select
        input_name,
        count(case when row_status = 'accepted' then 1 end) as rows_accepted,
        count(case when row_status = 'deduplicated' then 1 end) as rows_deduplicated,
        count(case when row_status = 'quarantined' then 1 end) as rows_quarantined
    from statuses
    group by input_name

),

final as (

    select
        inputs.input_name,
        inputs.rows_in,
        coalesce(status_counts.rows_accepted, 0) as rows_accepted,
        coalesce(status_counts.rows_deduplicated, 0) as rows_deduplicated,
        coalesce(status_counts.rows_quarantined, 0) as rows_quarantined
    from inputs
    left join status_counts
        on inputs.input_name = status_counts.input_name

)

select * from final
