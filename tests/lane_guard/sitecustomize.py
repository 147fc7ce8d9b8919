"""The fast lane's guard: no test in `pytest -m "not slow"` may build a warehouse.

tests/conftest.py sets JOB_SKILLS_FAST_LANE=1 when the run deselects the slow lane, and puts this
folder first on PYTHONPATH, so Python imports this module in every child process (dbt, job-skills,
make's recipes, ...). In a dbt process, and in the test processes themselves (conftest calls
install() for dbt run in-process), a dbt run, build, seed or snapshot about to build more than
MAX_MODELS models stops with one line saying so before any node runs. The run-start hooks have
already run then, so a bad var still gets validate_vars' message first. `--empty` builds (dbt's
schema-only builds, which the fast lane uses for the unit tests) and seeds are allowed.
"""

from __future__ import annotations

import os
import sys

ENV = "JOB_SKILLS_FAST_LANE"
MAX_MODELS = 3
MESSAGE = (
    "fast lane ({env}=1, pytest -m 'not slow'): this dbt {command} would build {count} models, a warehouse;"
    " mark the test slow (tests/conftest.py, SLOW_FIXTURES or SLOW_TESTS) or build with --empty"
)


def install() -> None:
    """Wrap dbt's node execution so a run that would build a warehouse raises instead."""
    from dbt.exceptions import DbtRuntimeError
    from dbt.flags import get_flags
    from dbt.task.run import RunTask
    from dbt.task.runnable import GraphRunnableTask

    original = GraphRunnableTask.execute_nodes
    if getattr(original, "lane_guard", False):
        return

    def execute_nodes(self: GraphRunnableTask) -> object:
        if os.environ.get(ENV) and isinstance(self, RunTask) and not getattr(get_flags(), "EMPTY", False):
            models = [
                node
                for node in self._flattened_nodes or []
                if node.resource_type == "model" and not node.is_ephemeral_model
            ]
            if len(models) > MAX_MODELS:
                command = getattr(get_flags(), "WHICH", "run")
                raise DbtRuntimeError(MESSAGE.format(env=ENV, command=command, count=len(models)))
        return original(self)

    execute_nodes.lane_guard = True  # type: ignore[attr-defined]
    GraphRunnableTask.execute_nodes = execute_nodes  # type: ignore[method-assign]


if os.environ.get(ENV) and os.path.basename((getattr(sys, "argv", None) or [""])[0]) == "dbt":
    install()
