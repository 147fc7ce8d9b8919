"""Run the Great Expectations suites (job_skills/audit/suites.py): on the working warehouse, or on
the publication publish has staged.

    job-skills audit [--warehouse PATH] [--manifest PATH] [--data-docs-dir DIR]

`job-skills audit` (make validate) checks the working warehouse's DuckDB file against the dbt
manifest: every mart there and no other, columns and types as the contract says, keys never null
and unique. dbt's own tests (`dbt build`) check the figures; `job-skills publish` runs
audit_publication() on the files it is about to publish (the DuckDB file and the Parquet files of
its staging folder) and on their drift against the previous publication.

The figures are computed in DuckDB (facts.py) and the suites validate small dataframes of them
with GX's pandas datasource (its SQL datasource returns no rows on DuckDB): one suite and one
checkpoint each, in an ephemeral GX context, nothing written under gx/. A dataframe reaches GX
as the checkpoint's batch parameters, which every validation definition of a checkpoint shares,
hence a checkpoint per suite. The run prints one line per suite and one per failed expectation,
writes Data Docs (default reports/data_docs/index.html) and exits 0 when every suite passes, 1
when one fails, 2 when the warehouse file or the manifest is missing or cannot be read.
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
from great_expectations.core.run_identifier import RunIdentifier
from great_expectations.data_context.types.base import ProgressBarsConfig

from job_skills.audit import facts as file_facts
from job_skills.audit.facts import MartShape
from job_skills.audit.manifest import ManifestError, MartContract, locate_manifest, read_contracts
from job_skills.audit.suites import (
    DriftLimits,
    Suite,
    drift_suite,
    frequency_key,
    is_frequency_mart,
    mart_suite,
    marts_suite,
    share_drift_suite,
)
from job_skills.project import PROJECT_ROOT, warehouse_path

DEFAULT_DATA_DOCS_DIR = PROJECT_ROOT / "reports" / "data_docs"
DATA_DOCS_SITE = "warehouse"
RUN_NAME = "audit"
EXAMPLES_PER_FAILURE = 3
EXPECTED_KWARGS = ("value", "min_value", "max_value", "value_set")
MAX_VALUE_SET_SHOWN = 8
PARQUET_SUFFIX = ".parquet"

GxContext = Any  # an EphemeralDataContext; GX's own type lives in a module of its internals
ValidationResult = Any  # ExpectationSuiteValidationResult
ExpectationResult = Any  # ExpectationValidationResult


@dataclass(frozen=True)
class StagedPublication:
    """What publish has written in its staging folder, and what it is to be held to."""

    database: Path  # releases/.staging-<build_id>/job_skills.duckdb
    parquet_dir: Path  # releases/.staging-<build_id>/parquet, one <mart>.parquet per mart
    build_id: str
    rows: dict[str, int]  # mart -> rows, as manifest.json will record them
    working: dict[str, MartShape]  # the working warehouse's marts (columns, rows) at freeze
    previous: Path | None = None  # the previous publication's DuckDB file (None: the first publication)


@dataclass(frozen=True)
class SuiteOutcome:
    """How one suite went."""

    name: str
    passed: int
    evaluated: int
    kind: str = "file"

    @property
    def success(self) -> bool:
        return self.passed == self.evaluated

    @property
    def mart(self) -> str:
        return self.name


@dataclass
class ValidationSummary:
    """Every suite's outcome, one readable line per failed expectation, one per drifted figure."""

    warehouse: Path
    suites: list[SuiteOutcome] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    drift: list[str] = field(default_factory=list)  # "<mart>: <figure> <old> -> <new> (...)"
    accept_drift: bool = False
    data_docs_index: Path | None = None
    seconds: float = 0.0
    expected_suites: int | None = None

    @property
    def success(self) -> bool:
        complete = self.expected_suites is None or len(self.suites) == self.expected_suites
        return complete and not self.failures and (self.accept_drift or not self.drift)

    @property
    def blocking(self) -> list[str]:
        """What stops a publication: every failure, and drift unless accepted."""
        return self.failures + ([] if self.accept_drift else [f"drift: {line}" for line in self.drift])

    def render(self) -> str:
        lines = [f"Great Expectations on {self.warehouse}: {len(self.suites)} suites"]
        lines += [
            f"  {'PASS' if suite.success else 'FAIL'}  {suite.name}: {suite.passed}/{suite.evaluated} expectations"
            for suite in self.suites
        ]
        if self.failures:
            lines.append(f"{len(self.failures)} failed:")
            lines += [f"  - {failure}" for failure in self.failures]
        if self.drift:
            verdict = "accepted (--accept-drift)" if self.accept_drift else "publish with --accept-drift if deliberate"
            lines.append(f"drift beyond the limits since the previous publication, {verdict}:")
            lines += [f"  - {line}" for line in self.drift]
        passed = sum(suite.passed for suite in self.suites)
        evaluated = sum(suite.evaluated for suite in self.suites)
        verdict = "all passed" if self.success and not self.drift else "passed" if self.success else "FAILED"
        lines.append(f"{verdict}: {passed}/{evaluated} expectations in {self.seconds:.1f} s")
        if self.data_docs_index is not None:
            lines.append(f"Data Docs: {self.data_docs_index}")
        return "\n".join(lines)


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


