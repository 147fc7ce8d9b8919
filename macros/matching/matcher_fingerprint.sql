{% macro matcher_fingerprint(aliases, contexts) -%}
    {#- A scalar subquery: the hash of var match_mode, the token pattern, the description column,
        every alias (item, match key, case sensitivity) of the aliases relation and every exclude
        context (item, tokens) of the contexts relation: the matcher a posting is scanned with.
        Extraction scans a posting again when it changes. -#}
    (
        select
            {{ dbt.hash(dbt.concat([
                string_literal(var('match_mode')),
                "'|'",
                "'" ~ (token_pattern() | replace("'", "")) ~ "'",
                "'|'",
                string_literal(description_column()),
                "'|'",
                dbt.listagg(
                    dbt.concat([
                        "item_type", "':'", "item_id", "'='", "coalesce(match_key, '')", "'='",
                        "cast(is_case_sensitive as " ~ dbt.type_string() ~ ")", "'='", "alias"
                    ]),
                    "','",
                    "order by alias_key"
                ),
                "'|'",
                "coalesce((select " ~ dbt.listagg(
                    dbt.concat(["item_type", "':'", "item_id", "'='", "coalesce(lower_key, '')"]),
                    "','",
                    "order by context_key"
                ) ~ " from " ~ contexts ~ "), '')"
            ])) }}
        from {{ aliases }}
    )
{%- endmacro %}
