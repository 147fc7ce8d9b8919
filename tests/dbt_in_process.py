"""dbt run in the test process (dbtRunner) instead of a subprocess, for modules that start many small runs.

Every dbt subprocess pays the interpreter and dbt's imports again (1.1-1.8 s of CPU here) before
it parses the project; in the test process they are paid once. dbt still parses the whole project
for each run whose vars differ from the last parse (it reuses a partial parse only for the same
vars and profile), about 3.5-4.5 s here, so a run that stops at the first model costs that.
What the run sees is what `run_dbt` gives a subprocess: its environment (set around the call
only), the project folder as working directory; it returns the exit code and output the same way.
"""

from __future__ import annotations

import subprocess
import traceback
from pathlib import Path

import pytest
from conftest import release_warehouse
from dbt.cli.main import dbtRunner
from dbt_common.exceptions import DbtBaseException

from job_skills.project import PROJECT_ROOT, dbt_environment


def printing_runner() -> tuple[dbtRunner, list[str]]:
    """A dbtRunner and the list it fills with what dbt prints (info and above, not its debug log)."""
    messages: list[str] = []
    runner = dbtRunner(
        callbacks=[lambda event: messages.append(event.info.msg) if event.info.level != "debug" else None]
    )
    return runner, messages


def run_dbt_in_process(
    args: list[str],
    duckdb_path: Path | None = None,
    project_dir: Path = PROJECT_ROOT,
    extra_env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Like job_skills.project.run_dbt, in this process.

    stdout is what dbt prints (its info, warning and error messages, not its debug log), the exit
    code dbt's command line would give (0, 1 for a failed node or test, 2 for an error that stopped
    dbt); an exception other than dbt's own, with which the subprocess would die, is stderr, as its
    traceback. The DuckDB file dbt-duckdb keeps open in the process is released afterwards, so
    the test can read the warehouse.
    """
    runner, messages = printing_runner()
    with pytest.MonkeyPatch.context() as patch:
        for name, value in {**dbt_environment(duckdb_path), **(extra_env or {})}.items():
            patch.setenv(name, value)
        patch.chdir(project_dir)
        try:
            result = runner.invoke([*args, "--project-dir", str(project_dir)])
        finally:
            release_warehouse()
    stderr = ""
    if result.exception is None:
        returncode = 0 if result.success else 1
    else:
        returncode = 2
        if not isinstance(result.exception, DbtBaseException):  # the subprocess would crash with a traceback
            stderr = "".join(traceback.format_exception(result.exception))
    return subprocess.CompletedProcess(["dbt", *args], returncode, "\n".join(messages) + "\n", stderr)
