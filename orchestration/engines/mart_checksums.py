"""Engine-neutral fingerprints of the marts, to prove that two engines built the same warehouse.

Each mart is read whole into polars and every column is written as text the same way whatever
the engine returned (floats and decimals rounded, dates ISO, booleans lower case,
timestamps with a zone as UTC wall-clock); the
fingerprint is the row count and an order-independent checksum over the rows. Every column takes
part, so a silent divergence anywhere (an ID cleaned differently, a month counted differently)
changes it."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass

import duckdb
import polars as pl

# The schemas of the star schema build that readers see (the people/pilot marts need ml.*).
MART_SCHEMAS = ("marts", "analyst")
FLOAT_DECIMALS = 6


@dataclass(frozen=True)
class Fingerprint:
    rows: int
    checksum: str


def as_text(frame: pl.DataFrame) -> pl.DataFrame:
    """Every column as comparable text; column names lower case (Spark and PostgreSQL fold)."""
    columns = []
    for name, dtype in frame.schema.items():
        col = pl.col(name)
        if dtype.is_float() or dtype.is_decimal():
            col = col.cast(pl.Float64).round(FLOAT_DECIMALS)
            # -0.0 (a tiny negative rounded) prints with a sign: make every zero one zero.
            col = pl.when(col == 0).then(0.0).otherwise(col).cast(pl.String)
        elif isinstance(dtype, pl.Datetime) and dtype.time_zone is not None:
            # Spark returns its timestamps as UTC instants; raw's are UTC wall-clock.
            col = col.dt.convert_time_zone("UTC").dt.replace_time_zone(None).cast(pl.String)
        elif dtype == pl.Boolean:
            col = col.cast(pl.String).str.to_lowercase()
        else:
            col = col.cast(pl.String)
        columns.append(col.alias(name.lower()))
    return frame.select(columns).select(sorted(c.lower() for c in frame.columns))


def fingerprint(frame: pl.DataFrame) -> Fingerprint:
    text = as_text(frame)
    digests = sorted(
        hashlib.sha256("\x1f".join("\x00" if v is None else v for v in row).encode()).hexdigest()
        for row in text.iter_rows()
    )
    return Fingerprint(text.height, hashlib.sha256("".join(digests).encode()).hexdigest())


def differences(expected: pl.DataFrame, got: pl.DataFrame, limit: int = 5) -> str:
    """A few rows each side has that the other lacks, for the failure message."""
    a, b = as_text(expected), as_text(got)
    if a.columns != b.columns:
        return f"columns differ: {a.columns} vs {b.columns}"
    only_a = a.join(b, on=a.columns, how="anti", nulls_equal=True).head(limit)
    only_b = b.join(a, on=a.columns, how="anti", nulls_equal=True).head(limit)
    return f"only in expected:\n{only_a}\nonly in engine:\n{only_b}"


def mart_names(con: duckdb.DuckDBPyConnection) -> list[str]:
    """`schema.table` of every mart (tables and views) of a DuckDB build."""
    rows = con.execute(
        "select table_schema || '.' || table_name from information_schema.tables "
        "where list_contains($schemas, table_schema) order by 1",
        {"schemas": list(MART_SCHEMAS)},
    ).fetchall()
    return [name for (name,) in rows]


def mismatches(
    con: duckdb.DuckDBPyConnection,
    engine: str,
    read: Mapping[str, pl.DataFrame],
    names: list[str] | None = None,
) -> list[str]:
    """Every mart of the DuckDB build (`con`; `names`, default all) that `read` (the engine's, by
    `schema.table`) lacks or holds with another row count or checksum, with differing rows."""
    found = []
    for name in names or mart_names(con):
        if name not in read:
            found.append(f"{engine} has no {name}")
            continue
        expected = con.sql(f"select * from {name}").pl()
        want, got = fingerprint(expected), fingerprint(read[name])
        if want != got:
            found.append(
                f"{name}: duckdb {want.rows} rows, {engine} {got.rows} rows\n"
                + differences(expected, read[name])
            )
    return found
