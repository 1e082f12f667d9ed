"""Read-only access to the published serving copy.

Pages never open the build's warehouse and never read `raw`: only the schemas below, through
short-lived read-only connections (DuckDB allows many readers of a file nobody writes).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

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
    con = duckdb.connect(str(path), read_only=True)
    try:
        yield con
    finally:
        con.close()


def existing_tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    """`schema.table` of every table and view a page may read."""
    rows = con.execute(
        "select schema_name || '.' || table_name from duckdb_tables() "
        "union all select schema_name || '.' || view_name from duckdb_views() where not internal"
    ).fetchall()
    return {r[0] for r in rows if r[0].split(".")[0] in READABLE_SCHEMAS}


def require(con: duckdb.DuckDBPyConnection, *tables: str) -> None:
    """Raise NotBuilt naming every table that is absent."""
    for table in tables:
        if table.split(".")[0] not in READABLE_SCHEMAS:
            raise ValueError(f"pages may not read {table}")
    have = existing_tables(con)
    missing = [t for t in tables if t not in have]
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
