{% macro report_test_failures(results, max_rows=10) %}
    {#- on-run-end: for every data test that failed or warned, re-run its query and print the
        offending rows, so the message names the row and the values, not just a count. -#}
    {% if execute %}
        {% for result in results %}
            {% if result.node.resource_type == 'test' and result.status in ['fail', 'warn']
                and result.node.compiled_code %}
                {% set failures = run_query(
                    'select * from (' ~ result.node.compiled_code ~ ') as failures limit ' ~ max_rows
                ) %}
                {{ log((result.status | string | upper) ~ ' ' ~ result.node.name ~ ' (' ~ result.failures
                    ~ ' row(s)):', info=true) }}
                {% for row in failures.rows %}
                    {% set cells = [] %}
                    {% for column in failures.column_names %}
                        {% do cells.append(column ~ '=' ~ row[column]) %}
                    {% endfor %}
                    {{ log('    ' ~ cells | join(', '), info=true) }}
                {% endfor %}
            {% endif %}
        {% endfor %}
    {% endif %}
{% endmacro %}
