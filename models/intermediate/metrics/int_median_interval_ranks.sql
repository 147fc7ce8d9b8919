{#- One row per number of values n from 1 to median_exact_max_postings (1000): the exact ranks
    j and n - j + 1 of the order statistics that bound the median with at least 95% confidence,
    and the confidence they give. With B ~ Binomial(n, 1/2) the count of values below the median,
    P(x(j) <= median <= x(n-j+1)) = 1 - 2 P(B <= j - 1); j is the largest rank with
    P(B <= j - 1) <= 0.025, null below n = 6, where even x(1) to x(n) gives less than 95%.
    The binomial terms are built by the recurrence C(n, i) = C(n, i-1) (n - i + 1) / i in logs,
    so only ln, exp and running sums are needed. -#}

with digits as (

    {%- for digit in range(10) %}
        select {{ digit }} as digit
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}

),

numbers as (

    select hundreds.digit * 100 + tens.digit * 10 + ones.digit + 1 as number
    from digits as hundreds
    cross join digits as tens
    cross join digits as ones
    where hundreds.digit * 100 + tens.digit * 10 + ones.digit + 1 <= {{ median_exact_max_postings() }}

),

terms as (

    {#- i = 0 .. floor(n / 2): the lower tail is all that is needed -#}
    select
        sizes.number as n,
        counts.number - 1 as i
    from numbers as sizes
    inner join numbers as counts
        on 2 * (counts.number - 1) <= sizes.number

),

log_choose as (

    select
        n,
        i,
        sum(case when i = 0 then 0.0 else ln(n - i + 1) - ln(i) end) over (
            partition by n order by i rows between unbounded preceding and current row
        ) as ln_choose
    from terms

),

cumulative as (

    select
        n,
        i,
        sum(exp(ln_choose + n * ln(0.5))) over (
            partition by n order by i rows between unbounded preceding and current row
        ) as cdf
    from log_choose

),

final as (

    select
        n as value_count,
        nullif(count(case when cdf <= 0.025 then 1 end), 0) as lower_rank,
        n - nullif(count(case when cdf <= 0.025 then 1 end), 0) + 1 as upper_rank,
        1 - 2 * max(case when cdf <= 0.025 then cdf end) as confidence
    from cumulative
    group by n

)

select * from final
