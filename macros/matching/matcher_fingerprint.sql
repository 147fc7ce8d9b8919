{% macro matcher_fingerprint(aliases) -%}
    {#- A scalar subquery: the hash of var match_mode, the token pattern, the description column
        and every alias (item, match key, case sensitivity) of the aliases relation: the matcher a
        posting is scanned with. Extraction scans a posting again when it changes. -#}
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
                        "cast(is_case_sensitive as varchar)", "'='", "alias"
                    ]),
                    "','",
                    "order by alias_key"
                )
            ])) }}
        from {{ aliases }}
    )
{%- endmacro %}
