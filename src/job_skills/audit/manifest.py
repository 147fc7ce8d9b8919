"""What the marts promise, read from dbt's manifest: their columns and types (the contract) and keys.

A mart is a model of schema `marts` materialized as a table (what publish copies). Its columns are
the ones its YAML documents, each with the contract's `data_type` when it has one; its keys are the
columns of its `unique` tests and the column lists of its `unique_combination_of_columns` tests.

Which manifest: --manifest when given, else `$DBT_TARGET_PATH/manifest.json` or `target/manifest.json`
(where `dbt build` / `job-skills build` write it), else one `dbt parse` of the project into a
temporary folder (seconds; no warehouse is opened).
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from job_skills.project import PROJECT_ROOT, run_dbt

MANIFEST = "manifest.json"
PUBLISHED_MATERIALIZATIONS = ("table", "incremental")
# Spellings of one DuckDB type, as a contract may write them, and the name DuckDB reports.
TYPE_ALIASES = {
    "INT": "INTEGER",
    "INT4": "INTEGER",
    "SIGNED": "INTEGER",
    "INT8": "BIGINT",
    "LONG": "BIGINT",
    "INT2": "SMALLINT",
    "SHORT": "SMALLINT",
    "INT1": "TINYINT",
    "STRING": "VARCHAR",
    "TEXT": "VARCHAR",
    "CHAR": "VARCHAR",
    "BPCHAR": "VARCHAR",
    "BOOL": "BOOLEAN",
    "LOGICAL": "BOOLEAN",
    "FLOAT8": "DOUBLE",
    "FLOAT4": "FLOAT",
    "REAL": "FLOAT",
    "NUMERIC": "DECIMAL(18,3)",
    "DECIMAL": "DECIMAL(18,3)",
    "DATETIME": "TIMESTAMP",
}


class ManifestError(Exception):
    """No usable manifest: the message is one line."""


@dataclass(frozen=True)
class MartContract:
    """One mart as the project declares it."""

    mart: str
    columns: dict[str, str | None]  # column -> DuckDB type name (normalised), None when not declared
    keys: tuple[tuple[str, ...], ...]  # each unique column or combination of columns
    enforced: bool


def normalise_type(data_type: str | None) -> str | None:
    """A type name as DuckDB reports it: upper case, no spaces, aliases resolved (int -> INTEGER)."""
    if data_type is None or not str(data_type).strip():
        return None
    name = "".join(str(data_type).split()).upper()
    return TYPE_ALIASES.get(name, name)


def locate_manifest(given: Path | str | None = None) -> Path:
    """The manifest to read (see the module's docstring); raises ManifestError."""
    if given is not None:
        given = Path(given)
        if not given.is_file():
            raise ManifestError(f"no dbt manifest at {given} (--manifest): run dbt build, or give its target path")
        return given
    target = Path(os.environ.get("DBT_TARGET_PATH") or "target")
    default = (target if target.is_absolute() else PROJECT_ROOT / target) / MANIFEST
    if default.is_file():
        return default
    parsed = Path(tempfile.mkdtemp(prefix="job_skills_manifest_"))
    result = run_dbt(["parse", "--target-path", str(parsed), "--log-path", str(parsed / "logs")])
    if result.returncode != 0 or not (parsed / MANIFEST).is_file():
        last = (result.stdout.strip().splitlines() or ["(no output)"])[-1]
        raise ManifestError(f"no dbt manifest at {default} and dbt parse failed: {last}")
    return parsed / MANIFEST


def read_contracts(manifest_path: Path) -> dict[str, MartContract]:
    """mart -> its contract, for every table of schema marts in the manifest."""
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        nodes = manifest["nodes"]
    except (OSError, ValueError, KeyError) as error:
        raise ManifestError(f"cannot read the dbt manifest {manifest_path}: {error}") from None
    marts = {
        node["unique_id"]: node
        for node in nodes.values()
        if node.get("resource_type") == "model"
        and node.get("schema") == "marts"
        and node.get("config", {}).get("materialized") in PUBLISHED_MATERIALIZATIONS
    }
    keys: dict[str, list[tuple[str, ...]]] = {unique_id: [] for unique_id in marts}
    for node in nodes.values():
        attached = node.get("attached_node")
        if node.get("resource_type") != "test" or attached not in marts:
            continue
        metadata = node.get("test_metadata") or {}
        kwargs = metadata.get("kwargs") or {}
        if metadata.get("name") == "unique" and kwargs.get("column_name"):
            keys[attached].append((str(kwargs["column_name"]),))
        elif metadata.get("name") == "unique_combination_of_columns" and kwargs.get("combination_of_columns"):
            keys[attached].append(tuple(str(column) for column in kwargs["combination_of_columns"]))
    return {
        node["name"]: MartContract(
            mart=node["name"],
            columns={name: normalise_type(column.get("data_type")) for name, column in node["columns"].items()},
            keys=tuple(sorted(set(keys[unique_id]), key=lambda key: (len(key), key))),
            enforced=bool((node.get("contract") or {}).get("enforced")),
        )
        for unique_id, node in sorted(marts.items(), key=lambda item: item[1]["name"])
    }
