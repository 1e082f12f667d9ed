"""How `raw` reaches an engine other than DuckDB.

The ingest writes `raw` into DuckDB (file ledger, quarantine and load manifest in one
transaction per file); the dbt project then runs on whichever engine holds a copy of `raw`:

- PostgreSQL: each raw table is created with the DuckDB column types mapped below and filled
  with COPY ... FROM STDIN (CSV written by DuckDB: NULL is an unquoted empty field, an empty
  text a quoted one, so both survive).
- Spark: each raw table is written as one Parquet file per table, as a data platform would land
  it, and registered as a table over that file (`raw_parquet_tables`).

Timestamp policy: the ingest stores `_loaded_at` (and every contract datetime) as a wall-clock
UTC timestamp without a zone. It stays zone-less everywhere: PostgreSQL `timestamp`, Spark
`timestamp_ntz` read from Parquet with the session time zone pinned to UTC, so no engine shifts
it by the server's zone.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import duckdb

RAW_SCHEMA = "raw"

# DuckDB type of a raw column -> PostgreSQL type. The ingest writes only these (architecture.md).
POSTGRES_TYPES = {
    "VARCHAR": "text",
    "BIGINT": "bigint",
    "INTEGER": "integer",
    "DOUBLE": "double precision",
    "BOOLEAN": "boolean",
    "DATE": "date",
    "TIMESTAMP": "timestamp",
}


def raw_columns(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[str, str]]]:
    """Every raw table with its (column, DuckDB type) in order."""
    rows = con.execute(
        "select table_name, column_name, data_type from information_schema.columns "
        "where table_schema = ? order by table_name, ordinal_position",
        [RAW_SCHEMA],
    ).fetchall()
    tables: dict[str, list[tuple[str, str]]] = {}
    for table, column, data_type in rows:
        tables.setdefault(table, []).append((column, data_type))
    return tables


def copy_raw_to_postgres(con: duckdb.DuckDBPyConnection, pg: Any) -> dict[str, int]:
    """Replace PostgreSQL's `raw` schema with DuckDB's; returns the rows copied per table.

    `pg` is an open psycopg2 connection; the copy commits once, so a failure leaves the old
    schema in place."""
    copied: dict[str, int] = {}
    with pg.cursor() as cur:
        cur.execute(f"drop schema if exists {RAW_SCHEMA} cascade; create schema {RAW_SCHEMA}")
        for table, columns in raw_columns(con).items():
            ddl = ", ".join(f'"{name}" {POSTGRES_TYPES[kind]}' for name, kind in columns)
            cur.execute(f'create table {RAW_SCHEMA}."{table}" ({ddl})')
            data = con.sql(f'select * from {RAW_SCHEMA}."{table}"').pl()
            buffer = io.StringIO()
            data.write_csv(buffer, null_value="", quote_style="non_numeric")
            buffer.seek(0)
            cur.copy_expert(
                f'copy {RAW_SCHEMA}."{table}" from stdin with (format csv, header)', buffer
            )
            copied[table] = data.height
    pg.commit()
    return copied


def export_raw_to_parquet(con: duckdb.DuckDBPyConnection, out_dir: Path) -> dict[str, Path]:
    """Write each raw table to `<out_dir>/<table>.parquet`; returns the files by table."""
    out_dir.mkdir(parents=True, exist_ok=True)
    files: dict[str, Path] = {}
    for table in raw_columns(con):
        path = out_dir / f"{table}.parquet"
        con.execute(f"copy {RAW_SCHEMA}.\"{table}\" to '{path}' (format parquet)")
        files[table] = path
    return files


def raw_parquet_tables(files: dict[str, Path]) -> list[str]:
    """Spark SQL that registers the landed Parquet files as the `raw` schema's tables."""
    statements = [f"create database if not exists {RAW_SCHEMA}"]
    for table, path in files.items():
        statements.append(f"drop table if exists {RAW_SCHEMA}.`{table}`")
        statements.append(
            f"create table {RAW_SCHEMA}.`{table}` using parquet location '{path.resolve()}'"
        )
    return statements
