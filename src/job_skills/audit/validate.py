"""Run the Great Expectations suites (scripts/gx_suites.py) on the built warehouse.

    python scripts/validate_warehouse.py [--warehouse PATH] [--data-docs-dir DIR]

Each mart is read into pandas through a short-lived read-only DuckDB connection (GX's SQL
datasource returns no rows on DuckDB) and validated with GX's pandas datasource: one suite and
one checkpoint per mart, in an ephemeral GX context, nothing written under gx/. A dataframe
reaches GX as the checkpoint's batch parameters, which every validation definition of a
checkpoint shares, hence a checkpoint per mart. The run prints one line per suite and one per
failed expectation, writes Data Docs (default reports/data_docs/index.html) and exits 0 when
every suite passes, 1 when one fails, 2 when the warehouse file is missing or cannot be read.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import shutil
import sys
import time
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import great_expectations as gx
import pandas as pd
from great_expectations.core.run_identifier import RunIdentifier
from great_expectations.data_context.types.base import ProgressBarsConfig

from job_skills.audit.suites import MARTS, Frames, MartSuite, build_suites, read_project_vars
from job_skills.project import PROJECT_ROOT, read_frame, warehouse_path

DEFAULT_DATA_DOCS_DIR = PROJECT_ROOT / "reports" / "data_docs"
DBT_PROJECT = PROJECT_ROOT / "dbt_project.yml"
DATA_DOCS_SITE = "warehouse"
RUN_NAME = "validate_warehouse"
EXAMPLES_PER_FAILURE = 3
EXPECTED_KWARGS = ("value", "min_value", "max_value", "value_set")
MAX_VALUE_SET_SHOWN = 8

GxContext = Any  # an EphemeralDataContext; GX's own type lives in a module of its internals
ValidationResult = Any  # ExpectationSuiteValidationResult
ExpectationResult = Any  # ExpectationValidationResult


@dataclass(frozen=True)
class SuiteOutcome:
    """How one mart's suite went."""

    mart: str
    passed: int
    evaluated: int

    @property
    def success(self) -> bool:
        return self.passed == self.evaluated


@dataclass
class ValidationSummary:
    """Every suite's outcome and one readable line per failed expectation."""

    warehouse: Path
    suites: list[SuiteOutcome] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    data_docs_index: Path | None = None
    seconds: float = 0.0
    expected_suites: int = len(MARTS)

    @property
    def success(self) -> bool:
        return not self.failures and len(self.suites) == self.expected_suites

    def render(self) -> str:
        lines = [f"Great Expectations on {self.warehouse}: {len(self.suites)} suites, one per mart"]
        lines += [
            f"  {'PASS' if suite.success else 'FAIL'}  {suite.mart}: {suite.passed}/{suite.evaluated} expectations"
            for suite in self.suites
        ]
        if self.failures:
            lines.append(f"{len(self.failures)} failed:")
            lines += [f"  - {failure}" for failure in self.failures]
        passed = sum(suite.passed for suite in self.suites)
        evaluated = sum(suite.evaluated for suite in self.suites)
        verdict = "all passed" if self.success else "FAILED"
        lines.append(f"{verdict}: {passed}/{evaluated} expectations in {self.seconds:.1f} s")
        if self.data_docs_index is not None:
            lines.append(f"Data Docs: {self.data_docs_index}")
        return "\n".join(lines)


# Reading the marts ----------------------------------------------------------------------------


def plain_dtypes(frame: pd.DataFrame) -> pd.DataFrame:
    """NumPy dtypes for the columns DuckDB hands over as nullable ones when they hold a null.

    pd.NA makes GX's row comparisons raise ("boolean value of NA is ambiguous"), so nullable
    integers become floats (NaN) and nullable booleans objects (None), as GX expects.
    """
    out = frame.copy()
    for column in out.columns:
        dtype = out[column].dtype
        if pd.api.types.is_extension_array_dtype(dtype) and pd.api.types.is_integer_dtype(dtype):
            out[column] = out[column].astype("float64")
        elif pd.api.types.is_extension_array_dtype(dtype) and pd.api.types.is_bool_dtype(dtype):
            out[column] = out[column].astype(object).where(out[column].notna(), None)
    return out


