{% test difference_interval_is_valid(
    model, key_columns,
    base_frequency='other_frequency', base_total='other_postings', base_share=none,
    difference='share_difference', lower='difference_lower', upper='difference_upper', flag='is_distinctive',
    frequency='frequency', total='total_postings', tolerance=1e-9
) %}
{#- A difference of two shares (frequency / total minus base_frequency / base_total), recomputed
    here from the counts: where the base has postings, the difference is the one the counts give
    (and base_share, if named, is the base's share), its interval contains it within [-1, 1],
    and the flag holds exactly when the interval excludes zero. Where the base has none, the
    difference and its interval are null and the flag is false. -#}
select
    {% for key in key_columns %}{{ key }}, {% endfor %}
    {{ frequency }} as frequency,
    {{ total }} as total_postings,
    {{ base_frequency }} as base_frequency,
    {{ base_total }} as base_total,
    {% if base_share %}{{ base_share }} as base_share,{% endif %}
    {{ difference }} as difference,
    {{ lower }} as difference_lower,
    {{ upper }} as difference_upper,
    {{ flag }} as flag
from {{ model }}
where
    (
        {{ base_total }} > 0
        and (
            {{ difference }} is null
            or {{ lower }} is null
            or {{ upper }} is null
            or {{ flag }} is null
            {% if base_share -%}
            or abs({{ base_share }} - cast({{ base_frequency }} as double) / {{ base_total }}) > {{ tolerance }}
            {% endif -%}
            or abs(
                {{ difference }}
                - (cast({{ frequency }} as double) / {{ total }} - cast({{ base_frequency }} as double) / {{ base_total }})
            ) > {{ tolerance }}
            or {{ lower }} > {{ difference }} + {{ tolerance }}
            or {{ difference }} > {{ upper }} + {{ tolerance }}
            or {{ lower }} < -1 - {{ tolerance }}
            or {{ upper }} > 1 + {{ tolerance }}
            or {{ flag }} <> ({{ lower }} > 0 or {{ upper }} < 0)
        )
    )
    or (
        coalesce({{ base_total }}, 0) = 0
        and (
            {{ difference }} is not null
            or {{ lower }} is not null
            or {{ upper }} is not null
            or {{ flag }}
        )
    )
{% endtest %}
