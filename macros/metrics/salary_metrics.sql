{#- The definitions of docs/analyses.md ("Pay"), written once: a posting's pay figure, and the
    ranks of the order statistics that bound a median with 95% confidence, distribution-free
    (the number of values below the median is binomial with p = 1/2). -#}

{% macro salary_midpoint(salary_min, salary_max) -%}
    {#- The middle of a yearly pay range; null unless both ends are known. -#}
    (({{ salary_min }} + {{ salary_max }}) / 2.0)
{%- endmacro %}

{% macro stated_amount(amount, k_markers) -%}
    {#- An amount of a salary text (int_salaries_parsed) as a number: times 1000 when any of
        k_markers, the columns holding the "k" captured after an amount (null without one), is set. -#}
    (cast({{ amount }} as double) * case when {{ k_markers | join(' is not null or ') }} is not null then 1000 else 1 end)
{%- endmacro %}

{% macro median_exact_max_postings() -%}
    {#- Up to this many values the interval's ranks are exact binomial ones (model
        int_median_interval_ranks); above it, the normal approximation (macro
        median_interval_lower_rank), which gives the exact rank or one below it. -#}
    {{ return(1000) }}
{%- endmacro %}

{% macro median_interval_lower_rank(size, exact_lower_rank) -%}
    {#- The rank j of the order statistic x(j) that bounds the median of `size` values from below
        with at least 95% confidence; the upper bound is x(size - j + 1). Exact up to
        median_exact_max_postings values (`exact_lower_rank`, from int_median_interval_ranks; null
        below 6 values, too few for 95%); above, round(n/2 - 1.96 sqrt(n) / 2) (Campbell and
        Gardner 1988, BMJ 296:1454), which is never above the exact rank. -#}
    case
        when {{ size }} <= {{ median_exact_max_postings() }} then {{ exact_lower_rank }}
        else cast(floor({{ size }} / 2.0 - 1.959963984540054 * sqrt({{ size }}) / 2.0 + 0.5) as bigint)
    end
{%- endmacro %}

{% macro median_middle_rank(size, side) -%}
    {#- The rank of the lower (side='lower') or upper middle value of `size` values: the same one
        when size is odd, the two whose mean is the median when it is even. -#}
    {%- if side == 'lower' -%}
        cast(floor(({{ size }} + 1) / 2.0) as bigint)
    {%- elif side == 'upper' -%}
        cast(floor({{ size }} / 2.0) + 1 as bigint)
    {%- else -%}
        {{ exceptions.raise_compiler_error("median_middle_rank: side must be 'lower' or 'upper', got '" ~ side ~ "'") }}
    {%- endif -%}
{%- endmacro %}
