"""What the engine tests share: whether an engine may be skipped, the marts to compare, and the
comparison itself (orchestration/engines/mart_checksums.py)."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pytest
from warehouse_build import Enterprise

from dashboards.pages import PAGES, page_figures
from dashboards.queries import Scope
from dashboards.serving import NotBuilt
from orchestration import analyst_file
from orchestration.engines import mart_checksums
from orchestration.engines.mart_checksums import fingerprint

# The pseudonym key of every file the engine tests publish (DuckDB's and the engines').
KEY = b"engine-tests-key-0123456789"


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
    with e.connect() as con:
        return mart_checksums.mart_names(con)


def assert_marts_equal(e: Enterprise, engine: str, read: dict[str, pl.DataFrame]) -> None:
    """Every mart of the DuckDB build has the same row count and checksum on `engine`."""
    names = mart_names(e)
    assert len(names) > 30, names  # the star schema, features, dashboard and analyst marts
    with e.connect() as con:
        mismatched = mart_checksums.mismatches(con, engine, read)
    assert not mismatched, f"{len(mismatched)} marts differ on {engine}:\n" + "\n".join(mismatched)


def figures_of(serving: Path) -> dict[str, pl.DataFrame]:
    """Every page's figures for the executive and an admin, by `page/role/figure`."""
    found = {}
    with duckdb.connect(str(serving), read_only=True) as con:
        for spec in PAGES:
            for role in ("executive", "admin"):
                if role not in spec.roles:
                    continue
                try:
                    shown = page_figures(con, spec.name, Scope(role=role))
                except NotBuilt as missing:  # the page says which tables it lacks
                    shown = {"not_built": pd.DataFrame({"table": missing.missing})}
                for name, frame in shown.items():
                    found[f"{spec.name}/{role}/{name}"] = pl.from_pandas(frame)
    return found


def assert_same_served(want: Path, got: Path) -> None:
    """Two published serving copies show the same page figures, and their analyst files hold
    the same relations with the same rows (pseudonyms included)."""
    expected, served = figures_of(want), figures_of(got)
    assert expected.keys() == served.keys()
    assert sum(len(frame) for frame in expected.values()) > 100
    differ = [n for n in expected if fingerprint(expected[n]) != fingerprint(served[n])]
    assert not differ, differ
    names = want.with_name(analyst_file.FILE_NAME), got.with_name(analyst_file.FILE_NAME)
    with (
        duckdb.connect(str(names[0]), read_only=True) as a,
        duckdb.connect(str(names[1]), read_only=True) as b,
    ):
        tables = [t for (t,) in a.execute("select table_name from duckdb_tables()").fetchall()]
        assert len(tables) > 10
        for table in tables:
            left, right = a.sql(f"select * from {table}").pl(), b.sql(f"select * from {table}").pl()
            assert fingerprint(left) == fingerprint(right), table
