"""What a pull request does to the numbers: slim CI against a base revision, the audit that gates
publishing, then a diff of the marts, on two inputs.

Inputs: the shipped sample (the project as it is: seeds, default vars) and, when the working tree
has it, the shipped real-text postings `data/skillspan/postings.csv` through the user-postings path
with each side's default taxonomy, so a taxonomy or matcher change shows what it does to real
counts. Both sides read the same postings file when its content is unchanged; a base with another
version reads its own (and the head builds everything on it), a base without one reads the
working tree's. Each input has its own folder under the work dir; the two inputs' dbt commands run
side by side (two subprocesses, both cores).

1. Base: check the base revision out in a temporary `git worktree` (removed afterwards, even on
   failure) and build every seed and model there on a temporary DuckDB file per input (without the
   base's tests: the diff needs its numbers, the verdict is the head's); its manifest is the state
   the head is compared with, its warehouse the numbers before the change.
2. Head (the working tree): on a copy of the base warehouse, so unmodified relations already exist,
   build what the change touched and everything downstream
   (`dbt build --select state:modified+ --defer --state <base target>`), models first and then
   their tests (`dbt test` on the same selection), so a failing check does not hide a number.
   A comment-only change is state:modified too: rebuilt, and its diff is empty. dbt 1.11 cannot
   tell which models use a var (no `state:modified.vars`): when the `vars` of dbt_project.yml
   changed, everything is built, and the output says so. Mart tables the head's manifest no
   longer has a model for are dropped from the copy (a fresh build would not have them).
3. Publish audit: what `job-skills publish` runs before it publishes, on the head: its marts frozen
   and written to Parquet as publish writes them, the GX suites on those files (contract columns
   and types, keys, rows, checksums, build id) and their drift against the base's marts standing
   for the previous publication (no mart or column gone, rows within --max-row-change, each share
   within --max-share-change; --accept-drift as publish). So `make pr` is not green where
   `make build` would then refuse to publish. Only the whole-build precondition is left out (the
   head is a slim build; its own dbt checks are its verdict). Nothing is published.
4. Diff: every table in schema `marts`, before and after, matched on the key the mart's `unique` /
   `unique_combination_of_columns` test declares: marts added or removed, row counts, rows added /
   removed / changed, and the old and new value of each changed column (floats and decimals equal
   within 1e-12); a mart without a usable key is compared as a multiset of whole rows. DuckDB does
   it in SQL over both warehouses attached read-only to one in-memory connection (anti-joins and an
   inner join on the key, `except all` without one), so only counts and the first rows of each kind
   of change reach Python, whatever the size of the marts.

The result is markdown ready to paste into the pull request, printed and written to
reports/pr_diff.md. Nothing here touches warehouse/ or target/.

    job-skills diff --base REF [--output FILE] [--work-dir DIR] [--accept-drift]
                    [--max-row-change 0.25] [--max-share-change 0.10]      (make pr BASE=REF)

Exit status: 0 when every input's head checks and publish audit passed, 1 when a dbt check or the
audit failed (the diff is still printed), 2 when the base could not be built or the ref does not
exist.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
import functools
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import yaml

from job_skills import publish
from job_skills.audit import validate as validate_warehouse
from job_skills.audit.manifest import ManifestError
from job_skills.audit.suites import DriftLimits
from job_skills.project import PROJECT_ROOT, quoted, run_dbt

MART_SCHEMA = "marts"
WAREHOUSE_FILE = "job_skills.duckdb"  # same name for base and head: DuckDB names the catalog after the file
FLOAT_TOLERANCE = 1e-12
KEY_TESTS = ("unique", "unique_combination_of_columns")
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")
MAX_ROWS_PER_MART = 50
DEFAULT_OUTPUT = Path("reports") / "pr_diff.md"
SELECTED_TYPES = ("model", "seed", "snapshot")
COUNTED_TYPES = (*SELECTED_TYPES, "test", "unit_test")  # hooks and exposures (always no-op) are left out
REAL_TEXT_POSTINGS = Path("data") / "skillspan" / "postings.csv"  # shipped real text (the evaluation's)
REAL_TEXT = "real_text"
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


def build_head(
    project_dir: Path,
    base_target: Path,
    head_dir: Path,
    work: Path,
    reason: str | None,
    variables: list[str] | None = None,
) -> HeadBuild:
    """On head_dir's warehouse (a copy of the base): build state:modified+ (everything when reason says
    so) without tests, then run the tests of the same selection; variables: `--vars` and its value."""
    selection = [] if reason else ["--select", "state:modified+", "--defer", "--state", str(base_target)]
    selection = [*(variables or []), *selection]
    warehouse, target = head_dir / WAREHOUSE_FILE, head_dir / "target"
    # --full-refresh: the head copy holds the base's incremental tables, which the change may reshape
    models = dbt("build", [*selection, *NO_TESTS, "--full-refresh"], project_dir, warehouse, target, work)
    checks = dbt("test", selection, project_dir, warehouse, target, work)
    return HeadBuild(models, checks, reason)


def drop_stale_marts(warehouse: Path, manifest: Path) -> list[str]:
    """Drop the tables of schema marts that the head's manifest has no model for: the head is a copy
    of the base, and a model the change removed would otherwise stay (a fresh build has none of
    them). Returns their names; nothing is dropped when the manifest cannot be read."""
    try:
        nodes = json.loads(manifest.read_text(encoding="utf-8"))["nodes"].values()
    except (OSError, ValueError, KeyError):
        return []
    models = {
        (node.get("alias") or node["name"]).lower()
        for node in nodes
        if node.get("resource_type") in SELECTED_TYPES and node.get("schema") == MART_SCHEMA
    }
    con = duckdb.connect(str(warehouse))
    try:
        tables = con.execute(
            "select table_name, table_type from information_schema.tables where table_schema = ?", [MART_SCHEMA]
        ).fetchall()
        stale = sorted((name, kind) for name, kind in tables if name.lower() not in models)
        for name, kind in stale:
            con.execute(f"drop {'view' if kind == 'VIEW' else 'table'} {quoted(MART_SCHEMA)}.{quoted(name)}")
    finally:
        con.close()
    return [name for name, _ in stale]


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


# --- the diff: SQL over the two warehouses, attached read-only to one in-memory connection ----------

BASE, HEAD = "base", "head"  # catalog aliases of the two warehouses (both files are job_skills.duckdb)
INTEGER_TYPES = frozenset(
    ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT")
)
APPROXIMATE_TYPES = frozenset(("FLOAT", "REAL", "DOUBLE"))


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
    """One mart before and after: every count, and only the first rows (by key) of each kind of change."""

    name: str
    key: list[str] | None  # None: no usable key, whole rows compared
    rows_before: int
    rows_after: int
    added_count: int = 0  # keys (or whole rows) only in the head
    removed_count: int = 0  # keys (or whole rows) only in the base
    changed_count: int = 0  # keys on both sides whose row differs in a column
    changed_value_count: int = 0  # (row, column) pairs that differ
    added: list[dict[str, Any]] = field(default_factory=list)  # the first added_count keys (or whole rows)
    removed: list[dict[str, Any]] = field(default_factory=list)
    changed: list[RowChange] = field(default_factory=list)
    columns_added: list[str] = field(default_factory=list)
    columns_removed: list[str] = field(default_factory=list)
    columns_retyped: list[tuple[str, str, str]] = field(default_factory=list)  # (column, base type, head type)

    @property
    def is_changed(self) -> bool:
        counts = (self.added_count, self.removed_count, self.changed_count)
        return any(counts) or bool(self.columns_added or self.columns_removed or self.columns_retyped)


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
        """Every changed value of the example rows as (mart, key values, column, old, new)."""
        return {
            (mart.name, tuple(row.key.values()), change.column, change.old, change.new)
            for mart in self.marts
            for row in mart.changed
            for change in row.changes
        }


def normalise(value: Any) -> Any:
    """A plain Python value: numpy scalars unwrapped, arrays as lists, decimals as floats."""
    if hasattr(value, "tolist") and not isinstance(value, str):
        value = value.tolist()
    if isinstance(value, list | tuple):
        return [normalise(item) for item in value]
    if isinstance(value, Decimal):
        return float(value)
    return value


def relation(catalog: str, mart: str) -> str:
    return f"{quoted(catalog)}.{quoted(MART_SCHEMA)}.{quoted(mart)}"


@dataclass(frozen=True)
class Column:
    """A column both sides have, with its type on each side."""

    name: str
    base_type: str
    head_type: str

    @property
    def comparable(self) -> bool:
        """Same type, or numbers on both sides (1 and 1.0 are equal); otherwise compared as text."""
        return self.base_type == self.head_type or (is_numeric(self.base_type) and is_numeric(self.head_type))

    @property
    def approximate(self) -> bool:
        return self.comparable and (is_approximate(self.base_type) or is_approximate(self.head_type))

    def on(self, alias: str) -> str:
        """The column of one side (alias b or h) as compared."""
        column = f"{alias}.{quoted(self.name)}"
        return column if self.comparable else f"cast({column} as varchar)"

    def differs(self) -> str:
        """True when the base row (b) and the head row (h) differ here; nulls equal each other, and
        floats and decimals within FLOAT_TOLERANCE (a null or NaN on one side only still differs)."""
        old, new = self.on("b"), self.on("h")
        test = f"{old} is distinct from {new}"
        if self.approximate:
            test += f" and coalesce(abs({old} - {new}) >= {FLOAT_TOLERANCE!r}, true)"
        return f"({test})"


def is_approximate(data_type: str) -> bool:
    return data_type in APPROXIMATE_TYPES or data_type.startswith("DECIMAL")


def is_numeric(data_type: str) -> bool:
    return data_type in INTEGER_TYPES or is_approximate(data_type)


@contextlib.contextmanager
def attached(base: Path, head: Path, temp_directory: Path | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """One in-memory connection with base and head attached read-only, closed on exit."""
    for path in (base, head):
        if not path.is_file():
            raise PrDiffError(f"warehouse not found: {path}")
    con = duckdb.connect(":memory:", config={"temp_directory": str(temp_directory)} if temp_directory else {})
    try:
        for alias, path in ((BASE, base), (HEAD, head)):
            try:
                con.execute(f"attach ? as {quoted(alias)} (read_only)", [str(path)])
            except duckdb.Error as error:
                raise PrDiffError(f"cannot open {path} as a DuckDB warehouse: {one_line(str(error))}") from error
        yield con
    finally:
        con.close()


def mart_columns(con: duckdb.DuckDBPyConnection, catalog: str) -> dict[str, dict[str, str]]:
    """Mart -> {column: data type}, in column order, of the tables and views in one catalog's schema marts."""
    found: dict[str, dict[str, str]] = {}
    for table_name, column_name, data_type in con.execute(
        "select table_name, column_name, data_type from information_schema.columns"
        " where table_catalog = ? and table_schema = ? order by table_name, ordinal_position",
        [catalog, MART_SCHEMA],
    ).fetchall():
        found.setdefault(table_name, {})[column_name] = data_type
    return found


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> Any:
    return con.execute(sql, params or []).fetchone()[0]


