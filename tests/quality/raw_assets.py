"""The lead's raw assets (`orchestration.defs.ingest.raw_assets`), or, while that module does not
import, stand-ins with the same keys and the same call to `ingest.load.load_source`."""

from __future__ import annotations

import dagster as dg

from ingest.contract import REFERENCE_SOURCES, SOURCES
from ingest.load import load_source
from ingest.raw_schema import create_raw_tables
from orchestration.resources import WarehouseResource


def _stand_in(source_name: str) -> dg.AssetsDefinition:
    deps = (
        []
        if source_name in REFERENCE_SOURCES
        else [dg.AssetKey(["raw", r]) for r in REFERENCE_SOURCES]
    )

    @dg.asset(key=["raw", source_name], deps=deps, group_name="ingest")
    def _load(context, warehouse: WarehouseResource) -> dg.MaterializeResult:
        with warehouse.connect() as con:
            create_raw_tables(con)
            result = load_source(
                con, warehouse.landing_path, source_name, load_id=context.run.run_id
            )
        return dg.MaterializeResult(metadata={"rows_read": result.rows_read})

    return _load


def raw_assets() -> list[dg.AssetsDefinition]:
    try:
        from orchestration.defs.ingest import raw_assets as lead_assets
    except Exception:  # noqa: BLE001 - the lead's module is being written in parallel
        return [_stand_in(s) for s in SOURCES]
    return list(lead_assets)
