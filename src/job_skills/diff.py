"""What a pull request does to the numbers: slim CI against a base revision, then a diff of the marts.

1. Base: check the base revision out in a temporary `git worktree` (removed afterwards, even on
   failure) and build every seed and model there on a temporary DuckDB file (without the base's
   tests: the diff needs its numbers, the verdict is the head's); its manifest is the state the
   head is compared with, its warehouse the numbers before the change.
2. Head (the working tree): on a copy of the base warehouse, so unmodified relations already exist,
   build what the change touched and everything downstream
   (`dbt build --select state:modified+ --defer --state <base target>`), models first and then
   their tests (`dbt test` on the same selection), so a failing check does not hide a number.
   A comment-only change is state:modified too: rebuilt, and its diff is empty. dbt 1.11 cannot
   tell which models use a var (no `state:modified.vars`): when the `vars` of dbt_project.yml
   changed, everything is built, and the output says so.
3. Diff: every table in schema `marts`, before and after, matched on the key the mart's `unique` /
   `unique_combination_of_columns` test declares: marts added or removed, row counts, rows added /
   removed / changed, and the old and new value of each changed column (floats equal within 1e-12).

The result is markdown ready to paste into the pull request, printed and written to
reports/pr_diff.md. Nothing here touches warehouse/ or target/.

    python scripts/pr_diff.py --base REF [--output FILE] [--work-dir DIR]

Exit status: 0 when the head build passed, 1 when a dbt check failed (the diff is still printed),
2 when the base could not be built or the ref does not exist.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from job_skills.project import PROJECT_ROOT, read_frame, run_dbt

MART_SCHEMA = "marts"
WAREHOUSE_FILE = "job_skills.duckdb"  # same name for base and head: DuckDB names the catalog after the file
FLOAT_TOLERANCE = 1e-12
KEY_TESTS = ("unique", "unique_combination_of_columns")
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")
MAX_ROWS_PER_MART = 50
DEFAULT_OUTPUT = Path("reports") / "pr_diff.md"
SELECTED_TYPES = ("model", "seed", "snapshot")
COUNTED_TYPES = (*SELECTED_TYPES, "test", "unit_test")  # hooks and exposures (always no-op) are left out
NO_TESTS = ["--exclude-resource-type", "test", "--exclude-resource-type", "unit_test"]


class PrDiffError(RuntimeError):
    """The comparison could not be made (unknown ref, base revision does not build)."""


# --- git -------------------------------------------------------------------------------------------


def git(args: list[str], cwd: Path) -> str:
    """Run git in cwd and return its stdout; raise PrDiffError with git's message on failure."""
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise PrDiffError(f"git {' '.join(args)} failed: {result.stderr.strip()}")
    return result.stdout.strip()


def resolve_commit(ref: str, project_dir: Path) -> str:
    try:
        return git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], project_dir)
    except PrDiffError as error:
        raise PrDiffError(f"{ref!r} is not a commit in {project_dir}") from error


@contextlib.contextmanager
def base_worktree(commit: str, project_dir: Path, path: Path) -> Iterator[Path]:
    """A detached worktree of commit at path, removed on exit whatever happened inside."""
    git(["worktree", "add", "--detach", str(path), commit], project_dir)
    try:
        yield path
    finally:
        removed = subprocess.run(
            ["git", "worktree", "remove", "--force", str(path)], cwd=project_dir, capture_output=True, check=False
        )
        if removed.returncode != 0:
            shutil.rmtree(path, ignore_errors=True)
            subprocess.run(["git", "worktree", "prune"], cwd=project_dir, capture_output=True, check=False)


def head_description(project_dir: Path) -> str:
    sha = git(["rev-parse", "--short", "HEAD"], project_dir)
    dirty = git(["status", "--porcelain", "--untracked-files=no"], project_dir)
    return f"the working tree at `{sha}`" + (" with uncommitted changes" if dirty else "")


# --- dbt -------------------------------------------------------------------------------------------


@dataclass
class DbtRun:
    """One dbt command: what it ran and how it went (from run_results.json)."""

    returncode: int
    built: list[str] = field(default_factory=list)  # unique ids of the models, seeds, snapshots it built
    statuses: Counter[str] = field(default_factory=Counter)  # status -> how many nodes of COUNTED_TYPES
    failures: list[str] = field(default_factory=list)  # "unique_id: message" of errors and failed checks
    output_tail: str = ""

    @property
    def passed(self) -> bool:
        return self.returncode == 0


