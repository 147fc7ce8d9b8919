{% macro first_occurrence_outside(tokens, key_tokens, lower_tokens, contexts) -%}
    {#- The 1-based position of the first occurrence of the list key_tokens among the list tokens
        that does not lie inside an occurrence of one of contexts (a list of token lists,
        lower-cased) among lower_tokens (the same tokens, lower-cased); null when there is none.
        An occurrence at a lies inside a context c at s when s <= a and a + len(key) <= s + len(c).
        How exclude contexts apply (model int_item_mentions_extracted). -#}
    {{ return(adapter.dispatch('first_occurrence_outside', 'job_skills')(tokens, key_tokens, lower_tokens, contexts)) }}
{%- endmacro %}

{% macro default__first_occurrence_outside(tokens, key_tokens, lower_tokens, contexts) -%}
    {{ exceptions.raise_compiler_error("first_occurrence_outside is not implemented for adapter " ~ adapter.type()) }}
{%- endmacro %}

{% macro duckdb__first_occurrence_outside(tokens, key_tokens, lower_tokens, contexts) -%}
    list_min(list_filter(
        list_filter(
            range(1, len({{ tokens }}) - len({{ key_tokens }}) + 2),
            lambda a: {{ tokens }}[a] = {{ key_tokens }}[1]
        ),
        lambda a: {{ tokens }}[a:a + len({{ key_tokens }}) - 1] = {{ key_tokens }}
        and not coalesce(list_bool_or(list_transform(
            {{ contexts }},
            lambda c: coalesce(list_bool_or(list_transform(
                range(greatest(1, a + len({{ key_tokens }}) - len(c)), a + 1),
                lambda s: {{ lower_tokens }}[s:s + len(c) - 1] = c
            )), false)
        )), false)
    ))
{%- endmacro %}

{% macro spark__first_occurrence_outside(tokens, key_tokens, lower_tokens, contexts) -%}
    {#- The same with Spark's higher-order functions: element_at and slice are 1-based; sequence
        counts down when its end is below its start, so each range is also bounded by a filter. -#}
    array_min(filter(
        sequence(1, greatest(1, size({{ tokens }}) - size({{ key_tokens }}) + 1)),
        a -> a <= size({{ tokens }}) - size({{ key_tokens }}) + 1
        and element_at({{ tokens }}, a) = element_at({{ key_tokens }}, 1)
        and slice({{ tokens }}, a, size({{ key_tokens }})) = {{ key_tokens }}
        and not coalesce(exists(
            {{ contexts }},
            c -> exists(
                sequence(greatest(1, a + size({{ key_tokens }}) - size(c)), a),
                s -> s <= a and slice({{ lower_tokens }}, s, size(c)) = c
            )
        ), false)
    ))
{%- endmacro %}
