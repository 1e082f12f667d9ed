"""Analysts on a PostgreSQL warehouse: a pseudonymised copy of the analyst schema and a role that
may read only that copy (issue 17; docs/scale-out.md, "Analysts on PostgreSQL").

dbt's `analyst` schema holds the analyst relations as views whose `*_pid` columns still carry the
IDs in clear (the pseudonym key never reaches dbt, models/analyst/). After the build this step
writes, in one transaction:

- `analyst_pseudonymised`: every analyst relation as a table, each `*_pid` replaced by the same
  HMAC-SHA256 pseudonym `analyst.duckdb` holds (ingest/pseudonyms.py). The hashes are computed
  here in Python from the distinct IDs and sent back with COPY, so the key never reaches the
  server: no SQL text, server log or `pg_stat_statements` entry can hold it. The relations
  analyst.duckdb keeps as views (analyst_file.KEPT_AS_VIEWS: the monthly snapshot) are views
  here too, over the pseudonymised tables. Columns that identify a person fail the step.
- `talentloop_analyst`, a role without login granted usage on that schema and select on its
  relations only; analysts log in as their own roles, members of it. Nothing is granted on
  `raw`, `marts`, `analyst` or any other schema, so those are refused. The views of the copy
  run with the owner's rights over the copy's own tables, never over `marts`.

The previous copy is replaced only when the new one is complete (built under a temporary name,
then renamed), so a failure leaves analysts the last good one.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from ingest.pseudonyms import pseudonym
from orchestration import analyst_file

SOURCE_SCHEMA = analyst_file.SCHEMA  # dbt's analyst views, IDs in clear
SCHEMA = "analyst_pseudonymised"
ROLE = "talentloop_analyst"
_NEW = f"{SCHEMA}__new"
_PIDS = "__analyst_pids"


@dataclass(frozen=True)
class AnalystSchema:
    schema: str
    role: str
    tables: int
    views: int
    pseudonyms: int


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _relations(cur: Any) -> dict[str, list[str]]:
    """dbt's analyst relations with their columns, in order."""
    cur.execute(
        "select table_name, column_name from information_schema.columns "
        "where table_schema = %s order by table_name, ordinal_position",
        (SOURCE_SCHEMA,),
    )
    found: dict[str, list[str]] = {}
    for table, column in cur.fetchall():
        found.setdefault(table, []).append(column)
    return found


def _load_pseudonyms(cur: Any, relations: dict[str, list[str]], key: bytes) -> int:
    """Every distinct ID of the `*_pid` columns and its pseudonym, into a temporary table."""
    ids = [
        f"select {_ident(c)}::text as id from {SOURCE_SCHEMA}.{_ident(t)}"
        for t, columns in relations.items()
        if t not in analyst_file.KEPT_AS_VIEWS
        for c in columns
        if c.endswith(analyst_file.PID_SUFFIX)
    ]
    cur.execute(f"create temporary table {_PIDS} (id text primary key, pid text not null)")
    if not ids:
        return 0
    cur.execute(f"select id from ({' union '.join(ids)}) as ids where id is not null")
    buffer = io.StringIO()
    # Every field quoted: an empty ID stays an empty text (COPY reads an unquoted empty as NULL).
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\n")
    count = 0
    for (value,) in cur.fetchall():
        writer.writerow((value, pseudonym(value, key)))
        count += 1
    buffer.seek(0)
    cur.copy_expert(f"copy {_PIDS} (id, pid) from stdin with (format csv)", buffer)
    return count


def _copy_table(cur: Any, table: str, columns: list[str]) -> None:
    select, joins = [], []
    for column in columns:
        if column.endswith(analyst_file.PID_SUFFIX):
            alias = f"p{len(joins)}"
            select.append(f"{alias}.pid as {_ident(column)}")
            joins.append(f"left join {_PIDS} as {alias} on {alias}.id = src.{_ident(column)}::text")
        else:
            select.append(f"src.{_ident(column)}")
    cur.execute(
        f"create table {_NEW}.{_ident(table)} as select {', '.join(select)} "
        f"from {SOURCE_SCHEMA}.{_ident(table)} as src {' '.join(joins)}"
    )


def _copy_view(cur: Any, view: str) -> None:
    """The view's own definition, its relations resolved in the new schema instead of dbt's:
    printed with dbt's schema on the search path, names come out unqualified."""
    cur.execute(f"set local search_path = {SOURCE_SCHEMA}")
    cur.execute("select pg_get_viewdef(%s::regclass)", (f"{SOURCE_SCHEMA}.{_ident(view)}",))
    definition = cur.fetchone()[0]
    cur.execute(f"set local search_path = {_NEW}")
    cur.execute(f"create view {_ident(view)} as {definition}")
    cur.execute("reset search_path")


def _check_no_identifiers(cur: Any) -> None:
    cur.execute(
        "select table_name || '.' || column_name from information_schema.columns "
        "where table_schema = %s and column_name = any(%s) order by 1",
        (_NEW, sorted(analyst_file.FORBIDDEN_COLUMNS)),
    )
    found = [name for (name,) in cur.fetchall()]
    if found:
        raise analyst_file.AnalystFileError(
            f"the analyst schema would hold identifying columns: {', '.join(found)}"
        )


def _grant(cur: Any) -> None:
    cur.execute("select 1 from pg_roles where rolname = %s", (ROLE,))
    if cur.fetchone() is None:
        cur.execute(f"create role {ROLE} nologin")
    cur.execute(f"grant usage on schema {SCHEMA} to {ROLE}")
    cur.execute(f"grant select on all tables in schema {SCHEMA} to {ROLE}")


def publish_analyst_schema(pg: Any, key: bytes) -> AnalystSchema:
    """Write the pseudonymised analyst schema and grant the analyst role on it (one commit).

    `pg` is an open psycopg2 connection of the warehouse's owner (the dbt user)."""
    with pg.cursor() as cur:
        relations = _relations(cur)
        if not relations:
            raise RuntimeError(f"no {SOURCE_SCHEMA} schema: run the dbt build on PostgreSQL first")
        count = _load_pseudonyms(cur, relations, key)
        cur.execute(f"drop schema if exists {_NEW} cascade; create schema {_NEW}")
        views = [t for t in relations if t in analyst_file.KEPT_AS_VIEWS]
        for table, columns in relations.items():
            if table not in analyst_file.KEPT_AS_VIEWS:
                _copy_table(cur, table, columns)
        for view in views:
            _copy_view(cur, view)
        _check_no_identifiers(cur)
        cur.execute(f"drop schema if exists {SCHEMA} cascade")
        cur.execute(f"alter schema {_NEW} rename to {SCHEMA}")
        _grant(cur)
        cur.execute(f"drop table {_PIDS}")
    pg.commit()
    return AnalystSchema(SCHEMA, ROLE, len(relations) - len(views), len(views), count)