def is_unique(con: duckdb.DuckDBPyConnection, table: str, key: list[Column]) -> bool:
    """No two rows share the key (nulls equal each other, as in group by)."""
    columns = ", ".join(quoted(column.name) for column in key)
    return not scalar(con, f"select count(*) from (select 1 from {table} group by {columns} having count(*) > 1)")


def key_match(key: list[Column]) -> str:
    return " and ".join(f"{column.on('b')} is not distinct from {column.on('h')}" for column in key)


def key_order(key: list[Column], alias: str) -> str:
    return ", ".join(f"{alias}.{quoted(column.name)}" for column in key)


def only_on_one_side(
    con: duckdb.DuckDBPyConnection, mart: MartDiff, key: list[Column], side: str, max_rows: int
) -> list[dict[str, Any]]:
    """The first keys (by key) only in the head (side h) or only in the base (side b): an anti-join."""
    before, after = relation(BASE, mart.name), relation(HEAD, mart.name)
    outer, inner = (f"{after} as h", f"{before} as b") if side == "h" else (f"{before} as b", f"{after} as h")
    found = con.execute(
        f"select {key_order(key, side)} from {outer}"
        f" where not exists (select 1 from {inner} where {key_match(key)})"
        f" order by {key_order(key, side)} limit ?",
        [max_rows],
    ).fetchall()
    return [{column.name: normalise(value) for column, value in zip(key, row, strict=True)} for row in found]