@dataclass
class HeadBuild:
    """The head: its models built first, then its checks, so a failing check hides no number."""

    models: DbtRun
    checks: DbtRun
    full_build_reason: str | None = None  # why everything was built instead of state:modified+

    @property
    def selected(self) -> list[str]:
        return self.models.built

    @property
    def passed(self) -> bool:
        return self.models.passed and self.checks.passed


def dbt_env(project_dir: Path, work: Path) -> dict[str, str]:
    return {
        "DBT_PROFILES_DIR": str(project_dir / "profiles"),
        "DUCKDB_TEMP_DIRECTORY": str(work / "spill"),
        "DBT_USE_COLORS": "False",
    }


def one_line(message: str) -> str:
    return " ".join(ANSI_ESCAPE.sub("", message).split())


def read_run_results(target: Path, returncode: int, output: str) -> DbtRun:
    path = target / "run_results.json"
    results = json.loads(path.read_text(encoding="utf-8"))["results"] if path.exists() else []
    run = DbtRun(returncode=returncode, output_tail=ANSI_ESCAPE.sub("", output)[-4000:])
    for result in results:
        unique_id, status = result["unique_id"], result["status"]
        if unique_id.split(".")[0] in SELECTED_TYPES:
            run.built.append(unique_id)
        if unique_id.split(".")[0] in COUNTED_TYPES:
            run.statuses[status] += 1
        if status in ("error", "fail", "runtime error"):
            run.failures.append(f"{unique_id}: {one_line(result.get('message') or '')}")
    run.built.sort()
    return run


def dbt(command: str, args: list[str], project_dir: Path, warehouse: Path, target: Path, work: Path) -> DbtRun:
    """One dbt command in project_dir on warehouse, with a private target and log path."""
    # A command that fails before running would leave the previous run_results.json to be read.
    (target / "run_results.json").unlink(missing_ok=True)
    result = run_dbt(
        [command, *args, "--target-path", str(target), "--log-path", str(work / "logs")],
        duckdb_path=warehouse,
        project_dir=project_dir,
        extra_env=dbt_env(project_dir, work),
    )
    return read_run_results(target, result.returncode, result.stdout + result.stderr)


def project_vars(project_dir: Path) -> dict[str, Any]:
    config = yaml.safe_load((project_dir / "dbt_project.yml").read_text(encoding="utf-8")) or {}
    return config.get("vars") or {}


def changed_vars(base: dict[str, Any], head: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Project vars whose value differs (a var only on one side has None on the other)."""
    return {
        name: (base.get(name), head.get(name))
        for name in sorted(base.keys() | head.keys())
        if base.get(name) != head.get(name)
    }


def full_build_reason(var_changes: dict[str, tuple[Any, Any]]) -> str | None:
    if not var_changes:
        return None
    listed = ", ".join(f"`{name}` {fmt(old)} -> {fmt(new)}" for name, (old, new) in var_changes.items())
    return (
        f"dbt_project.yml vars changed ({listed}) and dbt 1.11 cannot select the models that use a var "
        "(it has no state:modified.vars)"
    )


def build_head(project_dir: Path, base_target: Path, head_dir: Path, work: Path, reason: str | None) -> HeadBuild:
    """On head_dir's warehouse (a copy of the base): build state:modified+ (everything when reason says
    so) without tests, then run the tests of the same selection."""
    selection = [] if reason else ["--select", "state:modified+", "--defer", "--state", str(base_target)]
    warehouse, target = head_dir / WAREHOUSE_FILE, head_dir / "target"
    # --full-refresh: the head copy holds the base's incremental tables, which the change may reshape
    models = dbt("build", [*selection, *NO_TESTS, "--full-refresh"], project_dir, warehouse, target, work)
    checks = dbt("test", selection, project_dir, warehouse, target, work)
    return HeadBuild(models, checks, reason)


# --- keys from the manifest --------------------------------------------------------------------------


def key_test_columns(test: dict) -> list[str] | None:
    """The columns a unique / unique_combination_of_columns test declares unique, if it is one."""
    metadata = test.get("test_metadata") or {}
    if metadata.get("name") not in KEY_TESTS or (test.get("config") or {}).get("where"):
        return None
    kwargs = metadata.get("kwargs") or {}
    arguments = {**(kwargs.get("arguments") or {}), **kwargs}
    if metadata["name"] == "unique":
        column = arguments.get("column_name") or test.get("column_name")
        return [column] if column else None
    columns = arguments.get("combination_of_columns")
    return list(columns) if columns else None


def key_rank(columns: list[str]) -> tuple[int, int, list[str]]:
    """Fewest columns first, then ids (skill_id) before names (skill_name)."""
    return (len(columns), sum(not column.endswith("_id") for column in columns), columns)


def mart_keys(manifest: dict) -> dict[str, list[str]]:
    """Mart name -> key columns, from the key tests attached to each model in schema marts."""
    marts = {
        node["unique_id"]: node["alias"] or node["name"]
        for node in manifest["nodes"].values()
        if node["resource_type"] in SELECTED_TYPES and node.get("schema") == MART_SCHEMA
    }
    candidates: dict[str, list[list[str]]] = {}
    for node in manifest["nodes"].values():
        columns = key_test_columns(node) if node["resource_type"] == "test" else None
        if columns and node.get("attached_node") in marts:
            candidates.setdefault(marts[node["attached_node"]], []).append(columns)
    return {mart: min(keys, key=key_rank) for mart, keys in candidates.items()}


def load_keys(*targets: Path) -> dict[str, list[str]]:
    """Keys from each target's manifest; earlier targets win (head before base)."""
    keys: dict[str, list[str]] = {}
    for target in reversed(targets):
        path = target / "manifest.json"
        if path.exists():
            keys.update(mart_keys(json.loads(path.read_text(encoding="utf-8"))))
    return keys


