"""Read-only access to the published serving copy.

Pages never open the build's warehouse and never read `raw`: only the schemas below, through
short-lived read-only connections (DuckDB allows many readers of a file nobody writes).
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from ingest import encryption
from ingest.settings import load_settings

READABLE_SCHEMAS: tuple[str, ...] = ("marts", "ml", "ops", "analyst")


class NotBuilt(LookupError):
    """A table a page needs is not in the serving copy yet (or there is no serving copy)."""

    def __init__(self, missing: list[str]) -> None:
        super().__init__(", ".join(missing))
        self.missing = missing


def serving_path() -> Path:
    return load_settings().serving_path


@contextmanager
def connect(path: Path | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    path = path or serving_path()
    if not Path(path).is_file():
        raise NotBuilt([str(path)])
    con = encryption.connect(path, read_only=True)
    try:
        yield con
    finally:
        con.close()


# Per read-only connection: pages check their tables before every query, and the catalog of a
# file nobody may write does not change while the connection is open.
_TABLES: weakref.WeakKeyDictionary[duckdb.DuckDBPyConnection, frozenset[str]] = (
    weakref.WeakKeyDictionary()
)
_FOUND: weakref.WeakKeyDictionary[duckdb.DuckDBPyConnection, dict[str, bool]] = (
    weakref.WeakKeyDictionary()
)


def _read_only(con: duckdb.DuckDBPyConnection) -> bool:
    return con.execute("select current_setting('access_mode')").fetchone()[0] == "read_only"


def existing_tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    """`schema.table` of every table and view a page may read."""
    cached = _TABLES.get(con)
    if cached is not None:
        return set(cached)
    rows = con.execute(
        "select schema_name || '.' || table_name from duckdb_tables() union all "
        "select schema_name || '.' || view_name from duckdb_views() where not internal"
    ).fetchall()
    tables = frozenset(r[0] for r in rows if r[0].split(".")[0] in READABLE_SCHEMAS)
    if _read_only(con):
        _TABLES[con] = tables
    return set(tables)


def has_table(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    """Whether `schema.table` (a table or view of a readable schema) exists. Looks up the one
    name: listing the catalog costs several times more on a fresh connection."""
    schema, name = table.split(".")
    if schema not in READABLE_SCHEMAS:
        return False
    found = _FOUND.get(con)
    if found is not None and table in found:
        return found[table]
    try:
        con.execute(f'select * from "{schema}"."{name}" limit 0')
        exists = True
    except duckdb.CatalogException:
        exists = False
    if found is None and _read_only(con):
        found = _FOUND.setdefault(con, {})
    if found is not None:
        found[table] = exists
    return exists


def require(con: duckdb.DuckDBPyConnection, *tables: str) -> None:
    """Raise NotBuilt naming every table that is absent."""
    for table in tables:
        if table.split(".")[0] not in READABLE_SCHEMAS:
            raise ValueError(f"pages may not read {table}")
    missing = [t for t in tables if not has_table(con, t)]
    if missing:
        raise NotBuilt(missing)


def columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    schema, name = table.split(".")
    rows = con.execute(
        "select column_name from duckdb_columns() where schema_name = ? and table_name = ? "
        "order by column_index",
        [schema, name],
    ).fetchall()
    return [r[0] for r in rows]
