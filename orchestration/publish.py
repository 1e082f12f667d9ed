"""Publish the finished warehouse as the read-only serving copy and the analyst file, atomically.

The build writes `warehouse.duckdb`; dashboards and reports open only `serving.duckdb`, analysts
only `analyst.duckdb` (orchestration/analyst_file.py). Each published file is written fresh: a new
DuckDB file beside it receives, table by table, only what its readers may see (`create table as
select` from the warehouse attached read-only), never a copy of the warehouse's bytes, so a
dropped column, a dropped schema or a deleted row leaves nothing behind. Views are recreated
without the build file's catalog name. Every `*_pid` column is replaced by its keyed hash, the
key bound as a parameter (it is in no SQL text). Each file is checked (it opens, every view
resolves, the analyst file holds no identifying column), then swapped in with one `os.replace`.
A build that fails or is killed before the swap leaves the previous files untouched; readers
that hold an old file keep reading it.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb

from ingest import encryption
from ingest.contract import SOURCES
from ingest.encryption import AtRestKey
from ingest.pseudonyms import load_key, pid_params, pid_sql
from orchestration import analyst_file

# Schemas dashboards and reports need; staging, intermediate and analyst stay out of serving.
SERVED_SCHEMAS = ("marts", "ml", "ops", "raw")
# Delivered records, quarantine payloads and HR's free-text exit reasons hold personal data only
# the build needs (no page, report or model reads the free text; its wording can name people).
DROPPED_TABLES = frozenset(("raw", name) for name in SOURCES)
DROPPED_COLUMNS = {
    ("raw", "quarantine"): frozenset({"payload"}),
    ("marts", "fct_employment_events"): frozenset({"exit_reason_text"}),
}
BUILD = "__build"  # the warehouse's alias while the plan is read
NEW = "__published"  # a published file's alias while it is written
PIDS = "__pids"  # the temporary table of hashed IDs while a file is written


@dataclass(frozen=True)
class PublishResult:
    serving_path: Path
    tables: int
    views: int
    bytes: int
    seconds: float
    analyst_path: Path | None = None
    analyst_tables: int = 0
    analyst_views: int = 0
    analyst_bytes: int = 0


@dataclass(frozen=True)
class _Relation:
    schema: str
    name: str
    columns: tuple[str, ...]
    view_sql: str | None  # None for a table


class PublishError(RuntimeError):
    """A prepared file is not fit for readers; the previously published files are kept."""


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _relations(con: duckdb.DuckDBPyConnection, schemas: Sequence[str]) -> list[_Relation]:
    """Tables and views of the attached build in `schemas`, tables first, in catalog order."""
    rows = con.execute(
        f"""
        select c.schema_name, c.table_name, list(c.column_name order by c.column_index), v.sql
        from duckdb_columns() as c
        left join duckdb_views() as v
            on v.database_name = c.database_name and v.schema_name = c.schema_name
            and v.view_name = c.table_name
        where c.database_name = '{BUILD}' and list_contains($schemas, c.schema_name)
        group by all
        order by 4 nulls first, 1, 2
        """,
        {"schemas": list(schemas)},
    ).fetchall()
    return [_Relation(s, t, tuple(cols), sql) for s, t, cols, sql in rows]


def _source(catalog: str, rel: _Relation) -> str:
    return f"{_quote(catalog)}.{_quote(rel.schema)}.{_quote(rel.name)}"


def _pid_columns(rel: _Relation) -> list[str]:
    return [c for c in rel.columns if c.endswith(analyst_file.PID_SUFFIX)]


def _hash_ids(
    con: duckdb.DuckDBPyConnection, catalog: str, tables: list[_Relation], key: bytes | None
) -> None:
    """Every distinct ID of the `*_pid` columns, hashed once, into a temporary table (kept in
    memory, never in the file), then joined. A person's ID repeats in every row about them, and
    the HMAC is two SHA-256 per value (5M values in 7.0 s on this machine's two cores): per row
    that would be about 10^8 values at a million employees, against a few million IDs."""
    ids = [
        f"select {_quote(c)} as id from {_source(catalog, rel)}"
        for rel in tables
        for c in _pid_columns(rel)
    ]
    if not ids:
        return
    if key is None:
        raise PublishError("the published tables have pseudonyms but no key was given")
    con.execute(
        f"create temp table {PIDS} as select id, {pid_sql('id')} as pid "
        f"from ({' union '.join(ids)}) where id is not null",
        pid_params(key),
    )


def _copy_table(
    con: duckdb.DuckDBPyConnection,
    rel: _Relation,
    catalog: str,
    schema: str,
    dropped: frozenset[str],
) -> None:
    select, joins = [], []
    for column in rel.columns:
        if column in dropped:
            continue
        if column.endswith(analyst_file.PID_SUFFIX):
            alias = f"__pid{len(joins)}"
            select.append(f"{alias}.pid as {_quote(column)}")
            joins.append(f"left join temp.{PIDS} as {alias} on {alias}.id = src.{_quote(column)}")
        else:
            select.append(f"src.{_quote(column)}")
    if not select:
        return
    # Joins do not keep the scan's order; a table keeps its stored order (people_directory is
    # stored highest risk first, and related rows together compress better).
    order = " order by src.rowid" if joins and rel.view_sql is None else ""
    con.execute(
        f"create table {_quote(schema)}.{_quote(rel.name)} as select {', '.join(select)} "
        f"from {_source(catalog, rel)} as src {' '.join(joins)}{order}"
    )


def _qualifier(catalog: str, schema: str | None = None) -> re.Pattern[str]:
    """The build file's catalog name (dbt writes `"warehouse"."marts"...`, which breaks in a file
    of another name), and with `schema` that schema too (the analyst file keeps it in `main`)."""
    pattern = rf'"?{re.escape(catalog)}"?\.'
    if schema:
        pattern = rf'(?:{pattern})?"?{re.escape(schema)}"?\.'
    return re.compile(pattern, re.IGNORECASE)


def _create_views(
    con: duckdb.DuckDBPyConnection, views: list[_Relation], qualifier: re.Pattern[str]
) -> None:
    """Recreate views with the build's names taken out, in as many passes as views build on
    views."""
    pending = list(views)
    while pending:
        failed: list[tuple[_Relation, duckdb.Error]] = []
        for rel in pending:
            try:
                con.execute(qualifier.sub("", rel.view_sql or ""))
            except duckdb.Error as exc:
                failed.append((rel, exc))
        if len(failed) == len(pending):
            rel, exc = failed[0]
            raise PublishError(
                f"view {rel.schema}.{rel.name} does not resolve in the published file: {exc}"
            )
        pending = [rel for rel, _ in failed]


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
                f"view {schema}.{view} does not resolve in the published file: {exc}"
            ) from exc


def _write_fresh(
    tmp: Path,
    warehouse: Path,
    catalog: str,
    tables: list[_Relation],
    views: list[_Relation],
    key: bytes | None,
    at_rest: AtRestKey | None,
    into_main: str | None = None,
) -> None:
    """Write `tables` (copied) and `views` (recreated) into the new file `tmp`; the relations of
    the schema `into_main` go to the file's `main` schema."""
    if catalog == NEW:
        raise PublishError(f"the warehouse file may not be named {NEW}.duckdb")
    con = duckdb.connect()
    try:
        # The new file under a fixed name (DuckDB would name it after the file, and a catalog
        # `analyst` makes `analyst.x` ambiguous); the warehouse under its own name, so the views
        # dbt wrote (which name it) resolve while they are read.
        encryption.attach(con, tmp, NEW, at_rest)
        con.execute(f"use {NEW}")
        encryption.attach(con, warehouse, catalog, at_rest, read_only=True)
        for schema in sorted({rel.schema for rel in [*tables, *views]} - {into_main}):
            con.execute(f"create schema if not exists {_quote(schema)}")
        _hash_ids(con, catalog, tables, key)
        for rel in tables:
            schema = "main" if rel.schema == into_main else rel.schema
            dropped = DROPPED_COLUMNS.get((rel.schema, rel.name), frozenset())
            _copy_table(con, rel, catalog, schema, dropped)
        con.execute(f"detach {_quote(catalog)}")
        _create_views(con, views, _qualifier(catalog, into_main))
        con.execute("checkpoint")
    finally:
        con.close()
    tmp.with_name(tmp.name + ".wal").unlink(missing_ok=True)