# --- the diff ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ColumnChange:
    column: str
    old: Any
    new: Any


@dataclass
class RowChange:
    key: dict[str, Any]
    changes: list[ColumnChange]


@dataclass
class MartDiff:
    name: str
    key: list[str] | None  # None: no usable key, whole rows compared
    rows_before: int
    rows_after: int
    added: list[dict[str, Any]] = field(default_factory=list)  # keys (or whole rows) only in the head
    removed: list[dict[str, Any]] = field(default_factory=list)
    changed: list[RowChange] = field(default_factory=list)
    columns_added: list[str] = field(default_factory=list)
    columns_removed: list[str] = field(default_factory=list)

    @property
    def is_changed(self) -> bool:
        return bool(self.added or self.removed or self.changed or self.columns_added or self.columns_removed)


@dataclass
class WarehouseDiff:
    marts_added: list[str]
    marts_removed: list[str]
    marts: list[MartDiff]  # every mart in both warehouses

    @property
    def changed(self) -> list[MartDiff]:
        return [mart for mart in self.marts if mart.is_changed]

    @property
    def is_empty(self) -> bool:
        return not (self.marts_added or self.marts_removed or self.changed)

    def changes(self) -> set[tuple[str, tuple, str, Any, Any]]:
        """Every changed value as (mart, key values, column, old, new)."""
        return {
            (mart.name, tuple(row.key.values()), change.column, change.old, change.new)
            for mart in self.marts
            for row in mart.changed
            for change in row.changes
        }


def normalise(value: Any) -> Any:
    """A plain Python value: numpy scalars unwrapped, arrays as lists, every kind of missing as None."""
    if hasattr(value, "tolist") and not isinstance(value, str):
        value = value.tolist()
    if isinstance(value, list):
        return [normalise(item) for item in value]
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, Decimal):
        return float(value)
    return value


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def values_differ(old: Any, new: Any) -> bool:
    """Different, with numbers equal when they are within FLOAT_TOLERANCE of each other."""
    if old is None or new is None:
        return (old is None) != (new is None)
    if is_number(old) and is_number(new):
        return abs(old - new) >= FLOAT_TOLERANCE
    return bool(old != new)


def mart_columns(warehouse: Path) -> dict[str, list[str]]:
    frame = read_frame(
        "select table_name, column_name from information_schema.columns"
        " where table_schema = ? order by table_name, ordinal_position",
        [MART_SCHEMA],
        warehouse,
    )
    return {name: list(group["column_name"]) for name, group in frame.groupby("table_name", sort=True)}


def read_mart(warehouse: Path, name: str, columns: list[str]) -> list[dict[str, Any]]:
    select = ", ".join(f'"{column}"' for column in columns)
    frame = read_frame(f'select {select} from "{MART_SCHEMA}"."{name}"', path=warehouse)
    return [{column: normalise(value) for column, value in row.items()} for row in frame.to_dict("records")]


