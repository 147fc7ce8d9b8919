{#- The definitions of DESIGN.md ("Definitions"), written once. Every mart that reports a
    frequency gets its share, percentage, tier and Wilson interval from these macros. -#}

{% macro share_of_postings(frequency, total_postings) -%}
    (cast({{ frequency }} as double) / nullif({{ total_postings }}, 0))
{%- endmacro %}

{% macro pct_of_postings(frequency, total_postings) -%}
    {#- 100 * frequency / total, rounded half away from zero, in integer arithmetic:
        floor((200f + t) / 2t) is exact for non-negative counts (12.5 -> 13, 0.5 -> 1). -#}
    cast(floor((200.0 * {{ frequency }} + {{ total_postings }}) / nullif(2.0 * {{ total_postings }}, 0)) as integer)
{%- endmacro %}

{% macro frequency_tier(share) -%}
    case
        when {{ share }} is null then null
        when {{ share }} >= {{ var('tier_core_min_share') }} then 'Core'
        when {{ share }} >= {{ var('tier_important_min_share') }} then 'Important'
        else 'Secondary'
    end
{%- endmacro %}

{% macro wilson_bound(frequency, total_postings, side) -%}
    {#- 95% Wilson score interval for frequency / total_postings; side is 'lower' or 'upper'.
        Clamped to [0, share] and [share, 1]: at 0% and 100% rounding would otherwise leave the
        bound a hair on the wrong side of the share (1 of 1 gave an upper bound of 0.9999999999999999). -#}
    {%- set z = var('wilson_z') -%}
    {%- set n = 'nullif(cast(' ~ total_postings ~ ' as double), 0)' -%}
    {%- set p = '(cast(' ~ frequency ~ ' as double) / ' ~ n ~ ')' -%}
    {%- set centre = '(' ~ p ~ ' + ' ~ z ~ ' * ' ~ z ~ ' / (2 * ' ~ n ~ '))' -%}
    {%- set half_width = z ~ ' * sqrt(' ~ p ~ ' * (1 - ' ~ p ~ ') / ' ~ n ~ ' + ' ~ z ~ ' * ' ~ z ~ ' / (4 * ' ~ n ~ ' * ' ~ n ~ '))' -%}
    {%- set denominator = '(1 + ' ~ z ~ ' * ' ~ z ~ ' / ' ~ n ~ ')' -%}
    {%- if side == 'lower' -%}
        case when {{ total_postings }} > 0 then least({{ p }}, greatest(0.0, ({{ centre }} - {{ half_width }}) / {{ denominator }})) end
    {%- elif side == 'upper' -%}
        case when {{ total_postings }} > 0 then greatest({{ p }}, least(1.0, ({{ centre }} + {{ half_width }}) / {{ denominator }})) end
    {%- else -%}
        {{ exceptions.raise_compiler_error("wilson_bound: side must be 'lower' or 'upper', got '" ~ side ~ "'") }}
    {%- endif -%}
{%- endmacro %}

{% macro frequency_metrics(frequency, total_postings) -%}
    {#- The standard columns beside every frequency, in house order (numbers, then booleans). -#}
    {{ share_of_postings(frequency, total_postings) }} as share_of_postings,
    {{ pct_of_postings(frequency, total_postings) }} as pct_of_postings,
    {{ wilson_bound(frequency, total_postings, 'lower') }} as wilson_lower,
    {{ wilson_bound(frequency, total_postings, 'upper') }} as wilson_upper,
    {{ frequency_tier(share_of_postings(frequency, total_postings)) }} as tier,
    ({{ total_postings }} < {{ var('small_sample_max_postings') }}) as is_small_sample
{%- endmacro %}
