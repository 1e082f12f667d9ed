"""The dbt project as Dagster assets: staging, intermediate and the star schema, then the marts
that combine the Python models' `ml.*` tables (people, pilot)."""

import os
import shutil
from collections.abc import Iterator, Mapping, Sequence
from importlib.metadata import version as installed_version
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets
from packaging.version import Version

from ingest import encryption
from ingest.settings import DBT_PROJECT_DIR
from orchestration.dbt_encryption import KEY_HOME_ENV
from orchestration.dbt_manifest import dbt_executable, ensure_manifest
from orchestration.defs.ingest import LOAD_MANIFEST_KEY
from orchestration.resources import WarehouseResource

# Marts built on the Python models' output run in a second dbt step, after those models; the
# models' inputs (marts/features) need only the star schema and build in the first step.
MODEL_MARTS = "fqn:talentloop.marts.people fqn:talentloop.marts.pilot"
# Unit tests check the SQL's logic on fixed inputs, so they belong to the test suite and CI (the
# warehouse tests build with them, on DuckDB and PostgreSQL), not to every production build:
# their result cannot change with the data, and a code fault must not wait for a daily load.
BUILD_ARGS = ["build", "--exclude-resource-type", "unit_test"]


class TalentLoopTranslator(DagsterDbtTranslator):
    """Models keep their name as asset key; sources map to `[schema, table]` (raw.*, ml.*)."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            return dg.AssetKey([dbt_resource_props["schema"], dbt_resource_props["name"]])
        return dg.AssetKey(dbt_resource_props["name"])

    def get_asset_spec(
        self, manifest: Mapping[str, Any], unique_id: str, project: Any
    ) -> dg.AssetSpec:
        spec = super().get_asset_spec(manifest, unique_id, project)
        if unique_id.startswith(("model.", "seed.", "snapshot.")) and not any(
            dep.asset_key == LOAD_MANIFEST_KEY for dep in spec.deps
        ):
            # Every node builds from one complete, checked load: one dbt step, not several.
            spec = spec.merge_attributes(deps=[LOAD_MANIFEST_KEY])
        return spec

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        fqn = dbt_resource_props.get("fqn", [])
        return fqn[1] if len(fqn) > 2 else "warehouse"


MANIFEST = ensure_manifest()
TRANSLATOR = TalentLoopTranslator()


def _dbt_build(
    context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource
) -> Iterator[Any]:
    # dbt runs as a subprocess: it finds the warehouse file through the profile's env var.
    os.environ["TALENTLOOP_WAREHOUSE"] = warehouse.path
    os.environ["TALENTLOOP_DUCKDB_MEMORY_LIMIT"] = warehouse.memory_limit
    use_key_for_dbt(warehouse.home_path)
    # dbt runs through dbt_guard.py: it dies with this process (see orchestration/build_lock.py).
    os.environ["TALENTLOOP_DBT_EXECUTABLE"] = dbt_executable()
    os.environ["TALENTLOOP_DBT_PARENT"] = str(os.getpid())
    target = Path(warehouse.home) / "dbt_target" / context.op_execution_context.op.name
    _reuse_parse(target)
    yield from dbt.cli(BUILD_ARGS, context=context, target_path=target).stream()


def use_key_for_dbt(home: Path) -> None:
    """dbt opens the warehouse encrypted when the home has a key (ingest/encryption.py). Only
    the home's path goes to dbt: its plugin (orchestration/dbt_encryption.py) reads the key
    itself, so no key sits in the dbt process's environment."""
    if encryption.find_key(home) is not None:
        os.environ["TALENTLOOP_DBT_TARGET"] = encryption.DBT_TARGET
        os.environ[KEY_HOME_ENV] = str(home)
    elif os.environ.get("TALENTLOOP_DBT_TARGET") == encryption.DBT_TARGET:
        del os.environ["TALENTLOOP_DBT_TARGET"]
        os.environ.pop(KEY_HOME_ENV, None)


def _reuse_parse(target: Path) -> None:
    """Start a dbt step from this home's latest parse. dbt parses the whole project again when
    the profile differs from the one it parsed with, and the profile names the warehouse file, so
    the project's own parse (default path) never fits a home; a sibling step's parse always does
    (changed project files are still re-read: dbt checks them). Saves a full parse per build."""
    parsed = target / "partial_parse.msgpack"
    if parsed.exists():
        return
    siblings = sorted(
        target.parent.glob("*/partial_parse.msgpack"), key=lambda p: p.stat().st_mtime
    )
    if siblings:
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy(siblings[-1], parsed)


def _model_paths() -> list[str]:
    import json

    nodes = json.loads(Path(MANIFEST).read_text())["nodes"].values()
    return [n["original_file_path"] for n in nodes if n["resource_type"] == "model"]


def _make_dbt_assets(name: str, select: str, exclude: str) -> dg.AssetsDefinition:
    @dbt_assets(
        manifest=MANIFEST,
        select=select,
        exclude=exclude,
        dagster_dbt_translator=TRANSLATOR,
        name=name,
    )
    def _assets(
        context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource
    ):
        yield from _dbt_build(context, dbt, warehouse)

    return _assets


_paths = _model_paths()
_model_mart_paths = [
    p for p in _paths if p.startswith(("models/marts/people", "models/marts/pilot"))
]
dbt_asset_defs: list[dg.AssetsDefinition] = []
if set(_paths) - set(_model_mart_paths):
    dbt_asset_defs.append(_make_dbt_assets("warehouse_models", "fqn:*", MODEL_MARTS))
if _model_mart_paths:
    dbt_asset_defs.append(_make_dbt_assets("model_marts", MODEL_MARTS, ""))


class TalentLoopDbtResource(DbtCliResource):
    """dagster-dbt's dbt CLI resource without two start-up costs the build never uses.

    Before a dbt step, dagster-dbt asks the dbt executable its version in a subprocess (a full
    dbt import: 2.9 s, once per process) and opens an in-process dbt adapter (0.3-1.3 s per
    step) that only `fetch_row_counts` and `fetch_column_metadata` read. dbt-core is pinned in
    requirements.txt and runs from this environment, so the installed package's version is the
    executable's; and the build fetches neither. Both hooks are dagster-dbt's private methods:
    tests/orchestration/test_definitions.py fails if an upgrade renames them.
    """

    @property
    def _cli_version(self) -> Version:
        return Version(installed_version("dbt-core"))

    def _initialize_dbt_core_adapter(self, args: Sequence[str]) -> None:  # type: ignore[override]
        return None


DBT_GUARD = Path(__file__).resolve().parent.parent / "dbt_guard.py"


def dbt_resource() -> DbtCliResource:
    return TalentLoopDbtResource(
        project_dir=str(DBT_PROJECT_DIR),
        profiles_dir=str(DBT_PROJECT_DIR),
        dbt_executable=str(DBT_GUARD),
    )


defs = dg.Definitions(assets=dbt_asset_defs)
