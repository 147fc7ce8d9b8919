"""The Great Expectations suites: what dbt cannot check, on the files themselves.

`dbt build` tests every invariant of DESIGN.md ("Definitions": percentages, tiers, Wilson bounds,
category bounds, quantifiers, reconciliation, row accounting...) on the working warehouse, and
publish refuses a warehouse whose last dbt build did not succeed. What no dbt test can see is
what happens after: the files BI tools will open, and how they differ from the last publication.

- One suite per mart, on the facts of each file that holds it (facts.py; one row per file: the
  mart's table in the DuckDB file, its Parquet file): the columns and types are the contract's
  (dbt manifest; a column the manifest types not is held to the working warehouse's type at
  freeze), the rows are the working warehouse's and the publication manifest's, every key (from
  the mart's unique tests) is never null and unique, the Parquet rows are the DuckDB file's (a
  checksum per mart) and both carry the build id.
- `marts`: every mart of the dbt manifest is in every file, and no other.
- `drift`, and `drift.<mart>` per frequency mart (marts with role and share_of_postings): against
  the previous publication, per mart, no mart or column gone and the row count within
  max_row_change; per (role, item), none gone or new and share_of_postings within max_share_change.

A frame holds one row per file (or mart, or (role, item)) and a column per figure, and built-in
expectations compare the columns, so a failure names the mart, the file and the figure.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import great_expectations.expectations as gxe
import pandas as pd

from job_skills.audit.facts import FileFacts, MartShape
from job_skills.audit.manifest import MartContract

FILE_SUITE_KEY = ["file"]
DEFAULT_MAX_ROW_CHANGE = 0.25  # |new - old| / old rows of a mart
DEFAULT_MAX_SHARE_CHANGE = 0.10  # |new - old| share_of_postings of a (role, item), 10 points

Expectations = list[gxe.Expectation]


@dataclass(frozen=True)
class DriftLimits:
    """How far a publication may move from the previous one before publish asks for --accept-drift."""

    max_row_change: float = DEFAULT_MAX_ROW_CHANGE
    max_share_change: float = DEFAULT_MAX_SHARE_CHANGE


@dataclass(frozen=True)
class Suite:
    """One suite: its name (a mart's, `marts`, `drift`, `drift.<mart>`), its frame and expectations.

    kind is "file" (a failure stops publication) or "drift" (stops it unless drift is accepted).
    """

    name: str
    key_columns: list[str]
    frame: pd.DataFrame
    expectations: Expectations
    kind: str = "file"
    index_columns: list[str] = field(default_factory=list)  # shown with each unexpected row


def key_label(key: tuple[str, ...]) -> str:
    return "_".join(key)


def column_differences(columns: dict[str, str], expected: dict[str, str | None]) -> str | None:
    """What differs between a file's columns and the expected ones (None: nothing); in column order."""
    problems = []
    for name, data_type in expected.items():
        if name not in columns:
            problems.append(f"{name} missing" + (f" (contract: {data_type})" if data_type else ""))
        elif data_type is not None and columns[name] != data_type:
            problems.append(f"{name} is {columns[name]}, the contract says {data_type}")
    extra = [name for name in columns if name not in expected]
    problems += [f"{name} ({columns[name]}) is not in the contract" for name in extra]
    return "; ".join(problems) or None


def expected_columns(contract: MartContract | None, working: MartShape | None) -> dict[str, str | None]:
    """The contract's columns; a column without a data_type is held to the working file's type."""
    if contract is None or not contract.columns:
        return dict(working.columns) if working is not None else {}
    known = working.columns if working is not None else {}
    return {name: data_type or known.get(name) for name, data_type in contract.columns.items()}


def file_frame(
    files: dict[str, FileFacts | None],
    expected: dict[str, str | None],
    keys: tuple[tuple[str, ...], ...],
    working_rows: int | None,
    manifest_rows: int | None,
    build_id: str | None,
) -> pd.DataFrame:
    """One row per file holding the mart (a missing file: a row of nulls but its name)."""
    checksum = next((facts.checksum for facts in files.values() if facts is not None), None)
    records = []
    for name, facts in files.items():
        record: dict[str, object] = {"file": name}
        if facts is not None:
            record |= {
                "column_differences": column_differences(facts.columns, expected),
                "rows": facts.rows,
                "checksum": facts.checksum,
                "build_id": facts.build_id,
            }
            for key in keys:
                record[f"null_rows_in_key_{key_label(key)}"] = facts.null_key_rows.get(key)
                record[f"duplicate_rows_of_key_{key_label(key)}"] = facts.duplicate_key_rows.get(key)
        else:
            record["column_differences"] = "the file is missing"
        record |= {"working_rows": working_rows, "manifest_rows": manifest_rows}
        record |= {"first_file_checksum": checksum, "expected_build_id": build_id}
        records.append(record)
    frame = pd.DataFrame.from_records(records)
    for column in (
        "rows",
        "checksum",
        "build_id",
        *(f"{kind}_{key_label(key)}" for kind in ("null_rows_in_key", "duplicate_rows_of_key") for key in keys),
    ):
        if column not in frame:
            frame[column] = None
    return frame.astype(object).where(frame.notna(), None)


def file_expectations(
    keys: tuple[tuple[str, ...], ...], with_working_rows: bool, with_manifest_rows: bool, with_build_id: bool
) -> Expectations:
    expectations: Expectations = [
        gxe.ExpectColumnValuesToBeNull(
            column="column_differences",
            description="The file's columns and types are the mart's contract (dbt manifest).",
        ),
        gxe.ExpectColumnValuesToNotBeNull(column="rows", description="The file holds the mart."),
    ]
    for key in keys:
        listed = ", ".join(key)
        expectations += [
            gxe.ExpectColumnValuesToBeBetween(
                column=f"null_rows_in_key_{key_label(key)}",
                min_value=0,
                max_value=0,
                description=f"No row of the file has a null in its key ({listed}).",
            ),
            gxe.ExpectColumnValuesToBeBetween(
                column=f"duplicate_rows_of_key_{key_label(key)}",
                min_value=0,
                max_value=0,
                description=f"No two rows of the file share a key ({listed}).",
            ),
            gxe.ExpectColumnValuesToNotBeNull(
                column=f"null_rows_in_key_{key_label(key)}",
                description=f"The file has the key's columns ({listed}).",
            ),
        ]
    if with_working_rows:
        expectations.append(
            pair("rows", "working_rows", "The file holds as many rows as the working warehouse's mart at freeze.")
        )
    if with_manifest_rows:
        expectations.append(pair("rows", "manifest_rows", "The file holds the rows manifest.json records."))
    if with_build_id:
        expectations += [
            pair("checksum", "first_file_checksum", "The Parquet file's rows are the DuckDB file's (row hashes)."),
            pair("build_id", "expected_build_id", "The file carries the build id (meta.publication, kv metadata)."),
        ]
    return expectations


def pair(column: str, other: str, description: str) -> gxe.Expectation:
    return gxe.ExpectColumnPairValuesToBeEqual(
        column_A=column, column_B=other, ignore_row_if="both_values_are_missing", description=description
    )


def mart_suite(
    mart: str,
    files: dict[str, FileFacts | None],
    contract: MartContract | None,
    working: MartShape | None = None,
    manifest_rows: int | None = None,
    build_id: str | None = None,
) -> Suite:
    """The suite of one mart's files. Without working/manifest_rows/build_id (`job-skills audit` on
    the working file) only the contract and the keys are checked."""
    keys = contract.keys if contract is not None else ()
    frame = file_frame(
        files, expected_columns(contract, working), keys, working.rows if working else None, manifest_rows, build_id
    )
    expectations = file_expectations(keys, working is not None, manifest_rows is not None, build_id is not None)
    return Suite(mart, FILE_SUITE_KEY, frame, expectations)


def marts_suite(in_manifest: set[str], in_files: dict[str, set[str]]) -> Suite:
    """Every mart of the manifest is in every file, and no file has a mart the manifest does not know."""
    marts = sorted(in_manifest.union(*in_files.values()))
    frame = pd.DataFrame(
        {"mart": marts, "in_dbt_manifest": [mart in in_manifest for mart in marts]}
        | {f"in_{name}": [mart in found for mart in marts] for name, found in in_files.items()}
    )
    expectations = [
        gxe.ExpectColumnValuesToBeInSet(
            column=column,
            value_set=[True],
            description=(
                "Every mart is a table of schema marts in the dbt manifest."
                if column == "in_dbt_manifest"
                else f"Every mart of the dbt manifest is in the {column.removeprefix('in_')}."
            ),
        )
        for column in frame.columns
        if column != "mart"
    ]
    return Suite("marts", ["mart"], frame, expectations)


# Drift against the previous publication ----------------------------------------------------------


def drift_suite(previous: dict[str, MartShape], current: dict[str, MartShape], limits: DriftLimits) -> Suite:
    """Per mart: still there, no column gone, rows within max_row_change of the previous publication's."""
    records = []
    for mart in sorted(set(previous) | set(current)):
        old, new = previous.get(mart), current.get(mart)
        gone = sorted(set(old.columns) - set(new.columns)) if old and new else []
        change = (new.rows - old.rows) / max(old.rows, 1) if old and new else None
        records.append(
            {
                "mart": mart,
                "previous_rows": old.rows if old else None,
                "rows": new.rows if new else None,
                "row_change": change,
                "columns_gone": ", ".join(gone) or None,
            }
        )
    frame = pd.DataFrame.from_records(records, columns=["mart", "previous_rows", "rows", "row_change", "columns_gone"])
    frame = frame.astype(object).where(frame.notna(), None)
    frame["row_change"] = frame["row_change"].astype(float)
    expectations = [
        gxe.ExpectColumnValuesToNotBeNull(column="rows", description="No mart of the previous publication is gone."),
        gxe.ExpectColumnValuesToBeNull(column="columns_gone", description="No column of a mart is gone."),
        gxe.ExpectColumnValuesToBeBetween(
            column="row_change",
            min_value=-limits.max_row_change,
            max_value=limits.max_row_change,
            description=f"Each mart's row count within ±{limits.max_row_change:.0%} of the previous publication's.",
        ),
    ]
    return Suite("drift", ["mart"], frame, expectations, "drift", ["previous_rows", "rows", "columns_gone"])


def share_drift_suite(
    mart: str, shares: list[tuple[str, str, float | None, float | None]], limits: DriftLimits
) -> Suite:
    """Per (role, item) of a frequency mart: none gone or new, share_of_postings within max_share_change."""
    frame = pd.DataFrame.from_records(
        shares, columns=["role", "item", "previous_share_of_postings", "share_of_postings"]
    )
    frame["share_change"] = frame["share_of_postings"] - frame["previous_share_of_postings"]
    frame = frame.astype(object).where(frame.notna(), None)
    frame["share_change"] = frame["share_change"].astype(float)
    expectations = [
        gxe.ExpectColumnValuesToNotBeNull(
            column="share_of_postings", description="No (role, item) of the previous publication is gone."
        ),
        gxe.ExpectColumnValuesToNotBeNull(
            column="previous_share_of_postings", description="No (role, item) is new since the previous publication."
        ),
        gxe.ExpectColumnValuesToBeBetween(
            column="share_change",
            min_value=-limits.max_share_change,
            max_value=limits.max_share_change,
            description=f"share_of_postings moved at most ±{limits.max_share_change:g} since the previous publication.",
        ),
    ]
    index = ["previous_share_of_postings", "share_of_postings"]
    return Suite(f"drift.{mart}", ["role", "item"], frame, expectations, "drift", index)


def is_frequency_mart(contract: MartContract | None, previous: MartShape | None, current: MartShape | None) -> bool:
    """A mart with role and share_of_postings in both publications and a key led by role."""
    if contract is None or not any(key[0] == "role" and len(key) > 1 for key in contract.keys):
        return False
    needed = {"share_of_postings", *frequency_key(contract)}
    return all(shape is not None and needed <= set(shape.columns) for shape in (previous, current))


def frequency_key(contract: MartContract) -> tuple[str, ...]:
    return next(key for key in contract.keys if key[0] == "role" and len(key) > 1)
