{% test sort_key_follows_bounds(model, sort_key, lower, upper, label) %}
{#- The sort key orders the labels (bands) by lower bound, then upper bound (an open upper bound
    above every stated one), labels without bounds last: fails on a label with more than one key,
    a key shared by two labels, a stated label without a key, and each pair of labels whose keys
    are in the wrong order. -#}
with labels as (

    select distinct
        {{ label }} as label,
        {{ sort_key }} as sort_key,
        {{ lower }} as lower_bound,
        coalesce({{ upper }}, {{ open_band_upper_bound() }}) as upper_bound
    from {{ model }}
    where {{ label }} is not null

),

keys_per_label as (

    select
        label,
        'label has no key or more than one' as problem,
        cast(null as {{ dbt.type_string() }}) as other_label
    from labels
    group by label
    having count(distinct sort_key) <> 1 or count(sort_key) < count(*)

),

labels_per_key as (

    select
        min(label) as label,
        'key shared by labels' as problem,
        max(label) as other_label
    from labels
    where sort_key is not null
    group by sort_key
    having count(distinct label) > 1

),

misordered as (

    select
        smaller.label,
        'sorted before a smaller band' as problem,
        larger.label as other_label
    from labels as smaller
    inner join labels as larger
        on smaller.sort_key < larger.sort_key
    where
        (smaller.lower_bound is null and larger.lower_bound is not null)
        or smaller.lower_bound > larger.lower_bound
        or (smaller.lower_bound = larger.lower_bound and smaller.upper_bound > larger.upper_bound)

)

select * from keys_per_label
union all
select * from labels_per_key
union all
select * from misordered
{% endtest %}
