{% macro frequency_mart_columns(relation, after_tier=[], before_is_small_sample=[]) -%}
    {#- The metric columns every frequency mart shows, read from int_item_frequencies_aggregated
        (aliased `relation`) and written here once: tier, frequency, total_postings,
        frequency_rank, pct_of_postings, share_of_postings, wilson_lower, wilson_upper and, last,
        is_small_sample. A mart's own columns go where the house order puts them: strings after
        the tier (after_tier), numbers and booleans before the small-sample flag
        (before_is_small_sample); each a qualified column, e.g. 'skills.notes'. -#}
    {%- set metrics = [
        'frequency', 'total_postings', 'frequency_rank', 'pct_of_postings',
        'share_of_postings', 'wilson_lower', 'wilson_upper'
    ] -%}
    {{ relation }}.tier,
    {% for column in after_tier -%}
        {{ column }},
    {% endfor -%}
    {% for metric in metrics -%}
        {{ relation }}.{{ metric }},
    {% endfor -%}
    {% for column in before_is_small_sample -%}
        {{ column }},
    {% endfor -%}
    {{ relation }}.is_small_sample
{%- endmacro %}
