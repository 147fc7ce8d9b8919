{#- The invocation record: meta.dbt_invocations holds one row per dbt command that wrote the
    warehouse, so publishing (job-skills publish) can refuse a warehouse whose last writing
    command was not a successful, whole `dbt build`.

    dbt runs on-run-start / on-run-end hooks for run, build, seed, snapshot, test, source
    freshness and docs generate (not for clone or run-operation). Of these, `dbt test`, `dbt
    source freshness` and `dbt docs generate` write no data (this project stores no test
    failures), so they are not recorded; every other command that runs the hooks is ("writing"),
    unknown ones included.

    Rows are only ever inserted (plain SQL on any engine, no UPDATE): on-run-start adds
    (invocation, 'started'), on-run-end adds (invocation, 'success' or 'error'). An invocation's
    state is its end row, or 'started' when it has none. Each statement runs on its own, outside a
    transaction, so the 'started' row is committed before any model is built: a command killed
    with kill -9 leaves 'started' behind. -#}

{% macro invocation_is_writing() -%}
    {#- Commands that run the hooks but write no data: `dbt test`, `dbt source freshness`, and
        `dbt docs generate`, `compile`, `show`, `list` where a dbt version runs hooks for them.
        Anything else (build, run, seed, snapshot, retry, a command unknown here) is writing. -#}
    {{ return(flags.WHICH not in ['test', 'source', 'freshness', 'generate', 'compile', 'show', 'list', 'ls', 'parse', 'debug']) }}
{%- endmacro %}

{% macro invocation_selection() -%}
    {#- What made the command build only part of the project, as written: --select, --exclude,
        --selector, --resource-type, --exclude-resource-type (excluding only unit tests is whole:
        they test logic on fixtures, never the warehouse's data) and --empty; none when whole. -#}
    {%- set parts = [] -%}
    {%- for option in ['select', 'exclude', 'selector', 'resource_types', 'resource_type'] -%}
        {%- set value = invocation_args_dict.get(option) -%}
        {%- if value -%}
            {%- set words = [value] if value is string else value -%}
            {%- do parts.append('--' ~ (option | replace('_types', '_type') | replace('_', '-')) ~ ' ' ~ (words | join(' '))) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- for option in ['exclude_resource_types', 'exclude_resource_type'] -%}
        {%- set value = invocation_args_dict.get(option) -%}
        {%- set words = ([value] if value is string else value) if value else [] -%}
        {%- if words | reject('equalto', 'unit_test') | list -%}
            {%- do parts.append('--exclude-resource-type ' ~ (words | join(' '))) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if invocation_args_dict.get('empty') -%}
        {%- do parts.append('--empty') -%}
    {%- endif -%}
    {{ return(parts | join(' ') if parts else none) }}
{%- endmacro %}

{% macro invocation_sql(sql) -%}
    {#- One statement, executed at once outside a transaction (committed when it returns). -#}
    {% call statement('record_invocation', auto_begin=False) %}{{ sql }}{% endcall %}
{%- endmacro %}

{% macro ensure_invocation_table() -%}
    {% do invocation_sql('create schema if not exists meta') %}
    {% do invocation_sql(
        'create table if not exists meta.dbt_invocations ('
        ~ ' invocation_id ' ~ dbt.type_string()
        ~ ', command ' ~ dbt.type_string()
        ~ ', selection ' ~ dbt.type_string()
        ~ ', status ' ~ dbt.type_string()
        ~ ', detail ' ~ dbt.type_string()
        ~ ', started_at ' ~ dbt.type_timestamp()
        ~ ', recorded_at ' ~ dbt.type_timestamp()
        ~ ')'
    ) %}
{%- endmacro %}

{% macro insert_invocation_row(status, detail) -%}
    {% set selection = invocation_selection() %}
    {% do invocation_sql(
        'insert into meta.dbt_invocations'
        ~ ' (invocation_id, command, selection, status, detail, started_at, recorded_at) values ('
        ~ string_literal(invocation_id)
        ~ ', ' ~ string_literal(flags.WHICH)
        ~ ', ' ~ (string_literal(selection) if selection is not none else 'null')
        ~ ', ' ~ string_literal(status)
        ~ ', ' ~ (string_literal(detail) if detail is not none else 'null')
        ~ ', cast(' ~ string_literal(run_started_at.strftime('%Y-%m-%d %H:%M:%S.%f')) ~ ' as '
        ~ dbt.type_timestamp() ~ ')'
        ~ ', cast(' ~ dbt.current_timestamp() ~ ' as ' ~ dbt.type_timestamp() ~ '))'
    ) %}
{%- endmacro %}

{% macro record_invocation_start() -%}
    {% if execute and invocation_is_writing() %}
        {% do ensure_invocation_table() %}
        {% do insert_invocation_row('started', none) %}
    {% endif %}
{%- endmacro %}

{% macro record_invocation_end(results) -%}
    {#- 'success' when no result ended error / fail / runtime error / partial success / skipped
        (warn is fine); else 'error', naming the failed nodes and counting the skipped ones. -#}
    {% if execute and invocation_is_writing() %}
        {% set failed = [] %}
        {% set skipped = [] %}
        {% for result in results %}
            {% set status = result.status | string | lower %}
            {% if status in ['error', 'fail', 'runtime error', 'partial success'] %}
                {% do failed.append(result.node.name ~ ' (' ~ status ~ ')') %}
            {% elif status == 'skipped' %}
                {% do skipped.append(result.node.name) %}
            {% endif %}
        {% endfor %}
        {% set problems = [] %}
        {% if failed %}
            {% do problems.append(failed[:5] | join(', ') ~ (' and ' ~ (failed | length - 5) ~ ' more' if failed | length > 5 else '')) %}
        {% endif %}
        {% if skipped %}
            {% do problems.append(skipped | length ~ ' skipped') %}
        {% endif %}
        {#- the table may not exist yet: an earlier on-run-start hook (validate_vars) can fail first -#}
        {% do ensure_invocation_table() %}
        {% do insert_invocation_row('error' if problems else 'success', problems | join('; ') if problems else none) %}
    {% endif %}
{%- endmacro %}
