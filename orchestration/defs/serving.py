"""Publishing: the last asset of a build swaps the finished warehouse in as the serving copy."""

from collections.abc import Sequence
from pathlib import Path

import dagster as dg

from ingest.settings import load_settings
from orchestration.publish import publish
from orchestration.resources import WarehouseResource

SERVING_KEY = dg.AssetKey("serving_copy")


def build_serving_asset(upstream: Sequence[dg.AssetKey]) -> dg.AssetsDefinition:
    """The publish asset, downstream of every other asset so it runs last and only after
    every blocking check upstream has passed."""

    @dg.asset(
        key=SERVING_KEY,
        group_name="serving",
        deps=list(upstream),
        kinds={"duckdb"},
        description=(
            "The published read-only files: serving.duckdb for dashboards and reports, "
            "analyst.duckdb (pseudonymised, no identifiers) for analysts."
        ),
    )
    def serving_copy(
        context: dg.AssetExecutionContext, warehouse: WarehouseResource
    ) -> dg.MaterializeResult:
        settings = load_settings(home=warehouse.home)
        serving = settings.serving_path
        result = publish(Path(warehouse.path), serving, analyst_path=settings.analyst_path)
        context.log.info(
            f"published {result.tables} tables to {serving}, "
            f"{result.analyst_tables} to {result.analyst_path}"
        )
        return dg.MaterializeResult(
            metadata={
                "path": str(result.serving_path),
                "tables": result.tables,
                "views": result.views,
                "size_mb": round(result.bytes / 1e6, 1),
                "seconds": round(result.seconds, 2),
                "analyst_path": str(result.analyst_path),
                "analyst_tables": result.analyst_tables,
                "analyst_size_mb": round(result.analyst_bytes / 1e6, 1),
            }
        )

    return serving_copy
