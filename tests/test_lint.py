"""The SQL lint can fail: a badly styled model in a copy of the project is reported, rule by rule.

That the real models lint clean is `make lint` (part of `make test`, through the dbt templater,
which compiles the whole project); this only shows the same rules (.sqlfluff) reject what STYLE.md
forbids, and accept the same query written in house style. It renders the two files with
sqlfluff's jinja templater (its dbt builtins stand in for ref), which needs no project compile:
the rules, not the templating, are what this guards, and it stays in the fast lane.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import copy_project

# Upper-case keywords and functions, leading commas, implicit column and table aliases.
BADLY_STYLED = """\
SELECT
    p.posting_id
    , p.title Title
    , COUNT(*) AS Postings
FROM {{ ref('dim_postings') }} p
GROUP BY p.posting_id, p.title
"""

# The same query in house style: must not be reported.
WELL_STYLED = """\
with postings as (

    select * from {{ ref('dim_postings') }}

),

final as (

    select
        posting_id,
        title,
        count(*) as postings
    from postings
    group by posting_id, title

)

select * from final
"""

EXPECTED_RULES = {
    "CP01": "keywords must be lower case",
    "CP03": "function names must be lower case",
    "LT04": "commas trail, never lead",
    "AL01": "tables aliased with an explicit `as`",
    "AL02": "columns aliased with an explicit `as`",
}


def test_lint_fails_on_a_badly_styled_model(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (project / "models" / "marts" / "core" / "fct_badly_styled.sql").write_text(BADLY_STYLED, encoding="utf-8")
    (project / "models" / "marts" / "core" / "fct_well_styled.sql").write_text(WELL_STYLED, encoding="utf-8")
    env = {
        **os.environ,
        "DBT_PROFILES_DIR": str(project / "profiles"),
        "DUCKDB_PATH": str(tmp_path / "lint.duckdb"),
        "DUCKDB_TEMP_DIRECTORY": str(tmp_path / "spill"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "False",
    }
    result = subprocess.run(
        [
            str(Path(sys.executable).with_name("sqlfluff")),
            "lint",
            "--templater",
            "jinja",
            "models/marts/core/fct_badly_styled.sql",
            "models/marts/core/fct_well_styled.sql",
        ],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode != 0, f"sqlfluff passed a badly styled model:\n{output}"
    assert "== [models/marts/core/fct_badly_styled.sql] FAIL" in output, output
    missing = {code: why for code, why in EXPECTED_RULES.items() if f"| {code} |" not in output}
    assert not missing, f"sqlfluff did not report {missing}:\n{output}"
    assert "fct_well_styled.sql" not in output, f"the house-style version was reported:\n{output}"