def diff_keyed_rows(
    con: duckdb.DuckDBPyConnection, mart: MartDiff, key: list[Column], values: list[Column], max_rows: int
) -> None:
    """Rows matched on the key: counts from one inner join, then the first changed, added, removed rows."""
    joined = f"{relation(BASE, mart.name)} as b inner join {relation(HEAD, mart.name)} as h on {key_match(key)}"
    any_differs = " or ".join(column.differs() for column in values) or "false"
    per_column = "".join(f", count(*) filter (where {column.differs()})" for column in values)
    matched, changed, *changed_per_column = con.execute(
        f"select count(*), count(*) filter (where {any_differs}){per_column} from {joined}"
    ).fetchone()
    mart.added_count, mart.removed_count = mart.rows_after - matched, mart.rows_before - matched
    mart.changed_count, mart.changed_value_count = changed, sum(changed_per_column)
    if changed:
        compared = ", ".join(f"b.{quoted(c.name)}, h.{quoted(c.name)}, {c.differs()}" for c in values)
        found = con.execute(
            f"select {key_order(key, 'b')}, {compared} from {joined}"
            f" where {any_differs} order by {key_order(key, 'b')} limit ?",
            [max_rows],
        ).fetchall()
        for row in found:
            key_values, compared_values = row[: len(key)], row[len(key) :]
            changes = [
                ColumnChange(column.name, normalise(compared_values[3 * at]), normalise(compared_values[3 * at + 1]))
                for at, column in enumerate(values)
                if compared_values[3 * at + 2]
            ]
            mart.changed.append(
                RowChange({c.name: normalise(v) for c, v in zip(key, key_values, strict=True)}, changes)
            )
    if mart.added_count:
        mart.added = only_on_one_side(con, mart, key, "h", max_rows)
    if mart.removed_count:
        mart.removed = only_on_one_side(con, mart, key, "b", max_rows)


