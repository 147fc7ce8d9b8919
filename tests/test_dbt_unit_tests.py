"""The dbt unit tests (`unit_tests:` beside the models) in the fast lane, without a warehouse.

`dbt build --empty --exclude-resource-type test` makes every model an empty table (a unit test
needs its inputs' columns, not their rows) and runs every unit test on its own fixture rows; the
data tests, which need the data, stay in the slow lane's whole builds. The build runs on a copy of
the project with one planted model and a unit test that expects a wrong value: that one must
fail (so this lane sees a broken unit test) and every unit test of the project must pass. The copy
starts from the session's parse of the project (conftest: parsed_project), so dbt parses only the
two planted files.
"""

from __future__ import annotations

import json
from pathlib import Path

from conftest import PARSED_PROFILE, copy_parsed_project

from job_skills.project import run_dbt

PLANTED_MODEL = "planted_unit_test_target"
PLANTED_TEST = "planted_unit_test_expects_the_wrong_value"
PLANTED_SQL = "select 1 as answer\n"
PLANTED_YAML = f"""version: 2
unit_tests:
  - name: {PLANTED_TEST}
    description: Planted by tests/test_dbt_unit_tests.py; it must fail.
    model: {PLANTED_MODEL}
    given: []
    expect:
      rows:
        - {{answer: 2}}
"""


def test_every_dbt_unit_test_passes_and_a_wrong_one_fails(tmp_path: Path, parsed_project: Path) -> None:
    project = copy_parsed_project(parsed_project, tmp_path)
    (project / "models" / f"{PLANTED_MODEL}.sql").write_text(PLANTED_SQL, encoding="utf-8")
    (project / "models" / "_planted__unit_tests.yml").write_text(PLANTED_YAML, encoding="utf-8")
    target = tmp_path / "target"
    result = run_dbt(
        [
            *("build", "--empty", "--exclude-resource-type", "test"),
            *("--target-path", str(target), "--log-path", str(tmp_path / "logs")),
        ],
        project_dir=project,
        extra_env=PARSED_PROFILE,  # the warehouse is tmp_path/w.duckdb
    )
    output = result.stdout[-6000:] + result.stderr[-2000:]
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    results = json.loads((target / "run_results.json").read_text(encoding="utf-8"))
    statuses = {row["unique_id"]: row["status"] for row in results["results"]}
    planted = f"unit_test.job_skills.{PLANTED_MODEL}.{PLANTED_TEST}"
    project_tests = set(manifest["unit_tests"]) - {planted}
    assert project_tests, "the project has no dbt unit tests"
    assert result.returncode == 1, output
    assert statuses.get(planted) == "fail", output
    assert {name: statuses.get(name) for name in project_tests} == dict.fromkeys(project_tests, "pass"), output
    models = {name: status for name, status in statuses.items() if name.startswith("model.")}
    assert models.pop(f"model.job_skills.{PLANTED_MODEL}") == "skipped", output
    assert set(models.values()) == {"success"}, output
