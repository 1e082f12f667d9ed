"""Serving after a build on another engine: the engine's marts copied back into DuckDB, then
published as always (`talentloop publish --from-engine postgres|spark`).

The dashboards, the report and the analyst file read DuckDB files through one data layer with
its privacy classes (dashboards/data/). Rather than teach every page's SQL a second dialect, the
engine's `marts` and `analyst` relations are copied into a fresh DuckDB file (the mirror) beside
what the home's own warehouse holds that no engine builds (`raw`'s ledger and quarantine, `ops`,
the models' `ml`), and `orchestration.publish.publish` writes `serving.duckdb` and
`analyst.duckdb` from the mirror exactly as after a DuckDB build: fresh files, pseudonyms under
the key, the identifier check, one atomic swap each.

- PostgreSQL: each relation leaves as CSV (`COPY ... TO STDOUT`) and DuckDB reads it with the
  column types mapped from the catalog, so a NULL, an empty text and a float's digits survive.
- Spark: `spark_build` already exports every mart as Parquet; DuckDB reads those, with Spark's
  UTC instants turned back into the UTC wall-clock timestamps the DuckDB build has.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from orchestration.publish import DROPPED_TABLES, SERVED_SCHEMAS, PublishResult, publish

ENGINE_SCHEMAS = ("marts", "analyst")  # what the dbt build on the engine makes
# The home's own schemas the serving copy takes beside the engine's (the ingest's and models').
LOCAL_SCHEMAS = tuple(s for s in SERVED_SCHEMAS if s not in ENGINE_SCHEMAS)
MIRROR_NAME = "engine_mirror.duckdb"

# PostgreSQL's information_schema data_type -> the DuckDB type the serving copy stores.
# numeric (what PostgreSQL's avg and division give) becomes DOUBLE, as DuckDB computes them.
DUCKDB_TYPES = {
    "text": "VARCHAR",
    "character varying": "VARCHAR",
    "character": "VARCHAR",
    "smallint": "SMALLINT",
    "integer": "INTEGER",
    "bigint": "BIGINT",
    "numeric": "DOUBLE",
    "double precision": "DOUBLE",
    "real": "FLOAT",
    "boolean": "BOOLEAN",
    "date": "DATE",
    "timestamp without time zone": "TIMESTAMP",
    "timestamp with time zone": "TIMESTAMPTZ",
}

Copier = Callable[[duckdb.DuckDBPyConnection], list[str]]


@dataclass(frozen=True)
class EngineCopy:
    mirror: Path
    engine_relations: list[str]
    local_tables: list[str]
    published: PublishResult


class EngineCopyError(RuntimeError):
    """The engine holds nothing to publish; the published files are kept."""


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _copy_local(con: duckdb.DuckDBPyConnection, warehouse: Path) -> list[str]:
    """The home warehouse's own schemas (LOCAL_SCHEMAS) into the mirror, less what publish drops."""
    con.execute(f"attach '{warehouse}' as __local (read_only)")
    rows = con.execute(
        "select schema_name, table_name from duckdb_tables() where database_name = '__local' "
        "and list_contains($schemas, schema_name) union all "
        "select schema_name, view_name from duckdb_views() where database_name = '__local' "
        "and list_contains($schemas, schema_name) order by 1, 2",
        {"schemas": list(LOCAL_SCHEMAS)},
    ).fetchall()
    copied = []
    for schema, name in rows:
        if (schema, name) in DROPPED_TABLES:
            continue
        con.execute(f"create schema if not exists {_quote(schema)}")
        con.execute(
            f"create table {_quote(schema)}.{_quote(name)} as "
            f"select * from __local.{_quote(schema)}.{_quote(name)}"
        )
        copied.append(f"{schema}.{name}")
    con.execute("detach __local")
    return copied