def diff_whole_rows(con: duckdb.DuckDBPyConnection, mart: MartDiff, columns: list[Column], max_rows: int) -> None:
    """Without a key: rows are a multiset; what is only on one side (except all) was added or removed."""
    if not columns:  # nothing in common to compare: every row is new
        mart.added_count, mart.removed_count = mart.rows_after, mart.rows_before
        return

    def rows_of(alias: str, catalog: str) -> str:
        selected = ", ".join(f"{column.on(alias)} as {quoted(column.name)}" for column in columns)
        return f"select {selected} from {relation(catalog, mart.name)} as {alias}"

    head_only = f"{rows_of('h', HEAD)} except all {rows_of('b', BASE)}"
    base_only = f"{rows_of('b', BASE)} except all {rows_of('h', HEAD)}"
    names = [column.name for column in columns]
    for only, kind in ((head_only, "added"), (base_only, "removed")):
        count = scalar(con, f"select count(*) from ({only})")
        setattr(mart, f"{kind}_count", count)
        if count:
            found = con.execute(f"select * from ({only}) order by all limit ?", [max_rows]).fetchall()
            setattr(mart, kind, [dict(zip(names, map(normalise, row), strict=True)) for row in found])


def diff_mart(
    con: duckdb.DuckDBPyConnection,
    name: str,
    base_columns: dict[str, str],
    head_columns: dict[str, str],
    key: list[str] | None,
    max_rows: int,
) -> MartDiff:
    columns = [
        Column(column, base_columns[column], head_columns[column]) for column in base_columns if column in head_columns
    ]
    before, after = relation(BASE, name), relation(HEAD, name)
    mart = MartDiff(
        name, None, scalar(con, f"select count(*) from {before}"), scalar(con, f"select count(*) from {after}")
    )
    mart.columns_added = [column for column in head_columns if column not in base_columns]
    mart.columns_removed = [column for column in base_columns if column not in head_columns]
    mart.columns_retyped = [(c.name, c.base_type, c.head_type) for c in columns if c.base_type != c.head_type]
    by_name = {column.name: column for column in columns}
    key_columns = [by_name[column] for column in key or [] if column in by_name]
    usable = bool(key) and len(key_columns) == len(key or [])
    if usable and is_unique(con, before, key_columns) and is_unique(con, after, key_columns):
        mart.key = [column.name for column in key_columns]
        values = [column for column in columns if column.name not in mart.key]
        diff_keyed_rows(con, mart, key_columns, values, max_rows)
    else:  # no key, or a key that is not unique (a failing key test): whole rows
        diff_whole_rows(con, mart, columns, max_rows)
    return mart


