"""DDL of the raw layer, derived from the contract (see docs/architecture.md)."""

from __future__ import annotations

import duckdb
import polars as pl

from ingest import vocabulary
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
    """Create the raw schema and every raw table if missing (idempotent), add the columns a
    grown vocabulary asks for (a new competency's score field), widen a column the contract
    made text (the grade fields were integers before grades became reference data: their
    values become the codes "1".."10" of the sample bank's grades) and write the vocabulary."""
    con.execute("create schema if not exists raw")
    for source in SOURCES.values():
        con.execute(source_table_ddl(source))
        existing = dict(
            con.execute(
                "select column_name, data_type from information_schema.columns "
                "where table_schema = 'raw' and table_name = ?",
                [source.name],
            ).fetchall()
        )
        for f in source.fields:
            wanted = DUCKDB_TYPES[f.dtype]
            if f.name not in existing:
                con.execute(f"alter table raw.{source.name} add column {f.name} {wanted}")
            elif wanted == "VARCHAR" and existing[f.name] != wanted:
                con.execute(f"alter table raw.{source.name} alter column {f.name} type {wanted}")
    con.execute(QUARANTINE_DDL)
    con.execute(MANIFEST_DDL)
    write_vocabulary_tables(con, vocabulary.active())


def write_vocabulary_tables(con: duckdb.DuckDBPyConnection, vocab: vocabulary.Vocabulary) -> None:
    """`raw.vocab_<table>` for every reference table: replaced, not appended, because the
    reference data is the customer's current vocabulary (dbt reads it; docs/architecture.md)."""
    for table in vocabulary.TABLES:
        frame = pl.DataFrame(vocab.rows(table))  # noqa: F841 (read by DuckDB below)
        con.execute(f"create or replace table raw.vocab_{table} as select * from frame")


# What the columns of the ingest's own tables hold (the dbt sources YAML documents them).
LINEAGE_DOCS: dict[str, str] = {
    "_load_id": "Load that appended the row (lineage).",
    "_file": "Landing file, relative to the landing folder.",
    "_line": "1-based physical line (CSV header = 1, XLSX sheet row, JSONL line).",
    "_loaded_at": "When the ingest appended the row.",
}
QUARANTINE_DOCS: dict[str, str] = {
    "load_id": "Load.",
    "source": "Source.",
    "file": "Landing file.",
    "line": "Physical line.",
    "rule": "Quarantine or file rule.",
    "field": "Field that broke the rule.",
    "message": "Human-readable message.",
    "payload": "The raw record as text.",
    "quarantined_at": "When quarantined.",
}
MANIFEST_DOCS: dict[str, str] = {
    "load_id": "Load.",
    "source": "Source.",
    "file": "Landing file.",
    "file_hash": "SHA-256 of the file bytes (the file ledger).",
    "status": "loaded, skipped_seen or rejected.",
    "rows_read": "Data rows read.",
    "rows_loaded": "Rows appended to raw.",
    "rows_quarantined": "Rows quarantined.",
    "message": "Why a file was rejected.",
    "loaded_at": "When the file was processed.",
}
