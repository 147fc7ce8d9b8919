"""House conventions (../shared/STYLE.md), checked over dbt's manifest in the spirit of
dbt-project-evaluator: names and folders, descriptions, key tests, and seeds read only by staging."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from conftest import Query

from job_skills.project import PROJECT_ROOT

PREFIXES = {"staging": r"stg_[a-z]+__[a-z_]+", "intermediate": r"int_[a-z_]+", "marts": r"(dim|fct|rpt)_[a-z_]+"}
KEY_TESTS = {"unique", "unique_combination_of_columns"}


@pytest.fixture(scope="module")
def manifest(built_warehouse: Path) -> dict:
    return json.loads((built_warehouse.parent / "target" / "manifest.json").read_text(encoding="utf-8"))


def project_nodes(manifest: dict, resource_type: str) -> list[dict]:
    return [
        node
        for node in {**manifest["nodes"], **manifest.get("macros", {})}.values()
        if node.get("resource_type") == resource_type and node.get("package_name") == "job_skills"
    ]


def test_models_are_named_for_their_folder(manifest: dict) -> None:
    for model in project_nodes(manifest, "model"):
        folder = model["original_file_path"].split("/")[1]
        assert folder in PREFIXES, f"{model['name']}: models live in staging/, intermediate/ or marts/"
        assert re.fullmatch(PREFIXES[folder], model["name"]), f"{model['name']} breaks the {folder} naming rule"
        if folder == "staging":
            source = model["original_file_path"].split("/")[2]
            assert model["name"].startswith(f"stg_{source}__"), f"{model['name']} is not in staging/{source}/"


def test_every_model_states_its_grain_and_documents_every_column(manifest: dict, query: Query) -> None:
    built = query(
        "select table_name, column_name from information_schema.columns"
        " where table_schema in ('staging', 'intermediate', 'marts')"
    )
    for model in project_nodes(manifest, "model"):
        assert model["description"].startswith("One row per"), f"{model['name']}: description must start with grain"
        documented = {name for name, column in model["columns"].items() if column.get("description")}
        actual = set(built.loc[built["table_name"] == model["name"], "column_name"])
        assert actual, f"{model['name']} was not built"
        assert actual <= documented, f"{model['name']}: undocumented columns {sorted(actual - documented)}"
        assert documented <= actual, (
            f"{model['name']}: documented columns that do not exist {sorted(documented - actual)}"
        )


def test_every_model_has_a_key_test(manifest: dict) -> None:
    tested: dict[str, set[str]] = {}
    for test in project_nodes(manifest, "test"):
        name = (test.get("test_metadata") or {}).get("name")
        if name and test.get("attached_node"):
            tested.setdefault(test["attached_node"], set()).add(name)
    for model in project_nodes(manifest, "model"):
        assert tested.get(model["unique_id"], set()) & KEY_TESTS, f"{model['name']} has no key test"


def test_only_staging_reads_seeds(manifest: dict) -> None:
    for model in project_nodes(manifest, "model"):
        seeds = [parent for parent in model["depends_on"]["nodes"] if parent.startswith("seed.")]
        if seeds:
            assert model["name"].startswith("stg_"), f"{model['name']} reads seeds {seeds} directly"


def test_every_seed_column_is_described_and_typed(manifest: dict) -> None:
    for seed in project_nodes(manifest, "seed"):
        assert seed["description"], f"seed {seed['name']} has no description"
        header = (Path(seed["root_path"]) / seed["original_file_path"]).read_text(encoding="utf-8").splitlines()[0]
        for column in header.split(","):
            assert seed["columns"].get(column, {}).get("description"), f"{seed['name']}.{column} is not described"
            assert column in seed["config"]["column_types"], f"{seed['name']}.{column} has no pinned type"


def test_every_macro_is_documented(manifest: dict) -> None:
    for macro in project_nodes(manifest, "macro"):
        if re.match(r"(default|duckdb|spark)__", macro["name"]):
            continue  # an adapter's implementation of a dispatched macro; the dispatcher is documented
        assert macro["description"], f"macro {macro['name']} is not described in macros/**/_*.yml"


def test_every_mart_is_a_public_contract_described_beside_its_sql(manifest: dict) -> None:
    """Marts are published: names, order and types of their columns are enforced by dbt."""
    marts = [
        model for model in project_nodes(manifest, "model") if model["original_file_path"].startswith("models/marts/")
    ]
    assert marts
    for mart in marts:
        assert mart["config"]["contract"]["enforced"], f"{mart['name']}: contract not enforced"
        assert mart["access"] == "public", f"{mart['name']}: access is {mart['access']}, not public"
        untyped = [name for name, column in mart["columns"].items() if not column.get("data_type")]
        assert not untyped, f"{mart['name']}: columns without data_type {untyped}"
        beside = mart["original_file_path"].removesuffix(".sql") + ".yml"
        assert mart["patch_path"] == f"job_skills://{beside}", f"{mart['name']}: described in {mart['patch_path']}"


def test_model_yaml_has_no_anchors() -> None:
    """YAML written for people: no &anchors / *aliases (STYLE.md, Names)."""
    for path in sorted((PROJECT_ROOT / "models").rglob("*.yml")):
        events = yaml.parse(path.read_text(encoding="utf-8"))
        anchored = [event for event in events if getattr(event, "anchor", None)]
        assert not anchored, f"{path.relative_to(PROJECT_ROOT)} uses YAML anchors ({anchored[0].anchor})"
