"""The lint: the project's own files lint clean, and the SQL lint can fail.

`make test` lints through these tests (the same commands as `make lint`), so the lint runs on an
xdist worker beside the other tests instead of before all of them:
- the models with sqlfluff's dbt templater, which compiles the whole project (a copy, so its
  target/ and warehouse stay in the test's folder), in the slow lane; a model the templater cannot
  compile is only a warning to sqlfluff and fails here;
- the Python with ruff (check and format), in the fast lane;
- a badly styled model in a copy of the project is reported, rule by rule, and the same query in
  house style is not: rendered with sqlfluff's jinja templater (its dbt builtins stand in for ref),
  which needs no project compile, so it stays in the fast lane. The rules, not the templating, are
  what that case guards.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import copy_project

from job_skills.project import PROJECT_ROOT

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


def lint_environment(project: Path, work: Path) -> dict[str, str]:
    """dbt's settings for a lint of project: its own profiles, a warehouse and spill folder in work."""
    return {
        **os.environ,
        "DBT_PROFILES_DIR": str(project / "profiles"),
        "DUCKDB_PATH": str(work / "lint.duckdb"),
        "DUCKDB_TEMP_DIRECTORY": str(work / "spill"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "False",
    }


def run_tool(name: str, args: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = subprocess.run(
        [str(Path(sys.executable).with_name(name)), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return result.returncode, result.stdout + result.stderr


@pytest.mark.slow
def test_the_models_lint_clean(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    code, output = run_tool("sqlfluff", ["lint", "models"], project, lint_environment(project, tmp_path))
    assert "fatal exception" not in output, f"sqlfluff could not compile a model, so it did not lint it:\n{output}"
    assert code == 0, f"sqlfluff found style violations in models/:\n{output}"


PYTHON_FOLDERS = ["src", "tests", "benchmarks", "tools"]


def test_the_python_lints_clean() -> None:
    code, output = run_tool("ruff", ["check", *PYTHON_FOLDERS], PROJECT_ROOT)
    assert code == 0, f"ruff check:\n{output}"
    code, output = run_tool("ruff", ["format", "--check", *PYTHON_FOLDERS], PROJECT_ROOT)
    assert code == 0, f"ruff format --check (run `ruff format` on these):\n{output}"


def test_lint_fails_on_a_badly_styled_model(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (project / "models" / "marts" / "core" / "fct_badly_styled.sql").write_text(BADLY_STYLED, encoding="utf-8")
    (project / "models" / "marts" / "core" / "fct_well_styled.sql").write_text(WELL_STYLED, encoding="utf-8")
    files = ["models/marts/core/fct_badly_styled.sql", "models/marts/core/fct_well_styled.sql"]
    args = ["lint", "--templater", "jinja", *files]
    code, output = run_tool("sqlfluff", args, project, lint_environment(project, tmp_path))
    assert code != 0, f"sqlfluff passed a badly styled model:\n{output}"
    assert "== [models/marts/core/fct_badly_styled.sql] FAIL" in output, output
    missing = {code: why for code, why in EXPECTED_RULES.items() if f"| {code} |" not in output}
    assert not missing, f"sqlfluff did not report {missing}:\n{output}"
    assert "fct_well_styled.sql" not in output, f"the house-style version was reported:\n{output}"
