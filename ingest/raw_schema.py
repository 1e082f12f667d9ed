"""DDL of the raw layer, derived from the contract (see docs/architecture.md)."""

from __future__ import annotations

import duckdb

from ingest.contract import SOURCES, Source

DUCKDB_TYPES: dict[str, str] = {
    "str": "VARCHAR",
    "int": "BIGINT",
    "float": "DOUBLE",
    "bool": "BOOLEAN",
    "date": "DATE",
    "datetime": "TIMESTAMP",
}

QUARANTINE_DDL = """
create table if not exists raw.quarantine (
    load_id varchar not null,
    source varchar not null,
    file varchar not null,
    line bigint,
    rule varchar not null,
    field varchar,
    message varchar not null,
    payload varchar,
    quarantined_at timestamp not null default current_timestamp
)"""

MANIFEST_DDL = """
create table if not exists raw.load_manifest (
    load_id varchar not null,
    source varchar not null,
    file varchar not null,
    file_hash varchar not null,
    status varchar not null,
    rows_read bigint not null,
    rows_loaded bigint not null,
    rows_quarantined bigint not null,
    message varchar,
    loaded_at timestamp not null
)"""


def source_table_ddl(source: Source) -> str:
    cols = [f"    {f.name} {DUCKDB_TYPES[f.dtype]}" for f in source.fields]
    cols += [
        "    _load_id VARCHAR NOT NULL",
        "    _file VARCHAR NOT NULL",
        "    _line BIGINT NOT NULL",
        "    _loaded_at TIMESTAMP NOT NULL",
    ]
    return f"create table if not exists raw.{source.name} (\n" + ",\n".join(cols) + "\n)"


def create_raw_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Create the raw schema and every raw table if missing (idempotent)."""
    con.execute("create schema if not exists raw")
    for source in SOURCES.values():
        con.execute(source_table_ddl(source))
    con.execute(QUARANTINE_DDL)
    con.execute(MANIFEST_DDL)