def postgres_copier(pg: Any) -> Copier:
    """Copies every relation of the engine schemas of the PostgreSQL warehouse `pg` (an open
    psycopg2 connection) into the mirror."""

    def copy(con: duckdb.DuckDBPyConnection) -> list[str]:
        with pg.cursor() as cur:
            cur.execute(
                "select table_schema, table_name, column_name, data_type "
                "from information_schema.columns where table_schema = any(%s) "
                "order by table_schema, table_name, ordinal_position",
                (list(ENGINE_SCHEMAS),),
            )
            relations: dict[tuple[str, str], dict[str, str]] = {}
            for schema, table, column, data_type in cur.fetchall():
                if data_type not in DUCKDB_TYPES:
                    raise ValueError(f"{schema}.{table}.{column}: no DuckDB type for {data_type}")
                relations.setdefault((schema, table), {})[column] = DUCKDB_TYPES[data_type]
            with tempfile.TemporaryDirectory() as tmp:
                for (schema, table), columns in relations.items():
                    path = Path(tmp) / "relation.csv"
                    with open(path, "w", encoding="utf-8") as fh:
                        cur.copy_expert(
                            f"copy (select * from {_quote(schema)}.{_quote(table)}) "
                            "to stdout with (format csv, header)",
                            fh,
                        )
                    con.execute(f"create schema if not exists {_quote(schema)}")
                    # PostgreSQL writes NULL unquoted and an empty text as "": keep them apart.
                    con.execute(
                        f"create table {_quote(schema)}.{_quote(table)} as select * from "
                        "read_csv($path, header = true, columns = $columns, "
                        "allow_quoted_nulls = false, auto_detect = false)",
                        {"path": str(path), "columns": columns},
                    )
        return [f"{s}.{t}" for s, t in relations]

    return copy


def spark_copier(marts_dir: Path) -> Copier:
    """Copies the `<schema>.<name>.parquet` files `spark_build` exported into the mirror."""

    def copy(con: duckdb.DuckDBPyConnection) -> list[str]:
        # Spark writes timestamps as UTC instants; the DuckDB build's are UTC wall-clock.
        con.execute("set TimeZone = 'UTC'")
        names = []
        for path in sorted(marts_dir.glob("*.parquet")):
            schema, table = path.stem.split(".", 1)
            if schema not in ENGINE_SCHEMAS:
                continue
            kinds = con.execute(
                "select column_name, column_type from (describe select * from read_parquet($p))",
                {"p": str(path)},
            ).fetchall()
            select = ", ".join(
                f"cast({_quote(c)} as timestamp) as {_quote(c)}"
                if t == "TIMESTAMP WITH TIME ZONE"
                else _quote(c)
                for c, t in kinds
            )
            con.execute(f"create schema if not exists {_quote(schema)}")
            con.execute(
                f"create table {_quote(schema)}.{_quote(table)} as "
                f"select {select} from read_parquet($p)",
                {"p": str(path)},
            )
            names.append(f"{schema}.{table}")
        return names

    return copy


def publish_from_engine(
    warehouse: Path,
    serving_path: Path,
    copier: Copier,
    *,
    analyst_path: Path | None = None,
    key: bytes | None = None,
) -> EngineCopy:
    """Write the mirror (the engine's relations and the home's own schemas) fresh beside the
    warehouse, then publish the serving copy and analyst file from it."""
    mirror = Path(warehouse).with_name(MIRROR_NAME)
    tmp = mirror.with_name(f".{mirror.stem}.writing-{os.getpid()}.duckdb")
    tmp.unlink(missing_ok=True)
    try:
        con = duckdb.connect(str(tmp))
        try:
            engine = copier(con)
            if not any(name.startswith("marts.") for name in engine):
                raise EngineCopyError("the engine holds no marts: run its dbt build there first")
            local = _copy_local(con, Path(warehouse))
            con.execute("checkpoint")
        finally:
            con.close()
    except BaseException:
        tmp.unlink(missing_ok=True)  # a failed copy leaves no half-written mirror behind
        raise
    os.replace(tmp, mirror)
    published = publish(mirror, serving_path, analyst_path=analyst_path, key=key)
    return EngineCopy(mirror, engine, local, published)
