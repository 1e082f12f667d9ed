"""What the engine tests share: whether an engine may be skipped, the marts to compare, and the
comparison itself."""

from __future__ import annotations

import os

import polars as pl
import pytest
from mart_checksums import MART_SCHEMAS, differences, fingerprint
from warehouse_build import Enterprise


def engines_required() -> bool:
    """In CI (`CI` set, or `.ci/run`'s TALENTLOOP_REQUIRE_ENGINES=1) an engine that cannot run
    fails the suite instead of skipping."""
    return bool(os.environ.get("TALENTLOOP_REQUIRE_ENGINES") or os.environ.get("CI"))


def skip_or_fail(reason: str) -> None:
    if engines_required():
        pytest.fail(f"engine required in CI: {reason}")
    pytest.skip(reason)


def mart_names(e: Enterprise) -> list[str]:
    """`schema.table` of every mart (tables and views) the DuckDB build made."""
    schemas = ", ".join(f"'{s}'" for s in MART_SCHEMAS)
    rows = e.query(
        "select table_schema || '.' || table_name as name from information_schema.tables "
        f"where table_schema in ({schemas}) order by 1"
    )
    return rows["name"].to_list()


def assert_marts_equal(e: Enterprise, engine: str, read: dict[str, pl.DataFrame]) -> None:
    """Every mart of the DuckDB build has the same row count and checksum on `engine`."""
    names = mart_names(e)
    assert len(names) > 30, names  # the star schema, features, dashboard and analyst marts
    mismatched = []
    for name in names:
        expected = e.query(f"select * from {name}")
        assert name in read, f"{engine} has no {name}"
        want, got = fingerprint(expected), fingerprint(read[name])
        if want != got:
            mismatched.append(
                f"{name}: duckdb {want.rows} rows, {engine} {got.rows} rows\n"
                + differences(expected, read[name])
            )
    assert not mismatched, f"{len(mismatched)} marts differ on {engine}:\n" + "\n".join(mismatched)
