"""The Dagster Definitions load and the asset graph has the shape the design promises."""

from __future__ import annotations

import dagster as dg
import pytest

from ingest.contract import SOURCES


@pytest.fixture(scope="module")
def defs() -> dg.Definitions:
    from orchestration.definitions import defs

    return defs


@pytest.fixture(scope="module")
def graph(defs: dg.Definitions):
    return defs.resolve_asset_graph()


def _key(*parts: str) -> dg.AssetKey:
    return dg.AssetKey(list(parts))


def test_one_raw_asset_per_source_and_a_complete_load_manifest(graph) -> None:
    keys = graph.get_all_asset_keys()
    for name in SOURCES:
        assert _key("raw", name) in keys
    manifest = graph.get(_key("raw", "load_manifest"))
    assert {_key("raw", n) for n in SOURCES} <= set(manifest.parent_keys)


def test_every_dbt_node_builds_after_the_load(graph) -> None:
    for model in ("stg_hr__employees", "dim_employee", "fct_headcount_monthly", "dim_date"):
        assert _key("raw", "load_manifest") in graph.get(_key(model)).parent_keys
    # Lineage from a mart back to the landing source it reads.
    assert _key("raw", "hr_employees") in graph.get(_key("stg_hr__employees")).parent_keys


def test_models_read_marts_and_feed_the_combined_marts(graph) -> None:
    assert _key("retention_features") in graph.get(_key("ml", "retention_scores")).parent_keys
    assert _key("ml", "retention_scores") in graph.get(_key("employee_portraits")).parent_keys
    assert _key("ml", "pilot_scorecard_history") in graph.get(_key("pilot_scorecard")).parent_keys


def test_publish_is_downstream_of_every_other_asset(graph) -> None:
    serving = graph.get(_key("serving_copy"))
    others = graph.get_all_asset_keys() - {_key("serving_copy")}
    assert others <= set(serving.parent_keys)


def test_build_job_schedules_and_sensors(defs: dg.Definitions) -> None:
    from dagster._core.execution.api import create_execution_plan

    job = defs.resolve_job_def("build")
    steps = [s.key for s in create_execution_plan(job).get_all_steps_in_topo_order()]
    # The star schema is one dbt step (one consistent build), run after every raw load.
    assert steps.count("warehouse_models") == 1
    assert not any(s.startswith("warehouse_models_") for s in steps)
    assert steps.index("warehouse_models") > max(steps.index(f"raw__{n}") for n in SOURCES)
    assert steps[-1] == "serving_copy"
    schedules = {s.name for s in defs.schedules or []}
    sensors = {s.name for s in defs.sensors or []}
    assert schedules and sensors


def test_blocking_checks_guard_the_raw_layer(graph) -> None:
    checks = graph.asset_check_keys
    raw_checks = {c.name for c in checks if c.asset_key == _key("raw", "hr_employees")}
    assert {"reconciliation", "contract_suite"} <= raw_checks


def test_the_dbt_resource_skips_only_what_the_build_does_not_use() -> None:
    import subprocess
    from pathlib import Path

    from dagster_dbt import DbtCliResource

    from orchestration.dbt_manifest import dbt_executable
    from orchestration.defs.warehouse import dbt_resource

    # The two hooks it overrides are dagster-dbt's private methods: an upgrade that renames
    # them must fail here, not silently bring the start-up costs back.
    assert {"_cli_version", "_initialize_dbt_core_adapter"} <= set(vars(DbtCliResource))
    resource = dbt_resource()
    # The version dbt's own executable runs with: its interpreter's dbt-core (`dbt --version`
    # would also ask the package index for the latest release).
    shebang = Path(dbt_executable()).read_text().splitlines()[0]
    interpreter = shebang.removeprefix("#!").strip()
    ran = subprocess.run(
        [interpreter, "-c", "from dbt.version import __version__; print(__version__)"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert ran.stdout.strip() == str(resource._cli_version)
    assert resource._initialize_dbt_core_adapter(["build"]) is None


def test_dbt_docs_open_on_the_project_overview() -> None:
    """`talentloop docs` opens on TalentLoop's overview of the layers, not dbt's generic page."""
    import json

    from orchestration.dbt_manifest import ensure_manifest

    docs = json.loads(ensure_manifest().read_text())["docs"]
    overview = docs["doc.talentloop.__overview__"]["block_contents"]
    for term in ("staging", "intermediate", "marts", "dim_employee", "fct_headcount_monthly"):
        assert term in overview