def hashable(value: Any) -> Any:
    return tuple(hashable(item) for item in value) if isinstance(value, list) else value


def index_rows(rows: list[dict[str, Any]], key: list[str]) -> dict[tuple, dict[str, Any]] | None:
    """Rows by key values; None when the key is not unique (a failing key test)."""
    indexed = {tuple(hashable(row[column]) for column in key): row for row in rows}
    return indexed if len(indexed) == len(rows) else None


def diff_whole_rows(mart: MartDiff, before: list[dict], after: list[dict]) -> None:
    """Without a key: rows are a multiset; what is only on one side was added or removed."""
    counted_before = Counter(tuple(hashable(value) for value in row.values()) for row in before)
    counted_after = Counter(tuple(hashable(value) for value in row.values()) for row in after)
    columns = list(before[0] if before else after[0]) if before or after else []
    mart.added = [dict(zip(columns, row, strict=True)) for row in (counted_after - counted_before).elements()]
    mart.removed = [dict(zip(columns, row, strict=True)) for row in (counted_before - counted_after).elements()]


def diff_keyed_rows(mart: MartDiff, before: dict[tuple, dict], after: dict[tuple, dict], columns: list[str]) -> None:
    key = mart.key or []
    mart.added = [{column: after[values][column] for column in key} for values in after.keys() - before.keys()]
    mart.removed = [{column: before[values][column] for column in key} for values in before.keys() - after.keys()]
    for values in before.keys() & after.keys():
        old, new = before[values], after[values]
        changes = [
            ColumnChange(column, old[column], new[column])
            for column in columns
            if column not in key and values_differ(old[column], new[column])
        ]
        if changes:
            mart.changed.append(RowChange({column: old[column] for column in key}, changes))
    for rows in (mart.added, mart.removed):
        rows.sort(key=lambda row: sort_key(row.values()))
    mart.changed.sort(key=lambda row: sort_key(row.key.values()))


def sort_key(values: Any) -> tuple:
    return tuple((value is None, str(value)) for value in values)


def diff_mart(
    name: str, base: Path, head: Path, base_columns: list[str], head_columns: list[str], key: list[str] | None
) -> MartDiff:
    columns = [column for column in base_columns if column in head_columns]
    before, after = read_mart(base, name, columns), read_mart(head, name, columns)
    usable = key if key and set(key) <= set(columns) else None
    mart = MartDiff(name, usable, len(before), len(after))
    mart.columns_added = [column for column in head_columns if column not in base_columns]
    mart.columns_removed = [column for column in base_columns if column not in head_columns]
    indexed_before = index_rows(before, usable) if usable else None
    indexed_after = index_rows(after, usable) if usable else None
    if usable and indexed_before is not None and indexed_after is not None:
        diff_keyed_rows(mart, indexed_before, indexed_after, columns)
    else:
        mart.key = None
        diff_whole_rows(mart, before, after)
    return mart


def diff_warehouses(base: Path, head: Path, keys: dict[str, list[str]]) -> WarehouseDiff:
    """Compare every table in schema marts of the base warehouse with the head warehouse."""
    base_marts, head_marts = mart_columns(base), mart_columns(head)
    common = sorted(base_marts.keys() & head_marts.keys())
    return WarehouseDiff(
        marts_added=sorted(head_marts.keys() - base_marts.keys()),
        marts_removed=sorted(base_marts.keys() - head_marts.keys()),
        marts=[diff_mart(name, base, head, base_marts[name], head_marts[name], keys.get(name)) for name in common],
    )


# --- markdown ----------------------------------------------------------------------------------------


def fmt(value: Any) -> str:
    """A value as a reviewer reads it: 82, 0.8181818181818182, Core, true, null."""
    value = normalise(value)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, list):
        return "[" + ", ".join(fmt(item) for item in value) + "]"
    return '""' if value == "" else str(value)


