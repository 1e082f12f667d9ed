"""The TalentLoop Dagster Definitions: every `orchestration/defs/*` module merged, plus the
publish asset downstream of all of them and the build job.

`dagster dev -m orchestration.definitions` (or `talentloop ui`) loads this module.
"""

from __future__ import annotations

import importlib
import pkgutil

import dagster as dg

import orchestration.defs as defs_pkg
from orchestration.defs.serving import SERVING_KEY, build_serving_asset
from orchestration.defs.warehouse import dbt_resource
from orchestration.resources import warehouse_from_settings

BUILD_JOB = "build"


def _module_defs() -> list[dg.Definitions]:
    found = []
    for info in sorted(pkgutil.iter_modules(defs_pkg.__path__), key=lambda m: m.name):
        if info.name == "serving":
            continue
        module = importlib.import_module(f"{defs_pkg.__name__}.{info.name}")
        if isinstance(getattr(module, "defs", None), dg.Definitions):
            found.append(module.defs)
    return found


def build_definitions(home: str | None = None, landing: str | None = None) -> dg.Definitions:
    merged = dg.Definitions.merge(*_module_defs())
    upstream = [
        key
        for asset in merged.assets or []
        if isinstance(asset, dg.AssetsDefinition)
        for key in asset.keys
        if key != SERVING_KEY
    ]
    serving = build_serving_asset(upstream)
    build_job = dg.define_asset_job(BUILD_JOB, selection=dg.AssetSelection.all())
    return dg.Definitions.merge(
        merged,
        dg.Definitions(
            assets=[serving],
            jobs=[build_job],
            resources={
                "warehouse": warehouse_from_settings(home, landing),
                "dbt": dbt_resource(),
            },
        ),
    )


defs = build_definitions()