def _counts(path: Path, analyst: bool, at_rest: AtRestKey | None) -> tuple[int, int]:
    check = encryption.connect(path, read_only=True, key=at_rest)
    try:
        _check_views_resolve(check)
        if analyst:
            analyst_file.check_no_identifiers(check)
        tables, views = check.execute(
            "select (select count(*) from duckdb_tables() where database_name = current_database()),"
            " (select count(*) from duckdb_views() where database_name = current_database()"
            " and not internal)"
        ).fetchall()[0]
    finally:
        check.close()
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())
    return tables, views


def _temporary(path: Path) -> Path:
    # A publish killed midway leaves its temporary file behind: clear those first.
    for stale in path.parent.glob(f".{path.stem}.publishing-*"):
        stale.unlink(missing_ok=True)
    return path.with_name(f".{path.stem}.publishing-{os.getpid()}.duckdb")


def _needs_key(relations: list[_Relation]) -> bool:
    return any(c.endswith(analyst_file.PID_SUFFIX) for r in relations for c in r.columns)


def publish(
    warehouse_path: Path,
    serving_path: Path,
    *,
    analyst_path: Path | None = None,
    key: bytes | None = None,
) -> PublishResult:
    """Checkpoint the warehouse, write the serving copy and the analyst file fresh beside it,
    and swap each in. `key` defaults to the installation's (ingest/pseudonyms.py), read only
    when a published table has pseudonyms."""
    started = time.perf_counter()
    warehouse_path, serving_path = Path(warehouse_path), Path(serving_path)
    analyst_path = Path(analyst_path or serving_path.with_name(analyst_file.FILE_NAME))
    # Every file of the home is encrypted with the home's key when one is configured.
    at_rest = encryption.find_key(serving_path.parent)
    con = encryption.connect(warehouse_path, key=at_rest)
    try:
        con.execute("checkpoint")
        catalog = con.execute("select current_database()").fetchall()[0][0]
    finally:
        con.close()
    plan = duckdb.connect()
    try:
        encryption.attach(plan, warehouse_path, BUILD, at_rest, read_only=True)
        served = [
            r for r in _relations(plan, SERVED_SCHEMAS) if (r.schema, r.name) not in DROPPED_TABLES
        ]
        analyst = _relations(plan, [analyst_file.SCHEMA])
    finally:
        plan.close()
    if key is None and _needs_key(served + analyst):
        key = load_key(serving_path.parent)
    # Kept as views when the build has them as views (a copy from another engine, engines/
    # serving_copy.py, holds every relation as a table).
    kept = {r.name for r in analyst if r.view_sql is not None} & analyst_file.KEPT_AS_VIEWS
    analyst_tables = [r for r in analyst if r.name not in kept]
    analyst_views = [r for r in analyst if r.name in kept]
    serving_path.parent.mkdir(parents=True, exist_ok=True)
    tmp_serving, tmp_analyst = _temporary(serving_path), _temporary(analyst_path)
    try:
        _write_fresh(
            tmp_serving,
            warehouse_path,
            catalog,
            [r for r in served if r.view_sql is None],
            [r for r in served if r.view_sql is not None],
            key,
            at_rest,
        )
        tables, views = _counts(tmp_serving, analyst=False, at_rest=at_rest)
        a_tables = a_views = 0
        if analyst:
            _write_fresh(
                tmp_analyst,
                warehouse_path,
                catalog,
                analyst_tables,
                analyst_views,
                key,
                at_rest,
                into_main=analyst_file.SCHEMA,
            )
            a_tables, a_views = _counts(tmp_analyst, analyst=True, at_rest=at_rest)
            os.replace(tmp_analyst, analyst_path)
        os.replace(tmp_serving, serving_path)
        _fsync_dir(serving_path.parent)
    finally:
        for tmp in (tmp_serving, tmp_analyst):
            tmp.unlink(missing_ok=True)
            tmp.with_name(tmp.name + ".wal").unlink(missing_ok=True)
    return PublishResult(
        serving_path=serving_path,
        tables=tables,
        views=views,
        bytes=serving_path.stat().st_size,
        seconds=time.perf_counter() - started,
        analyst_path=analyst_path if analyst else None,
        analyst_tables=a_tables,
        analyst_views=a_views,
        analyst_bytes=analyst_path.stat().st_size if analyst else 0,
    )
