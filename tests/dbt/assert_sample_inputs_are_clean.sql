{#- The shipped sample is a curated reconstruction: every row of its seeds must be used. A
    duplicated or unusable row there is a data error, not something to collapse quietly
    (the user's own postings are deduplicated and quarantined as usual). -#}
select
    input_name,
    rows_in,
    rows_deduplicated,
    rows_quarantined
from {{ ref('fct_row_accounting') }}
where
    input_name <> 'user_postings'
    and (rows_deduplicated > 0 or rows_quarantined > 0)
