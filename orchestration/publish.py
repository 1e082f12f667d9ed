"""Publish the finished warehouse as the read-only serving copy, atomically.

The build writes `warehouse.duckdb`; readers only open `serving.duckdb`. Publishing copies the
checkpointed warehouse to a temporary file beside the serving copy, prepares it for readers
(views made independent of the file's name, raw personal payloads removed), checks it opens and
that every view resolves, then swaps it in with one `os.replace`. A build that fails or is
killed before the swap leaves the previous serving copy untouched; readers that hold the old
file keep reading it.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

from ingest.contract import SOURCES

# Schemas readers need; staging and intermediate stay in the build's file.
SERVED_SCHEMAS = ("marts", "ml", "ops", "analyst", "raw")


@dataclass(frozen=True)
class PublishResult:
    serving_path: Path
    tables: int
    views: int
    bytes: int
    seconds: float


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _prepare_for_readers(con: duckdb.DuckDBPyConnection, source_catalog: str) -> tuple[int, int]:
    for name in SOURCES:
        con.execute(f"drop table if exists raw.{name}")
    has_quarantine = con.execute(
        "select count(*) from duckdb_columns() where schema_name = 'raw' "
        "and table_name = 'quarantine' and column_name = 'payload'"
    ).fetchall()[0][0]
    if has_quarantine:
        # Payloads hold the delivered row (names, IDs): they stay in the build's file.
        con.execute("alter table raw.quarantine drop column payload")
    for (schema,) in con.execute(
        "select schema_name from duckdb_schemas() where database_name = current_database() "
        "and not internal and schema_name not in ('main')"
    ).fetchall():
        if schema not in SERVED_SCHEMAS:
            con.execute(f'drop schema if exists "{schema}" cascade')
    # dbt writes views with the build file's catalog name; the copy has another name.
    qualifier = re.compile(rf'"?{re.escape(source_catalog)}"?\.', re.IGNORECASE)
    views = con.execute(
        "select schema_name, view_name, sql from duckdb_views() "
        "where database_name = current_database() and not internal"
    ).fetchall()
    for schema, view, sql in views:
        fixed = qualifier.sub("", sql)
        if fixed != sql:
            con.execute(f'drop view "{schema}"."{view}"')
            con.execute(fixed)
    tables = con.execute(
        "select count(*) from duckdb_tables() where database_name = current_database()"
    ).fetchall()[0][0]
    con.execute("checkpoint")
    return tables, len(views)


class PublishError(RuntimeError):
    """The prepared copy is not fit for readers; the previous serving copy is kept."""


def _check_views_resolve(con: duckdb.DuckDBPyConnection) -> None:
    # A view that reads a schema left in the build's file would fail only when a reader opens it.
    views = con.execute(
        "select schema_name, view_name from duckdb_views() "
        "where database_name = current_database() and not internal"
    ).fetchall()
    for schema, view in views:
        try:
            con.execute(f'select * from "{schema}"."{view}" limit 0').fetchall()
        except duckdb.Error as exc:
            raise PublishError(
                f"view {schema}.{view} does not resolve in the serving copy: {exc}"
            ) from exc


def publish(warehouse_path: Path, serving_path: Path) -> PublishResult:
    """Checkpoint the warehouse and swap a prepared copy in as the serving file."""
    started = time.perf_counter()
    warehouse_path, serving_path = Path(warehouse_path), Path(serving_path)
    con = duckdb.connect(str(warehouse_path))
    try:
        con.execute("checkpoint")
        source_catalog = con.execute("select current_database()").fetchall()[0][0]
    finally:
        con.close()
    serving_path.parent.mkdir(parents=True, exist_ok=True)
    # A publish killed midway leaves its temporary file behind: clear those first.
    for stale in serving_path.parent.glob(f".{serving_path.stem}.publishing-*"):
        stale.unlink(missing_ok=True)
    tmp = serving_path.with_name(f".{serving_path.stem}.publishing-{os.getpid()}.duckdb")
    try:
        shutil.copyfile(warehouse_path, tmp)
        con = duckdb.connect(str(tmp))
        try:
            tables, views = _prepare_for_readers(con, source_catalog)
        finally:
            con.close()
        for leftover in (tmp.with_name(tmp.name + ".wal"),):
            leftover.unlink(missing_ok=True)
        check = duckdb.connect(str(tmp), read_only=True)
        try:
            check.execute("select count(*) from duckdb_tables()").fetchall()
            _check_views_resolve(check)
        finally:
            check.close()
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, serving_path)
        _fsync_dir(serving_path.parent)
    finally:
        tmp.unlink(missing_ok=True)
        tmp.with_name(tmp.name + ".wal").unlink(missing_ok=True)
    return PublishResult(
        serving_path=serving_path,
        tables=tables,
        views=views,
        bytes=serving_path.stat().st_size,
        seconds=time.perf_counter() - started,
    )