def diff_warehouses(
    base: Path,
    head: Path,
    keys: dict[str, list[str]],
    max_rows: int = MAX_ROWS_PER_MART,
    temp_directory: Path | None = None,
) -> WarehouseDiff:
    """Compare every table in schema marts of the base warehouse with the head warehouse.

    DuckDB runs the comparison over both files attached read-only; only counts and the first
    max_rows rows of each kind of change per mart reach Python.
    """
    with attached(base, head, temp_directory) as con:
        base_marts, head_marts = mart_columns(con, BASE), mart_columns(con, HEAD)
        marts = []
        for name in sorted(base_marts.keys() & head_marts.keys()):
            try:
                marts.append(diff_mart(con, name, base_marts[name], head_marts[name], keys.get(name), max_rows))
            except duckdb.Error as error:
                raise PrDiffError(f"cannot diff mart {name}: {one_line(str(error))}") from error
    return WarehouseDiff(
        marts_added=sorted(head_marts.keys() - base_marts.keys()),
        marts_removed=sorted(base_marts.keys() - head_marts.keys()),
        marts=marts,
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


def line_count(mart: MartDiff) -> int:
    """Lines the whole diff of a mart would take: one per changed value, added row and removed row."""
    return mart.changed_value_count + mart.added_count + mart.removed_count


def mart_rows(mart: MartDiff) -> list[list[str]]:
    """One line per changed value, then one per added and removed row (before and after left blank),
    from the example rows; it stops after the first kind whose examples are not all its rows, so the
    lines shown are always the first lines of the whole diff."""
    if mart.key is None:
        sections = [
            ([[cell(whole_row(row)), "row added", "", ""] for row in mart.added], mart.added_count),
            ([[cell(whole_row(row)), "row removed", "", ""] for row in mart.removed], mart.removed_count),
        ]
    else:
        changed = [
            [*cells(row.key.values()), *cells([c.column, c.old, c.new])] for row in mart.changed for c in row.changes
        ]
        sections = [
            (changed, mart.changed_value_count),
            ([[*cells(row.values()), "*row added*", "", ""] for row in mart.added], mart.added_count),
            ([[*cells(row.values()), "*row removed*", "", ""] for row in mart.removed], mart.removed_count),
        ]
    lines: list[list[str]] = []
    for section, total in sections:
        lines += section
        if len(section) < total:
            break
    return lines


def render_mart(mart: MartDiff, max_rows: int) -> list[str]:
    key = ", ".join(f"`{column}`" for column in mart.key) if mart.key else "none usable (whole rows compared)"
    counts = f"{mart.added_count} added, {mart.removed_count} removed, {mart.changed_count} changed"
    lines = [f"### `{mart.name}`", "", f"Key: {key}. Rows {mart.rows_before} -> {mart.rows_after}: {counts}."]
    if mart.columns_added or mart.columns_removed:
        lines.append(f"Columns added: {mart.columns_added or 'none'}; removed: {mart.columns_removed or 'none'}.")
    if mart.columns_retyped:
        retyped = ", ".join(f"`{column}` {old} -> {new}" for column, old, new in mart.columns_retyped)
        lines.append(f"Column types changed: {retyped} (values compared as numbers, or else as text).")
    shown = mart_rows(mart)[:max_rows]
    if shown:
        lines += ["", *table([*(mart.key or ["row"]), "column", "before", "after"], shown)]
    if line_count(mart) > len(shown):
        lines.append(f"\n... and {line_count(mart) - len(shown)} more lines not shown.")
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
            cells([m.name, m.rows_before, m.rows_after, m.added_count, m.removed_count, m.changed_count])
            for m in changed
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


def render_audit(audit: AuditOutcome) -> list[str]:
    """The publish audit of one input: its verdict, then publish's own lines in a code block."""
    if audit.summary is None:
        return [f"Publish audit could not run: {audit.error}", ""]
    summary = audit.summary
    if summary.success and not summary.drift:
        verdict = "Publish audit passed"
    elif summary.success:
        verdict = "Publish audit passed, drift accepted (--accept-drift)"
    else:
        verdict = "Publish audit FAILED: `make build` would refuse to publish this"
    lines = [f"{verdict} (the GX suites `job-skills publish` runs, on the head's marts frozen as publish freezes"]
    lines[0] += " them, against the base's marts as the previous publication)."
    lines += [f"- {line}" for line in summary.blocking]
    suites = f"The {len(summary.suites)} GX suites, one line each"
    return [
        *lines,
        "",
        "<details>",
        f"<summary>{suites}</summary>",
        "",
        "```",
        summary.render(),
        "```",
        "",
        "</details>",
        "",
    ]


def render_verdict(results: list[InputResult]) -> list[str]:
    rows = [
        cells(
            [
                result.input.title,
                "passed" if result.build.passed else "FAILED",
                result.audit.verdict,
                f"{len(result.diff.changed)} of {len(result.diff.marts)}",
            ]
        )
        for result in results
    ]
    return [*table(["input", "dbt checks", "publish audit", "marts changed"], rows), ""]


def render_result(result: InputResult) -> list[str]:
    lines = [f"## {result.input.title}", "", result.input.description, ""]
    if result.input.note:
        lines += [result.input.note, ""]
    lines += ["### Slim CI", "", *render_build(result.build)]
    if result.stale_marts:
        dropped = ", ".join(f"`{name}`" for name in result.stale_marts)
        lines += [f"Dropped from the head's copy of the base (no model any more): {dropped}.", ""]
    lines += ["### Publish audit", "", *render_audit(result.audit)]
    return [*lines, "### Mart diff", "", *render_diff(result.diff)]


def render_markdown(base_ref: str, base_commit: str, head: str, results: list[InputResult]) -> str:
    inputs = " and ".join(result.input.title.lower() for result in results)
    lines = [
        "## What this change does to the marts",
        "",
        f"Base: `{base_ref}` (`{base_commit[:7]}`), every seed and model built. Head: {head}.",
        f"Both are built on {inputs}.",
        "",
        *render_verdict(results),
    ]
    for result in results:
        lines += render_result(result)
    return "\n".join(lines).rstrip() + "\n"


# --- the inputs, the audit, the whole comparison ----------------------------------------------------


@dataclass(frozen=True)
class Input:
    """What both revisions are built on: the project as it is (the shipped sample), or a postings file."""

    name: str  # its folder under the work dir
    title: str
    description: str
    base_vars: dict[str, Any] = field(default_factory=dict)  # --vars of the base build
    head_vars: dict[str, Any] = field(default_factory=dict)
    rebuild_reason: str | None = None  # why the head must build everything on this input
    note: str | None = None

    @staticmethod
    def arguments(variables: dict[str, Any]) -> list[str]:
        return ["--vars", json.dumps(variables)] if variables else []


SAMPLE = Input(
    "sample",
    "The shipped sample",
    "The project as it is: seeds and default vars (the 22 sample postings and their tags).",
)


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def real_text_input(tree: Path, project_dir: Path) -> Input | None:
    """The shipped real-text postings with the default taxonomy, when the working tree has them.

    Both sides read the same file when its content is the same (so the manifests do not differ by
    a path); a base with another version of it reads its own, and the head then builds everything.
    """
    head_file = project_dir / REAL_TEXT_POSTINGS
    if not head_file.is_file():
        return None
    base_file = tree / REAL_TEXT_POSTINGS
    title = "Real-text postings"
    description = (
        f"`{REAL_TEXT_POSTINGS}` (real posting text, SkillSpan; see its README) through the user-postings"
        " path with the default taxonomy (`seeds/taxonomy`) of each side: what a taxonomy or matcher change"
        " does to real counts."
    )
    head_vars = {"postings_path": str(head_file.resolve())}
    if not base_file.is_file():
        note = f"The base has no `{REAL_TEXT_POSTINGS}`: both sides read the working tree's."
        return Input(REAL_TEXT, title, description, head_vars, head_vars, note=note)
    if file_digest(base_file) != file_digest(head_file):
        reason = f"`{REAL_TEXT_POSTINGS}` changed (each side reads its own)"
        base_vars = {"postings_path": str(base_file.resolve())}
        return Input(REAL_TEXT, title, description, base_vars, head_vars, rebuild_reason=reason)
    return Input(REAL_TEXT, title, description, head_vars, head_vars)


@dataclass
class AuditOutcome:
    """The publish audit of one input's head: GX's summary, or why it could not run."""

    summary: validate_warehouse.ValidationSummary | None
    error: str | None = None

    @property
    def passed(self) -> bool:
        return self.summary is not None and self.summary.success

    @property
    def verdict(self) -> str:
        if self.summary is None:
            return "could not run"
        if not self.summary.success:
            return "FAILED"
        return "passed, drift accepted" if self.summary.drift else "passed"


def audit_head(
    head: Path, base: Path, manifest: Path, folder: Path, limits: DriftLimits, accept_drift: bool
) -> AuditOutcome:
    """The audit that gates `job-skills publish`, on the head: its marts frozen and written to Parquet as
    publish does it, the GX suites on those files (contract, keys, rows, checksums) and their drift
    against the base's marts as the previous publication. Nothing is published."""
    build_id = publish.new_build_id()
    folder.mkdir(parents=True, exist_ok=True)
    snapshot = folder / publish.PUBLISHED_DB
    try:
        rows, shapes = publish.freeze(head, snapshot, build_id, require_whole_build=False)
        publish.write_parquet(snapshot, folder / publish.PARQUET, list(rows), build_id)
        staged = validate_warehouse.StagedPublication(
            snapshot, folder / publish.PARQUET, build_id, rows, shapes, previous=base
        )
        summary = validate_warehouse.audit_publication(
            staged, None, manifest=manifest, limits=limits, accept_drift=accept_drift
        )
    except (publish.PublishError, ManifestError) as error:
        return AuditOutcome(None, one_line(str(error)))
    except duckdb.Error as error:
        return AuditOutcome(None, one_line(str(error)))
    return AuditOutcome(summary)


@dataclass
class InputResult:
    input: Input
    build: HeadBuild
    audit: AuditOutcome
    diff: WarehouseDiff
    stale_marts: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return self.build.passed and self.audit.passed


@dataclass
class PrDiff:
    base_ref: str
    base_commit: str
    results: list[InputResult]
    markdown: str

    @property
    def passed(self) -> bool:
        return all(result.passed for result in self.results)

    def result(self, name: str) -> InputResult:
        return next(result for result in self.results if result.input.name == name)


def progress(message: str) -> None:
    print(f"pr_diff: {message}", file=sys.stderr, flush=True)


def in_parallel(jobs: list[Callable[[], Any]]) -> list[Any]:
    """Each job in its own thread (each waits on a dbt subprocess: two builds use both cores); results
    in order, and the first job's exception raised once every job has ended."""
    if len(jobs) == 1:
        return [jobs[0]()]
    with concurrent.futures.ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        futures = [pool.submit(job) for job in jobs]
        concurrent.futures.wait(futures)
    return [future.result() for future in futures]


def build_base(tree: Path, given: Input, work: Path) -> None:
    """Every seed and model of the base worktree on one input, into work/base.

    The base's tests are not run: the diff needs the base's numbers, the verdict is the head's checks.
    """
    base = work / "base"
    run = dbt(
        "build", [*Input.arguments(given.base_vars), *NO_TESTS], tree, base / WAREHOUSE_FILE, base / "target", work
    )
    if not run.passed:
        failures = "\n".join(run.failures) or run.output_tail
        raise PrDiffError(f"the base revision does not build on {given.title.lower()}:\n{failures}")


def compare_input(
    project_dir: Path, given: Input, work: Path, var_reason: str | None, limits: DriftLimits, accept_drift: bool
) -> InputResult:
    base, head = work / "base", work / "head"
    shutil.copy2(base / WAREHOUSE_FILE, head / WAREHOUSE_FILE)
    reason = var_reason or given.rebuild_reason
    selection = "everything" if reason else "state:modified+"
    progress(f"{given.name}: building the working tree on a copy of the base: {selection}")
    build = build_head(project_dir, base / "target", head, work, reason, Input.arguments(given.head_vars))
    stale = drop_stale_marts(head / WAREHOUSE_FILE, head / "target" / "manifest.json")
    return InputResult(given, build, AuditOutcome(None, "not run"), WarehouseDiff([], [], []), stale)


def compare(
    base_ref: str, project_dir: Path, work: Path, limits: DriftLimits | None = None, accept_drift: bool = False
) -> PrDiff:
    commit = resolve_commit(base_ref, project_dir)
    limits = limits or DriftLimits()
    if (work / "worktree").exists():
        raise PrDiffError(f"{work / 'worktree'} exists: give a new or empty --work-dir")
    progress(f"building the base {base_ref} ({commit[:7]}) in a temporary worktree")
    with base_worktree(commit, project_dir, work / "worktree") as tree:
        base_vars = project_vars(tree)
        inputs = [SAMPLE, *filter(None, [real_text_input(tree, project_dir)])]
        for given in inputs:
            for folder in ("base", "head", "spill", "logs"):
                (work / given.name / folder).mkdir(parents=True, exist_ok=True)
        in_parallel([functools.partial(build_base, tree, given, work / given.name) for given in inputs])
    var_reason = full_build_reason(changed_vars(base_vars, project_vars(project_dir)))
    results = in_parallel(
        [
            functools.partial(compare_input, project_dir, given, work / given.name, var_reason, limits, accept_drift)
            for given in inputs
        ]
    )
    for result in results:  # one at a time: GX is not made for threads
        folder = work / result.input.name
        progress(f"{result.input.name}: the publish audit of the head, against the base as the previous publication")
        result.audit = audit_head(
            folder / "head" / WAREHOUSE_FILE,
            folder / "base" / WAREHOUSE_FILE,
            folder / "head" / "target" / "manifest.json",
            folder / "publication",
            limits,
            accept_drift,
        )
        progress(f"{result.input.name}: comparing the marts")
        keys = load_keys(folder / "head" / "target", folder / "base" / "target")
        result.diff = diff_warehouses(
            folder / "base" / WAREHOUSE_FILE, folder / "head" / WAREHOUSE_FILE, keys, temp_directory=folder / "spill"
        )
    markdown = render_markdown(base_ref, commit, head_description(project_dir), results)
    return PrDiff(base_ref, commit, results, markdown)


def run_pr_diff(
    base_ref: str,
    project_dir: Path = PROJECT_ROOT,
    output: Path | None = None,
    work_dir: Path | None = None,
    limits: DriftLimits | None = None,
    accept_drift: bool = False,
) -> PrDiff:
    """Build base_ref and the working tree of project_dir on each input, audit the head as publish
    would, diff their marts, write the markdown to output.

    work_dir holds the worktree and, per input, both warehouses and targets; a temporary directory
    (removed afterwards) when not given. output defaults to project_dir/reports/pr_diff.md.
    """
    with contextlib.ExitStack() as stack:
        work = work_dir or Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="pr_diff_")))
        result = compare(base_ref, project_dir, work, limits, accept_drift)
    target = output or project_dir / DEFAULT_OUTPUT
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(result.markdown, encoding="utf-8")
    return result


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--base", required=True, help="git ref of the base revision (e.g. main, HEAD~1)")
    parser.add_argument("--output", type=Path, help=f"markdown file (default: {DEFAULT_OUTPUT})")
    parser.add_argument("--work-dir", type=Path, help="keep the warehouses and targets here (default: temporary)")
    publish.add_drift_arguments(
        parser, "a deliberate change: drift beyond the limits does not fail (as `job-skills publish --accept-drift`)"
    )
    parser.add_argument("--project-dir", type=Path, default=PROJECT_ROOT, help=argparse.SUPPRESS)


def run(args: argparse.Namespace) -> int:
    limits = DriftLimits(args.max_row_change, args.max_share_change)
    try:
        result = run_pr_diff(
            args.base, args.project_dir.resolve(), args.output, args.work_dir, limits, args.accept_drift
        )
    except PrDiffError as error:
        print(f"pr_diff: {error}", file=sys.stderr)
        return 2
    print(result.markdown, end="")
    progress(f"written to {args.output or args.project_dir / DEFAULT_OUTPUT}")
    return 0 if result.passed else 1