def add_checkpoint(context: GxContext, datasource: Any, suite: Suite) -> Any:
    """The suite's dataframe asset, expectation suite, validation definition and checkpoint."""
    batch = datasource.add_dataframe_asset(name=suite.name).add_batch_definition_whole_dataframe(name="whole frame")
    expectation_suite = context.suites.add(gx.ExpectationSuite(name=suite.name, expectations=suite.expectations))
    definition = context.validation_definitions.add(
        gx.ValidationDefinition(name=suite.name, data=batch, suite=expectation_suite)
    )
    result_format = {
        # drift lines name every (role, item) that moved: all of them, not a sample
        "result_format": "COMPLETE" if suite.kind == "drift" else "SUMMARY",
        "unexpected_index_column_names": suite.key_columns + suite.index_columns,
    }
    return context.checkpoints.add(
        gx.Checkpoint(name=suite.name, validation_definitions=[definition], result_format=result_format)
    )


def run_suites(context: GxContext, suites: list[Suite]) -> list[tuple[Suite, ValidationResult]]:
    """Run each suite's checkpoint on its dataframe; the results in suite order."""
    datasource = context.data_sources.add_pandas(name="audit_facts")
    run_id = RunIdentifier(run_name=RUN_NAME, run_time=dt.datetime.now(dt.UTC))
    results = []
    for suite in suites:
        checkpoint = add_checkpoint(context, datasource, suite)
        outcome = checkpoint.run(batch_parameters={"dataframe": suite.frame}, run_id=run_id)
        results += [(suite, result) for result in outcome.run_results.values()]
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


def unexpected_detail(result: dict[str, Any], kwargs: dict[str, Any], key_columns: Iterable[str] = ()) -> str:
    """What GX found: the observed value against the expected one, or the unexpected rows."""
    expected = expected_kwargs(kwargs)
    if "observed_value" in result:
        return f"observed {show(result['observed_value'])}, expected {expected}"
    index_columns = list(key_columns) or result.get("unexpected_index_column_names") or []
    rows = result.get("partial_unexpected_index_list") or []
    examples = [show_row(row, index_columns) for row in rows[:EXAMPLES_PER_FAILURE]]
    examples = examples or [show(value) for value in (result.get("partial_unexpected_list") or [])]
    count, total = result.get("unexpected_count"), result.get("element_count")
    detail = f"{count} of {total} rows unexpected, e.g. " + "; ".join(examples[:EXAMPLES_PER_FAILURE])
    return detail + (f" (expected {expected})" if expected else "")


def describe_failure(mart: str, outcome: ExpectationResult, key_columns: Iterable[str] = ()) -> str:
    """mart: expectation(columns) [where condition]: what was wrong (what should hold)."""
    config = outcome.expectation_config
    kwargs = dict(config.kwargs)
    columns = expectation_columns(kwargs)
    line = f"{mart}: {config.type}" + (f"({', '.join(columns)})" if columns else "")
    if kwargs.get("row_condition") is not None:
        line += f" where {show_condition(kwargs['row_condition'])}"
    messages = exception_messages(outcome.exception_info or {})
    detail = (
        "error: " + "; ".join(messages) if messages else unexpected_detail(outcome.result or {}, kwargs, key_columns)
    )
    line += f": {detail}"
    return line + (f" ({config.description})" if config.description else "")