def cell(value: Any) -> str:
    return fmt(value).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    """A markdown table of cells already written with cell()."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


def whole_row(row: dict[str, Any]) -> str:
    return ", ".join(f"{column}={fmt(value)}" for column, value in row.items())


def cells(values: Any) -> list[str]:
    return [cell(value) for value in values]


def mart_rows(mart: MartDiff) -> list[list[str]]:
    """One line per changed value, then one per added and removed row (before and after left blank)."""
    if mart.key is None:
        added = [[cell(whole_row(row)), "row added", "", ""] for row in mart.added]
        return added + [[cell(whole_row(row)), "row removed", "", ""] for row in mart.removed]
    lines = [[*cells(row.key.values()), *cells([c.column, c.old, c.new])] for row in mart.changed for c in row.changes]
    lines += [[*cells(row.values()), "*row added*", "", ""] for row in mart.added]
    return lines + [[*cells(row.values()), "*row removed*", "", ""] for row in mart.removed]


def render_mart(mart: MartDiff, max_rows: int) -> list[str]:
    key = ", ".join(f"`{column}`" for column in mart.key) if mart.key else "none usable (whole rows compared)"
    counts = f"{len(mart.added)} added, {len(mart.removed)} removed, {len(mart.changed)} changed"
    lines = [f"### `{mart.name}`", "", f"Key: {key}. Rows {mart.rows_before} -> {mart.rows_after}: {counts}."]
    if mart.columns_added or mart.columns_removed:
        lines.append(f"Columns added: {mart.columns_added or 'none'}; removed: {mart.columns_removed or 'none'}.")
    rows = mart_rows(mart)
    if rows:
        header = [*(mart.key or ["row"]), "column", "before", "after"]
        lines += ["", *table(header, rows[:max_rows])]
        if len(rows) > max_rows:
            lines.append(f"\n... and {len(rows) - max_rows} more lines not shown.")
    return [*lines, ""]


def render_diff(diff: WarehouseDiff, max_rows: int = MAX_ROWS_PER_MART) -> list[str]:
    if diff.is_empty:
        return ["No mart changed.", ""]
    lines = []
    if diff.marts_added:
        lines += ["Marts added: " + ", ".join(f"`{name}`" for name in diff.marts_added) + ".", ""]
    if diff.marts_removed:
        lines += ["Marts removed: " + ", ".join(f"`{name}`" for name in diff.marts_removed) + ".", ""]
    changed = diff.changed
    if changed:
        summary = [
            cells([m.name, m.rows_before, m.rows_after, len(m.added), len(m.removed), len(m.changed)]) for m in changed
        ]
        lines += [*table(["mart", "rows before", "rows after", "added", "removed", "changed"], summary), ""]
    unchanged = len(diff.marts) - len(changed)
    lines += [f"{unchanged} other mart{'s' if unchanged != 1 else ''} unchanged.", ""]
    for mart in changed:
        lines += render_mart(mart, max_rows)
    return lines


def node_name(unique_id: str) -> str:
    return unique_id.split(".")[-1]


def render_run(label: str, run: DbtRun) -> list[str]:
    if run.statuses:
        counts = ", ".join(f"{status} {count}" for status, count in sorted(run.statuses.items()))
        lines = [f"{label} {'passed' if run.passed else 'FAILED'}: {counts}."]
    elif run.passed:
        lines = [f"{label}: nothing to run."]
    else:
        lines = [f"{label} FAILED before running anything:", "", "```", run.output_tail.strip()[-2000:], "```"]
    failures = [f"- `{unique_id}`: {message[:300]}" for unique_id, _, message in map(split_failure, run.failures)]
    return lines + (["", *failures] if failures else [])


def split_failure(failure: str) -> tuple[str, str, str]:
    return failure.partition(": ")


def count_nodes(unique_ids: list[str]) -> str:
    """'2 models, 1 seed' for the given unique ids."""
    counts = Counter(unique_id.split(".")[0] for unique_id in unique_ids)
    return ", ".join(f"{count} {kind}{'s' if count != 1 else ''}" for kind, count in sorted(counts.items()))


def render_build(build: HeadBuild) -> list[str]:
    names = ", ".join(f"`{node_name(node)}`" for node in build.selected)
    if build.full_build_reason:
        lines = [f"Selected: everything ({count_nodes(build.selected)}), because {build.full_build_reason}."]
    elif build.selected:
        lines = [f"Selected by `state:modified+` against the base ({count_nodes(build.selected)}): {names}."]
    else:
        lines = ["Nothing modified: `state:modified+` selects no model or seed, so no model was rebuilt."]
    lines += ["", *render_run("Models (dbt build without tests)", build.models)]
    lines += ["", *render_run("Checks (dbt test on the same selection)", build.checks)]
    return [*lines, ""]


def render_markdown(base_ref: str, base_commit: str, head: str, build: HeadBuild, diff: WarehouseDiff) -> str:
    lines = [
        "## What this change does to the marts",
        "",
        f"Base: `{base_ref}` (`{base_commit[:7]}`), every seed and model built. Head: {head}.",
        "",
        "### Slim CI",
        "",
        *render_build(build),
        "### Mart diff",
        "",
        *render_diff(diff),
    ]
    return "\n".join(lines).rstrip() + "\n"


# --- the whole comparison ----------------------------------------------------------------------------


@dataclass
class PrDiff:
    base_ref: str
    base_commit: str
    build: HeadBuild
    diff: WarehouseDiff
    markdown: str


def progress(message: str) -> None:
    print(f"pr_diff: {message}", file=sys.stderr, flush=True)


def build_base(commit: str, project_dir: Path, work: Path) -> dict[str, Any]:
    """Every seed and model of commit, built in a temporary worktree into work/base; returns its project vars.

    The base's tests are not run: the diff needs the base's numbers, the verdict is the head's checks.
    """
    with base_worktree(commit, project_dir, work / "worktree") as tree:
        base_vars = project_vars(tree)
        run = dbt("build", NO_TESTS, tree, work / "base" / WAREHOUSE_FILE, work / "base" / "target", work)
    if not run.passed:
        failures = "\n".join(run.failures) or run.output_tail
        raise PrDiffError(f"the base revision {commit[:7]} does not build:\n{failures}")
    return base_vars


def compare(base_ref: str, project_dir: Path, work: Path) -> PrDiff:
    commit = resolve_commit(base_ref, project_dir)
    if (work / "worktree").exists():
        raise PrDiffError(f"{work / 'worktree'} exists: give a new or empty --work-dir")
    for folder in ("base", "head", "spill", "logs"):
        (work / folder).mkdir(parents=True, exist_ok=True)
    progress(f"building the base {base_ref} ({commit[:7]}) in a temporary worktree")
    base_vars = build_base(commit, project_dir, work)
    shutil.copy2(work / "base" / WAREHOUSE_FILE, work / "head" / WAREHOUSE_FILE)
    reason = full_build_reason(changed_vars(base_vars, project_vars(project_dir)))
    progress(
        f"building the working tree on a copy of the base warehouse: {'everything' if reason else 'state:modified+'}"
    )
    build = build_head(project_dir, work / "base" / "target", work / "head", work, reason)
    progress("comparing the marts")
    keys = load_keys(work / "head" / "target", work / "base" / "target")
    diff = diff_warehouses(work / "base" / WAREHOUSE_FILE, work / "head" / WAREHOUSE_FILE, keys)
    markdown = render_markdown(base_ref, commit, head_description(project_dir), build, diff)
    return PrDiff(base_ref, commit, build, diff, markdown)


def run_pr_diff(
    base_ref: str, project_dir: Path = PROJECT_ROOT, output: Path | None = None, work_dir: Path | None = None
) -> PrDiff:
    """Build base_ref and the working tree of project_dir, diff their marts, write the markdown to output.

    work_dir holds the worktree, both warehouses and targets; a temporary directory (removed
    afterwards) when not given. output defaults to project_dir/reports/pr_diff.md.
    """
    with contextlib.ExitStack() as stack:
        work = work_dir or Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="pr_diff_")))
        result = compare(base_ref, project_dir, work)
    target = output or project_dir / DEFAULT_OUTPUT
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(result.markdown, encoding="utf-8")
    return result


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--base", required=True, help="git ref of the base revision (e.g. main, HEAD~1)")
    parser.add_argument("--output", type=Path, help=f"markdown file (default: {DEFAULT_OUTPUT})")
    parser.add_argument("--work-dir", type=Path, help="keep the warehouses and targets here (default: temporary)")
    parser.add_argument("--project-dir", type=Path, default=PROJECT_ROOT, help=argparse.SUPPRESS)


def run(args: argparse.Namespace) -> int:
    try:
        result = run_pr_diff(args.base, args.project_dir.resolve(), args.output, args.work_dir)
    except PrDiffError as error:
        print(f"pr_diff: {error}", file=sys.stderr)
        return 2
    print(result.markdown, end="")
    progress(f"written to {args.output or args.project_dir / DEFAULT_OUTPUT}")
    return 0 if result.build.passed else 1
