{#- One row per published figure: the union of the reconciliation marts, one per published
    table (fct_reconciliation_*), each comparing that table's figures as text, exactly as they
    are printed. The report, the GX suite and the tests read this one. -#}

with skill_frequency as (

    select * from {{ ref('fct_reconciliation_skill_frequency') }}

),

tool_mentions as (

    select * from {{ ref('fct_reconciliation_tool_mentions') }}

),

responsibility_themes as (

    select * from {{ ref('fct_reconciliation_responsibility_themes') }}

),

hiring_signals as (

    select * from {{ ref('fct_reconciliation_hiring_signals') }}

),

sample_summary as (

    select * from {{ ref('fct_reconciliation_sample_summary') }}

),

final as (

    select * from skill_frequency
    union all
    select * from tool_mentions
    union all
    select * from responsibility_themes
    union all
    select * from hiring_signals
    union all
    select * from sample_summary

)

select * from final