def describe_drift(suite: Suite, outcome: ExpectationResult, limits: DriftLimits) -> list[str]:
    """One line per drifted figure: the mart, the figure, old and new."""
    column = outcome.expectation_config.kwargs.get("column")
    rows = (outcome.result or {}).get("unexpected_index_list") or []
    messages = exception_messages(outcome.exception_info or {})
    if messages:
        return [f"{suite.name}: {column}: error: {'; '.join(messages)}"]
    lines = []
    for row in rows:
        if suite.name == "drift":
            mart, old, new = row.get("mart"), show(row.get("previous_rows")), show(row.get("rows"))
            if column == "rows":
                lines.append(f"{mart}: mart gone (had {old} rows)")
            elif column == "columns_gone":
                lines.append(f"{mart}: columns gone: {row.get('columns_gone')}")
            else:
                change = (row["rows"] - row["previous_rows"]) / max(row["previous_rows"], 1)
                lines.append(f"{mart}: rows {old} -> {new} ({change:+.1%}, limit ±{limits.max_row_change:.0%})")
        else:
            mart = suite.name.removeprefix("drift.")
            what = f"({row.get('role')}, {row.get('item')})"
            old, new = row.get("previous_share_of_postings"), row.get("share_of_postings")
            if column == "share_of_postings":
                lines.append(f"{mart}: {what} gone (share_of_postings was {show(old)})")
            elif column == "previous_share_of_postings":
                lines.append(f"{mart}: {what} new (share_of_postings {show(new)})")
            else:
                lines.append(
                    f"{mart}: share_of_postings of {what} {show(old)} -> {show(new)}"
                    f" ({new - old:+.4g}, limit ±{limits.max_share_change:g})"
                )
    return lines or [describe_failure(suite.name, outcome)]


def summarise(results: list[tuple[Suite, ValidationResult]], summary: ValidationSummary, limits: DriftLimits) -> None:
    for suite, result in results:
        outcomes = list(result.results)
        failed = [outcome for outcome in outcomes if not outcome.success]
        summary.suites.append(SuiteOutcome(suite.name, len(outcomes) - len(failed), len(outcomes), suite.kind))
        for outcome in failed:
            if suite.kind == "drift":
                summary.drift += describe_drift(suite, outcome, limits)
            else:
                summary.failures.append(describe_failure(suite.name, outcome, suite.key_columns))


# Building the suites ----------------------------------------------------------------------------


def working_suites(warehouse: Path, contracts: dict[str, MartContract]) -> list[Suite]:
    """The working file against the manifest: marts, contract columns and types, keys."""
    keys = {mart: contract.keys for mart, contract in contracts.items()}
    found = file_facts.database_facts(warehouse, keys)
    suites = [marts_suite(set(contracts), {"duckdb_file": set(found)})]
    for mart in sorted(set(contracts) | set(found)):
        suites.append(mart_suite(mart, {warehouse.name: found.get(mart)}, contracts.get(mart)))
    return suites


def publication_suites(staged: StagedPublication, contracts: dict[str, MartContract]) -> list[Suite]:
    """The staged DuckDB file and Parquet files: marts, contract, keys, rows, checksums, build id."""
    keys = {mart: contract.keys for mart, contract in contracts.items()}
    in_database = file_facts.database_facts(staged.database, keys)
    parquet_files = {path.name.removesuffix(PARQUET_SUFFIX): path for path in staged.parquet_dir.glob("*.parquet")}
    in_files = {"duckdb_file": set(in_database), "parquet_files": set(parquet_files)}
    suites = [marts_suite(set(contracts), in_files)]
    for mart in sorted(set(contracts) | set().union(*in_files.values())):
        parquet = parquet_files.get(mart)
        files = {
            staged.database.name: in_database.get(mart),
            f"parquet/{mart}.parquet": file_facts.parquet_facts(parquet, keys.get(mart, ())) if parquet else None,
        }
        suites.append(
            mart_suite(
                mart,
                files,
                contracts.get(mart),
                working=staged.working.get(mart) or MartShape({}, -1),
                manifest_rows=staged.rows.get(mart, -1),
                build_id=staged.build_id,
            )
        )
    return suites


