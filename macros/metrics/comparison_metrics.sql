{#- The definitions of docs/analyses.md ("Roles side by side"), written once: the difference of
    two independent shares and its 95% interval by Newcombe's hybrid score method (Newcombe 1998,
    Statistics in Medicine 17:873-890, method 10), built from the two Wilson intervals the
    frequency marts already carry. -#}

{% macro share_difference_bound(share, lower, upper, other_share, other_lower, other_upper, side) -%}
    {#- One bound of share - other_share:
            lower = d - sqrt((share - lower)^2 + (other_upper - other_share)^2)
            upper = d + sqrt((upper - share)^2 + (other_share - other_lower)^2)
        null when either share is unknown (a group without postings). -#}
    {%- set d = '(' ~ share ~ ' - ' ~ other_share ~ ')' -%}
    {%- if side == 'lower' -%}
        ({{ d }} - sqrt(power({{ share }} - {{ lower }}, 2) + power({{ other_upper }} - {{ other_share }}, 2)))
    {%- elif side == 'upper' -%}
        ({{ d }} + sqrt(power({{ upper }} - {{ share }}, 2) + power({{ other_share }} - {{ other_lower }}, 2)))
    {%- else -%}
        {{ exceptions.raise_compiler_error("share_difference_bound: side must be 'lower' or 'upper', got '" ~ side ~ "'") }}
    {%- endif -%}
{%- endmacro %}

{% macro difference_of_shares_bound(frequency, total, base_frequency, base_total, side) -%}
    {#- One bound of frequency / total - base_frequency / base_total (Newcombe), from the counts. -#}
    {{ share_difference_bound(
        share_of_postings(frequency, total),
        wilson_bound(frequency, total, 'lower'),
        wilson_bound(frequency, total, 'upper'),
        share_of_postings(base_frequency, base_total),
        wilson_bound(base_frequency, base_total, 'lower'),
        wilson_bound(base_frequency, base_total, 'upper'),
        side
    ) }}
{%- endmacro %}

{% macro comparison_metrics(frequency, total, other_frequency, other_total) -%}
    {#- The columns of a role against all other postings, in house order: the other postings'
        share and Wilson interval, the difference and its Newcombe interval, and the flag for an
        interval that excludes zero. -#}
    {%- set share = share_of_postings(frequency, total) -%}
    {%- set other_share = share_of_postings(other_frequency, other_total) -%}
    {%- set difference_lower = difference_of_shares_bound(frequency, total, other_frequency, other_total, 'lower') -%}
    {%- set difference_upper = difference_of_shares_bound(frequency, total, other_frequency, other_total, 'upper') -%}
    {{ other_share }} as other_share_of_postings,
    {{ wilson_bound(other_frequency, other_total, 'lower') }} as other_wilson_lower,
    {{ wilson_bound(other_frequency, other_total, 'upper') }} as other_wilson_upper,
    ({{ share }} - {{ other_share }}) as share_difference,
    {{ difference_lower }} as difference_lower,
    {{ difference_upper }} as difference_upper,
    coalesce({{ difference_lower }} > 0 or {{ difference_upper }} < 0, false) as is_distinctive
{%- endmacro %}

{% macro change_metrics(frequency, total, first_frequency, first_total) -%}
    {#- A period's share against the first period's: the change and its Newcombe interval, and
        the flag for an interval that excludes zero (docs/analyses.md, "Change over time"). -#}
    {%- set change_lower = difference_of_shares_bound(frequency, total, first_frequency, first_total, 'lower') -%}
    {%- set change_upper = difference_of_shares_bound(frequency, total, first_frequency, first_total, 'upper') -%}
    ({{ share_of_postings(frequency, total) }} - {{ share_of_postings(first_frequency, first_total) }}) as change_from_first,
    {{ change_lower }} as change_lower,
    {{ change_upper }} as change_upper,
    coalesce({{ change_lower }} > 0 or {{ change_upper }} < 0, false) as is_change_distinctive
{%- endmacro %}

{% macro period_label(period, period_start) -%}
    {#- The period as people write it: 2024 (year), 2024-Q3 (quarter), 2024-07 (month). -#}
    {%- set year = "cast(extract(year from " ~ period_start ~ ") as " ~ dbt.type_string() ~ ")" -%}
    {%- if period == 'year' -%}
        {{ year }}
    {%- elif period == 'quarter' -%}
        ({{ year }} || '-Q' || cast(extract(quarter from {{ period_start }}) as {{ dbt.type_string() }}))
    {%- elif period == 'month' -%}
        ({{ year }} || '-' || lpad(cast(extract(month from {{ period_start }}) as {{ dbt.type_string() }}), 2, '0'))
    {%- else -%}
        {{ exceptions.raise_compiler_error("period_label: period must be 'month', 'quarter' or 'year', got '" ~ period ~ "'") }}
    {%- endif -%}
{%- endmacro %}

{% macro trend_period() -%}
    {#- var trend_period, checked where it is used as well as at the start of a run (validate_vars),
        so no other text ever reaches the SQL, whatever the command. -#}
    {%- set period = var('trend_period') -%}
    {%- if period is not string or period not in ['month', 'quarter', 'year'] -%}
        {{ exceptions.raise_compiler_error("var trend_period must be 'month', 'quarter' or 'year' (exactly, lower case), got " ~ describe_var_value(period)) }}
    {%- endif -%}
    {{ return(period) }}
{%- endmacro %}