def read_marts(warehouse: Path) -> tuple[Frames, list[str]]:
    """Every mart as a DataFrame (one short-lived connection each), and the marts that are missing."""
    frames: Frames = {}
    missing: list[str] = []
    for mart in MARTS:
        try:
            frames[mart] = plain_dtypes(read_frame(f"select * from marts.{mart}", path=warehouse))
        except duckdb.CatalogException:
            missing.append(mart)
    return frames, missing


# Running the suites ---------------------------------------------------------------------------


def make_context(data_docs_dir: Path | None) -> GxContext:
    """An ephemeral GX context: no progress bars, Data Docs only where asked."""
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    context.variables.data_docs_sites = {}
    if data_docs_dir is not None:
        site_config = {
            "class_name": "SiteBuilder",
            "show_how_to_buttons": False,
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
            "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(data_docs_dir)},
        }
        context.add_data_docs_site(site_name=DATA_DOCS_SITE, site_config=site_config)
    return context


def add_checkpoint(context: GxContext, datasource: Any, suite: MartSuite) -> Any:
    """The mart's dataframe asset, expectation suite, validation definition and checkpoint."""
    batch = datasource.add_dataframe_asset(name=suite.mart).add_batch_definition_whole_dataframe(name="whole mart")
    expectation_suite = context.suites.add(gx.ExpectationSuite(name=suite.mart, expectations=suite.expectations))
    definition = context.validation_definitions.add(
        gx.ValidationDefinition(name=suite.mart, data=batch, suite=expectation_suite)
    )
    result_format = {"result_format": "SUMMARY", "unexpected_index_column_names": suite.key_columns}
    return context.checkpoints.add(
        gx.Checkpoint(name=suite.mart, validation_definitions=[definition], result_format=result_format)
    )


def run_suites(context: GxContext, suites: list[MartSuite]) -> list[tuple[str, ValidationResult]]:
    """Run each mart's checkpoint on its dataframe; the results in suite order."""
    datasource = context.data_sources.add_pandas(name="warehouse_marts")
    run_id = RunIdentifier(run_name=RUN_NAME, run_time=dt.datetime.now(dt.UTC))
    results = []
    for suite in suites:
        checkpoint = add_checkpoint(context, datasource, suite)
        outcome = checkpoint.run(batch_parameters={"dataframe": suite.frame}, run_id=run_id)
        results += [(suite.mart, result) for result in outcome.run_results.values()]
    return results


def build_data_docs(context: GxContext, data_docs_dir: Path) -> Path:
    """Write the Data Docs site; validation pages of earlier runs are removed first."""
    shutil.rmtree(data_docs_dir / "validations", ignore_errors=True)
    context.build_data_docs(site_names=[DATA_DOCS_SITE])
    return data_docs_dir / "index.html"


# Describing failures --------------------------------------------------------------------------


def show(value: Any) -> str:
    """A value as a reader wants it: whole floats without .0, others short."""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.6g}"
    if isinstance(value, (list, tuple, set)):
        return "[" + ", ".join(show(item) for item in value) + "]"
    return str(value)


def show_condition(condition: Any) -> str:
    if isinstance(condition, dict) and "column" in condition:
        return f"{condition['column'].get('name')} {condition.get('operator')} {condition.get('parameter')}"
    return repr(condition)


def expectation_columns(kwargs: dict[str, Any]) -> list[str]:
    columns = [kwargs[name] for name in ("column", "column_A", "column_B") if kwargs.get(name)]
    return columns + list(kwargs.get("column_list") or [])


def show_row(row: dict[str, Any], index_columns: Iterable[str]) -> str:
    """One unexpected row: its key, then the values the expectation looked at."""
    keys = [f"{name}={show(row[name])}" for name in index_columns if name in row]
    values = [f"{name}={show(value)}" for name, value in row.items() if name not in index_columns]
    return " ".join(part for part in (f"[{', '.join(keys)}]" if keys else "", ", ".join(values)) if part)


def expected_kwargs(kwargs: dict[str, Any]) -> str:
    """The bounds or set an expectation holds values to, when short enough to print."""
    shown = {name: kwargs[name] for name in EXPECTED_KWARGS if kwargs.get(name) is not None}
    if len(shown.get("value_set") or []) > MAX_VALUE_SET_SHOWN:
        shown.pop("value_set")
    return ", ".join(f"{name}={show(value)}" for name, value in shown.items())


