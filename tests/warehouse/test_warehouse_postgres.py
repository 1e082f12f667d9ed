"""The same dbt project on PostgreSQL (Debian's server, started here on a free loopback port),
built from the DuckDB build's raw data and compared mart by mart with the DuckDB build."""

from __future__ import annotations

import time
from pathlib import Path

import polars as pl
import pytest
from engines import assert_marts_equal, mart_names, skip_or_fail
from postgres_server import postgres_bin, postgres_server
from warehouse_build import Enterprise, build_star_schema

from orchestration.engines.raw_transfer import copy_raw_to_postgres

pytestmark = pytest.mark.slow


def read_postgres(server, names: list[str]) -> dict[str, pl.DataFrame]:
    frames = {}
    with server.connect() as pg, pg.cursor() as cur:
        for name in names:
            cur.execute(f"select * from {name}")
            columns = [d.name for d in cur.description]
            frames[name] = pl.DataFrame(
                cur.fetchall(), schema=columns, orient="row", infer_schema_length=None
            )
    return frames


def test_postgres_build_equals_duckdb(enterprise: Enterprise, tmp_path: Path) -> None:
    bin_dir = postgres_bin()
    if bin_dir is None:
        skip_or_fail("PostgreSQL is not installed (make install-engines)")
    with postgres_server(bin_dir) as server:
        started = time.perf_counter()
        with enterprise.connect() as con, server.connect() as pg:
            copied = copy_raw_to_postgres(con, pg)
            raw_rows = {
                t: con.execute(f"select count(*) from raw.{t}").fetchone()[0] for t in copied
            }
        assert copied == raw_rows
        engine = {"TALENTLOOP_DBT_TARGET": "postgres", **server.env()}
        done = build_star_schema(enterprise.warehouse, tmp_path / "target", engine)
        print(f"postgres: raw copy and dbt build {time.perf_counter() - started:.1f} s")
        assert done.returncode == 0, done.stdout[-5000:]
        assert_marts_equal(enterprise, "postgres", read_postgres(server, mart_names(enterprise)))
