{#- One row per input this build reads: the one place the input is chosen (DESIGN.md, The flow).
    With var postings_path unset, the shipped sample: its postings, its four bridges of tagged
    mentions and its taxonomy. With postings_path set, the user's postings and the user's
    taxonomy (var taxonomy_path) or, without one, the shipped default taxonomy.

    Every input has a staging model whatever is chosen (an input that is not chosen reads
    nothing there, or is simply not selected here); the canonical layouts (models
    int_postings_unioned, int_posting_texts_unioned, int_mentions_unioned,
    int_taxonomy_items_unioned) keep only the rows of the inputs listed here, so nothing above
    them knows which input a row came from. -#}

{%- set reads_user_postings = is_user_mode() -%}
{%- set reads_user_taxonomy = var('taxonomy_path', none) is not none %}

with inputs as (

    select
        'sample_postings' as input_name,
        'postings' as input_kind,
        false as is_user_input
    union all
    select
        'sample_posting_skills' as input_name,
        'mentions' as input_kind,
        false as is_user_input
    union all
    select
        'sample_posting_tools' as input_name,
        'mentions' as input_kind,
        false as is_user_input
    union all
    select
        'sample_posting_themes' as input_name,
        'mentions' as input_kind,
        false as is_user_input
    union all
    select
        'sample_posting_signals' as input_name,
        'mentions' as input_kind,
        false as is_user_input
    union all
    select
        'sample_taxonomy' as input_name,
        'taxonomy' as input_kind,
        false as is_user_input
    union all
    select
        'user_postings' as input_name,
        'postings' as input_kind,
        true as is_user_input
    union all
    select
        'user_taxonomy' as input_name,
        'taxonomy' as input_kind,
        true as is_user_input
    union all
    select
        'default_taxonomy' as input_name,
        'taxonomy' as input_kind,
        true as is_user_input

),

final as (

    select
        input_name,
        input_kind
    from inputs
    where
        is_user_input = {{ 'true' if reads_user_postings else 'false' }}
        and input_name <> {{ "'default_taxonomy'" if reads_user_taxonomy else "'user_taxonomy'" }}

)

select * from final
