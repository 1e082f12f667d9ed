"""Integration health of the source systems, per source and load.

Sync success rate = share of a source's distinct IDs that the crosswalk resolved to exactly one
employee; conflict rate = share that resolved to two people. Both come from the crosswalk's
summary. Rows quarantined and rejected files come from the load manifest; a source is late when
no new file arrived within its contract cadence plus a grace period.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import polars as pl

from analytics.pilot.thresholds import Thresholds

OUTPUT_SCHEMA: dict[str, Any] = {
    "source": pl.String,
    "load_id": pl.String,
    "loaded_at": pl.Datetime("us"),
    "is_latest_load": pl.Boolean,
    "files": pl.Int64,
    "files_rejected": pl.Int64,
    "rows_read": pl.Int64,
    "rows_loaded": pl.Int64,
    "rows_quarantined": pl.Int64,
    "ids_total": pl.Int64,
    "ids_matched": pl.Int64,
    "ids_conflicting": pl.Int64,
    "sync_success_rate": pl.Float64,
    "conflict_rate": pl.Float64,
    "cadence_days": pl.Int64,
    "days_since_last_file": pl.Float64,
    "is_late": pl.Boolean,
}


def integration_health_table(
    manifest: pl.DataFrame,
    id_summary: pl.DataFrame,
    cadence_days: dict[str, int],
    as_of: datetime,
    thresholds: Thresholds,
) -> pl.DataFrame:
    """One row per source and load.

    `manifest`: raw.load_manifest rows (load_id, source, file, status, rows_read, rows_loaded,
    rows_quarantined, loaded_at). `id_summary`: source, load_id, ids_total, ids_matched,
    ids_conflicting (a source without IDs has no row: its rates stay null). Lateness is judged
    at `as_of` on the latest load row of each source and is false on earlier loads.
    """
    loads = manifest.group_by("source", "load_id").agg(
        pl.col("loaded_at").max(),
        pl.col("file").filter(pl.col("status") == "loaded").n_unique().alias("files"),
        (pl.col("status") == "rejected").sum().cast(pl.Int64).alias("files_rejected"),
        pl.col("rows_read").sum().cast(pl.Int64),
        pl.col("rows_loaded").sum().cast(pl.Int64),
        pl.col("rows_quarantined").sum().cast(pl.Int64),
    )
    last_new_file = (
        manifest.filter(pl.col("status") == "loaded")
        .group_by("source")
        .agg(pl.col("loaded_at").max().alias("last_file_at"))
    )
    ids = id_summary.select(
        pl.col("source").cast(pl.String),
        pl.col("load_id").cast(pl.String),
        pl.col("ids_total").cast(pl.Int64),
        pl.col("ids_matched").cast(pl.Int64),
        pl.col("ids_conflicting").cast(pl.Int64),
    )
    cadence = pl.DataFrame(
        {"source": list(cadence_days), "cadence_days": list(cadence_days.values())},
        schema={"source": pl.String, "cadence_days": pl.Int64},
    )
    as_of_lit = pl.lit(as_of).cast(pl.Datetime("us"))
    days_since = (as_of_lit - pl.col("last_file_at")).dt.total_seconds() / 86400.0
    out = (
        loads.join(ids, on=["source", "load_id"], how="full", coalesce=True)
        .join(last_new_file, on="source", how="left")
        .join(cadence, on="source", how="left")
        .with_columns(
            (pl.col("loaded_at") == pl.col("loaded_at").max().over("source"))
            .fill_null(False)
            .alias("is_latest_load"),
            (pl.col("ids_matched") / pl.col("ids_total")).alias("sync_success_rate"),
            (pl.col("ids_conflicting") / pl.col("ids_total")).alias("conflict_rate"),
            days_since.alias("days_since_last_file"),
        )
        .with_columns(
            (
                pl.col("is_latest_load")
                & (
                    pl.col("days_since_last_file").is_null()
                    | (
                        pl.col("days_since_last_file")
                        > pl.col("cadence_days") + thresholds.late_grace_days
                    )
                )
            )
            .fill_null(False)
            .alias("is_late")
        )
    )
    for col in ("files", "files_rejected", "rows_read", "rows_loaded", "rows_quarantined"):
        out = out.with_columns(pl.col(col).fill_null(0))
    return out.select([pl.col(c).cast(t) for c, t in OUTPUT_SCHEMA.items()]).sort(
        "source", "loaded_at", "load_id"
    )