def exception_messages(info: dict[str, Any]) -> list[str]:
    """The exception messages of a result, whichever of GX's two shapes exception_info has."""
    entries = [info] if "raised_exception" in info else list(info.values())
    return sorted({str(entry.get("exception_message")) for entry in entries if entry.get("raised_exception")})


def unexpected_detail(result: dict[str, Any], kwargs: dict[str, Any]) -> str:
    """What GX found: the observed value against the expected one, or the unexpected rows."""
    expected = expected_kwargs(kwargs)
    if "observed_value" in result:
        return f"observed {show(result['observed_value'])}, expected {expected}"
    index_columns = result.get("unexpected_index_column_names") or []
    rows = result.get("partial_unexpected_index_list") or []
    examples = [show_row(row, index_columns) for row in rows[:EXAMPLES_PER_FAILURE]]
    examples = examples or [show(value) for value in (result.get("partial_unexpected_list") or [])]
    count, total = result.get("unexpected_count"), result.get("element_count")
    detail = f"{count} of {total} rows unexpected, e.g. " + "; ".join(examples[:EXAMPLES_PER_FAILURE])
    return detail + (f" (expected {expected})" if expected else "")


def describe_failure(mart: str, outcome: ExpectationResult) -> str:
    """mart: expectation(columns) [where condition]: what was wrong (what should hold)."""
    config = outcome.expectation_config
    kwargs = dict(config.kwargs)
    columns = expectation_columns(kwargs)
    line = f"{mart}: {config.type}" + (f"({', '.join(columns)})" if columns else "")
    if kwargs.get("row_condition") is not None:
        line += f" where {show_condition(kwargs['row_condition'])}"
    messages = exception_messages(outcome.exception_info or {})
    detail = "error: " + "; ".join(messages) if messages else unexpected_detail(outcome.result or {}, kwargs)
    line += f": {detail}"
    return line + (f" ({config.description})" if config.description else "")


def summarise(results: list[tuple[str, ValidationResult]], summary: ValidationSummary) -> None:
    for mart, result in results:
        outcomes = list(result.results)
        failed = [outcome for outcome in outcomes if not outcome.success]
        summary.suites.append(SuiteOutcome(mart, len(outcomes) - len(failed), len(outcomes)))
        summary.failures += [describe_failure(mart, outcome) for outcome in failed]


# Entry points ---------------------------------------------------------------------------------


def quiet_gx() -> None:
    """GX logs warnings about its own configuration that say nothing about the data."""
    logging.getLogger("great_expectations").setLevel(logging.ERROR)


def validate(
    warehouse: Path, data_docs_dir: Path | None = None, marts: Collection[str] | None = None
) -> ValidationSummary:
    """Validate every mart of the warehouse (or only the suites of `marts`); write Data Docs when asked."""
    started = time.perf_counter()
    quiet_gx()
    summary = ValidationSummary(warehouse=warehouse)
    frames, missing = read_marts(warehouse)
    if missing:
        summary.failures += [f"{mart}: mart missing from the warehouse (schema marts)" for mart in missing]
    else:
        context = make_context(data_docs_dir)
        suites = build_suites(frames, read_project_vars(DBT_PROJECT))
        if marts is not None:
            unknown = set(marts) - {suite.mart for suite in suites}
            if unknown:
                raise ValueError(f"no GX suite for {sorted(unknown)}")
            suites = [suite for suite in suites if suite.mart in marts]
            summary.expected_suites = len(suites)
        summarise(run_suites(context, suites), summary)
        if data_docs_dir is not None:
            summary.data_docs_index = build_data_docs(context, data_docs_dir)
    summary.seconds = time.perf_counter() - started
    return summary


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--warehouse", type=Path, default=None, help="DuckDB file (default: DUCKDB_PATH or warehouse/)")
    parser.add_argument("--data-docs-dir", type=Path, default=DEFAULT_DATA_DOCS_DIR, help="where Data Docs are written")


def run(args: argparse.Namespace) -> int:
    warehouse = (args.warehouse or warehouse_path()).resolve()
    if not warehouse.exists():
        print(f"warehouse not found at {warehouse}: run `make build` (or `dbt build`) first", file=sys.stderr)
        return 2
    try:
        summary = validate(warehouse, args.data_docs_dir.resolve())
    except duckdb.IOException as error:  # e.g. a writer holds the file's lock
        print(f"cannot read the warehouse at {warehouse}: {error}", file=sys.stderr)
        return 2
    print(summary.render())
    return 0 if summary.success else 1
