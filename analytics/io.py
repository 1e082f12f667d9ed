"""The thin layer between the model libraries and DuckDB: read marts, write `ml.*` tables.

The model modules never import DuckDB; the Dagster assets call these helpers.
"""

from __future__ import annotations

import re

import duckdb
import polars as pl

ML_SCHEMA = "ml"
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$")


def _checked(name: str) -> str:
    if not _NAME.match(name):
        raise ValueError(f"not a plain table name: {name!r}")
    return name


def table_exists(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    schema, _, table = _checked(name).rpartition(".")
    row = con.execute(
        "select count(*) from information_schema.tables where table_name = ? "
        "and (table_schema = ? or ? = '')",
        [table, schema, schema],
    ).fetchall()
    return bool(row and row[0][0])


def read_table(con: duckdb.DuckDBPyConnection, name: str) -> pl.DataFrame:
    """A whole table or view as a polars frame (`schema.table`)."""
    return con.sql(f"select * from {_checked(name)}").pl()


def read_query(con: duckdb.DuckDBPyConnection, sql: str) -> pl.DataFrame:
    return con.sql(sql).pl()


def write_table(
    con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame, schema: str = ML_SCHEMA
) -> int:
    """Replace `schema.table` with `frame` in one transaction; returns the rows written."""
    # Columns whose every value is null have no type DuckDB can store: give them one.
    frame = frame.with_columns(
        pl.col(c).cast(pl.String) for c, t in frame.schema.items() if t == pl.Null
    )
    target = f"{_checked(schema)}.{_checked(table)}"
    view = f"_tl_write_{table}"
    con.execute(f"create schema if not exists {schema}")
    con.register(view, frame.to_arrow())
    try:
        con.execute("begin transaction")
        con.execute(f"create or replace table {target} as select * from {view}")
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    finally:
        con.unregister(view)
    return frame.height
