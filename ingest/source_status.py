"""Which sources a warehouse has: the one fact every page and the report read to say which
missing source they need (`ops.sources`, served with the marts).

A source is `required` when the build cannot do without it (`REQUIRED_SOURCES`); every other
source is optional. `delivered` means a file of it was ever loaded or rejected; `rows` counts
the records in its raw table (all loads), `rows_quarantined` those quarantined.
"""

from __future__ import annotations

import duckdb
import polars as pl

from ingest.contract import REQUIRED_SOURCES, SOURCES
from ingest.raw_schema import create_raw_tables

SCHEMA: dict[str, pl.DataType] = {
    "source": pl.String(),
    "name_en": pl.String(),
    "name_zh": pl.String(),
    "is_required": pl.Boolean(),
    "is_delivered": pl.Boolean(),
    "files_loaded": pl.Int64(),
    "files_rejected": pl.Int64(),
    "rows": pl.Int64(),
    "rows_quarantined": pl.Int64(),
    "last_loaded_at": pl.Datetime("us"),
    "status": pl.String(),  # ok | missing_required | not_delivered | delivered_empty
}


def source_status(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """One row per source of the contract, from the raw tables and the load manifest."""
    create_raw_tables(con)
    manifest = {
        row[0]: row[1:]
        for row in con.execute(
            """
            select source,
                   count(*) filter (where status = 'loaded'),
                   count(*) filter (where status = 'rejected'),
                   coalesce(sum(rows_quarantined), 0),
                   max(loaded_at) filter (where status in ('loaded', 'rejected'))
            from raw.load_manifest group by source
            """
        ).fetchall()
    }
    rows = []
    for name, spec in SOURCES.items():
        loaded, rejected, quarantined, last = manifest.get(name, (0, 0, 0, None))
        count = con.execute(f"select count(*) from raw.{name}").fetchall()[0][0]
        delivered = bool(loaded or rejected)
        required = name in REQUIRED_SOURCES
        if count:
            status = "ok"
        elif required:
            status = "missing_required"
        else:
            status = "delivered_empty" if delivered else "not_delivered"
        rows.append(
            (name, spec.en, spec.zh, required, delivered, loaded, rejected, count, quarantined)
            + (last, status)
        )
    return pl.DataFrame(rows, schema=SCHEMA, orient="row")


def write_source_status(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Replace `ops.sources` with the current status; returns it."""
    frame = source_status(con)
    con.execute("create schema if not exists ops")
    con.register("_tl_sources", frame)
    con.execute("create or replace table ops.sources as select * from _tl_sources")
    con.unregister("_tl_sources")
    return frame
