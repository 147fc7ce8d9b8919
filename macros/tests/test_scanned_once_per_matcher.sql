{#- Extraction is incremental, so its bookkeeping is checked on every build: every accepted
    posting with text (a description hash; the sample's postings have none: their mentions
    are tagged) has been scanned (it has a row, a match or the null "nothing found" row), every row
    was scanned with one and the same matcher, and no posting is both "nothing found" and found.
    Returns one row per breach. -#}

{% test scanned_once_per_matcher(model) %}

with scanned as (

    select * from {{ model }}

),

accepted as (

    select posting_id from {{ ref('int_postings_deduplicated') }}
    where description_hash is not null

),

breaches as (

    select
        'accepted posting never scanned' as breach,
        accepted.posting_id
    from accepted
    where accepted.posting_id not in (select scanned.posting_id from scanned)
    union all
    select
        'rows scanned with ' || count(distinct matcher_fingerprint) || ' different matchers' as breach,
        cast(null as {{ dbt.type_string() }}) as posting_id
    from scanned
    having count(distinct matcher_fingerprint) > 1
    union all
    select
        'posting both without and with matches' as breach,
        posting_id
    from scanned
    group by posting_id
    having count(*) > 1 and bool_or(item_id is null)

)

select * from breaches

{% endtest %}