def drift_suites(staged: StagedPublication, contracts: dict[str, MartContract], limits: DriftLimits) -> list[Suite]:
    """Against the previous publication's DuckDB file: marts, columns, rows; shares per frequency mart."""
    if staged.previous is None:
        return []
    previous, current = file_facts.shapes(staged.previous), file_facts.shapes(staged.database)
    suites = [drift_suite(previous, current, limits)]
    for mart in sorted(set(previous) & set(current)):
        contract = contracts.get(mart)
        if contract is not None and is_frequency_mart(contract, previous[mart], current[mart]):
            shares = file_facts.previous_shares(staged.database, staged.previous, mart, frequency_key(contract))
            suites.append(share_drift_suite(mart, shares, limits))
    return suites


# Entry points ---------------------------------------------------------------------------------


def quiet_gx() -> None:
    """GX logs warnings about its own configuration that say nothing about the data."""
    logging.getLogger("great_expectations").setLevel(logging.ERROR)


def select(suites: list[Suite], marts: Collection[str] | None) -> list[Suite]:
    """Only the suites of `marts` (a mart's own and its drift suite), when given."""
    if marts is None:
        return suites
    names = {suite.name for suite in suites}
    unknown = set(marts) - names
    if unknown:
        raise ValueError(f"no GX suite for {sorted(unknown)}")
    return [suite for suite in suites if suite.name in marts or suite.name.removeprefix("drift.") in marts]


def run_audit(
    warehouse: Path,
    make_suites: Any,
    data_docs_dir: Path | None,
    marts: Collection[str] | None,
    limits: DriftLimits,
    accept_drift: bool,
) -> ValidationSummary:
    started = time.perf_counter()
    quiet_gx()
    summary = ValidationSummary(warehouse=warehouse, accept_drift=accept_drift)
    suites = select(make_suites(), marts)
    summary.expected_suites = len(suites)
    context = make_context(data_docs_dir)
    summarise(run_suites(context, suites), summary, limits)
    if data_docs_dir is not None:
        summary.data_docs_index = build_data_docs(context, data_docs_dir)
    summary.seconds = time.perf_counter() - started
    return summary


def validate(
    warehouse: Path,
    data_docs_dir: Path | None = None,
    marts: Collection[str] | None = None,
    manifest: Path | None = None,
) -> ValidationSummary:
    """The working warehouse against the dbt manifest (or only the suites of `marts`); Data Docs when asked.
    Raises ManifestError when no manifest can be read."""
    contracts = read_contracts(locate_manifest(manifest))
    return run_audit(
        warehouse, lambda: working_suites(warehouse, contracts), data_docs_dir, marts, DriftLimits(), False
    )


def audit_publication(
    staged: StagedPublication,
    data_docs_dir: Path | None = None,
    marts: Collection[str] | None = None,
    manifest: Path | None = None,
    limits: DriftLimits | None = None,
    accept_drift: bool = False,
) -> ValidationSummary:
    """The staged files, and their drift against the previous publication (a drift fails the
    summary unless accept_drift). Raises ManifestError when no manifest can be read."""
    contracts = read_contracts(locate_manifest(manifest))
    limits = limits or DriftLimits()

    def make_suites() -> list[Suite]:
        return publication_suites(staged, contracts) + drift_suites(staged, contracts, limits)

    return run_audit(staged.database, make_suites, data_docs_dir, marts, limits, accept_drift)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--warehouse", type=Path, default=None, help="DuckDB file (default: DUCKDB_PATH or warehouse/)")
    parser.add_argument("--data-docs-dir", type=Path, default=DEFAULT_DATA_DOCS_DIR, help="where Data Docs are written")
    add_manifest_argument(parser)


def add_manifest_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--manifest",
        type=Path,
        default=None,
        help="dbt's manifest.json (default: $DBT_TARGET_PATH or target/, else a dbt parse)",
    )


def run(args: argparse.Namespace) -> int:
    warehouse = (args.warehouse or warehouse_path()).resolve()
    if not warehouse.exists():
        print(f"warehouse not found at {warehouse}: run `make build` (or `dbt build`) first", file=sys.stderr)
        return 2
    try:
        summary = validate(warehouse, args.data_docs_dir.resolve(), manifest=getattr(args, "manifest", None))
    except ManifestError as error:
        print(f"audit: {error}", file=sys.stderr)
        return 2
    except duckdb.IOException as error:  # e.g. a writer holds the file's lock
        print(f"cannot read the warehouse at {warehouse}: {error}", file=sys.stderr)
        return 2
    print(summary.render())
    return 0 if summary.success else 1
