"""The same dbt project on PostgreSQL (Debian's server, started here on a free loopback port),
built from the DuckDB build's raw data and compared mart by mart with the DuckDB build; then
what readers get from it: the analyst role (pseudonymised schema only) and the serving copy
published from the engine, whose page figures must equal those served from the DuckDB build."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import polars as pl
import psycopg2
import pytest
from engines import KEY, assert_marts_equal, assert_same_served, mart_names, skip_or_fail
from postgres_server import PostgresServer, postgres_bin, postgres_server
from psycopg2 import errors
from warehouse_build import Enterprise, build_star_schema

from orchestration import analyst_file
from orchestration.engines.mart_checksums import fingerprint
from orchestration.engines.postgres_analyst import ROLE, SCHEMA, publish_analyst_schema
from orchestration.engines.raw_transfer import copy_raw_to_postgres
from orchestration.engines.serving_copy import postgres_copier, publish_from_engine

pytestmark = pytest.mark.slow


def read_postgres(server: PostgresServer, names: list[str]) -> dict[str, pl.DataFrame]:
    frames = {}
    with server.connect() as pg, pg.cursor() as cur:
        for name in names:
            cur.execute(f"select * from {name}")
            columns = [d.name for d in cur.description]
            frames[name] = pl.DataFrame(
                cur.fetchall(), schema=columns, orient="row", infer_schema_length=None
            )
    return frames


@pytest.fixture(scope="module")
def postgres_build(enterprise: Enterprise, tmp_path_factory: pytest.TempPathFactory):
    """The enterprise's raw copied into a fresh PostgreSQL server and built there with dbt."""
    bin_dir = postgres_bin()
    if bin_dir is None:
        skip_or_fail("PostgreSQL is not installed (make engines)")
    with postgres_server(bin_dir) as server:
        started = time.perf_counter()
        with enterprise.connect() as con, server.connect() as pg:
            copied = copy_raw_to_postgres(con, pg)
            raw_rows = {
                t: con.execute(f"select count(*) from raw.{t}").fetchone()[0] for t in copied
            }
        assert copied == raw_rows
        engine = {"TALENTLOOP_DBT_TARGET": "postgres", **server.env()}
        target = tmp_path_factory.mktemp("postgres") / "target"
        done = build_star_schema(enterprise.warehouse, target, engine)
        print(f"postgres: raw copy and dbt build {time.perf_counter() - started:.1f} s")
        assert done.returncode == 0, done.stdout[-5000:]
        yield server


def test_postgres_build_equals_duckdb(enterprise: Enterprise, postgres_build) -> None:
    assert_marts_equal(
        enterprise, "postgres", read_postgres(postgres_build, mart_names(enterprise))
    )


@pytest.fixture
def analyst_login(postgres_build: PostgresServer) -> Iterator:
    """A connection as an analyst: a login role that is a member of the project's role."""
    with postgres_build.connect() as pg, pg.cursor() as cur:
        assert publish_analyst_schema(pg, KEY).tables > 10
        cur.execute(f"drop role if exists alice; create role alice login in role {ROLE}")
        pg.commit()
    con = psycopg2.connect(
        host=postgres_build.host,
        port=postgres_build.port,
        user="alice",
        dbname=postgres_build.database,
    )
    con.autocommit = True
    try:
        yield con
    finally:
        con.close()


def test_analyst_role_reads_only_the_pseudonymised_schema(
    analyst_login, postgres_build: PostgresServer, duckdb_published: Path
) -> None:
    with postgres_build.connect() as pg, pg.cursor() as cur:
        cur.execute(
            "select table_name from information_schema.tables where table_schema = %s", (SCHEMA,)
        )
        relations = sorted(name for (name,) in cur.fetchall())
    assert "dim_employee" in relations and "fct_headcount_monthly" in relations
    analyst = duckdb.connect(
        str(duckdb_published.with_name(analyst_file.FILE_NAME)), read_only=True
    )
    with analyst_login.cursor() as cur:
        for name in relations:
            cur.execute(f"select * from {SCHEMA}.{name}")
            columns = [d.name for d in cur.description]
            got = pl.DataFrame(
                cur.fetchall(), schema=columns, orient="row", infer_schema_length=None
            )
            # The same rows and the same pseudonyms as analyst.duckdb, under the same key.
            assert fingerprint(got) == fingerprint(analyst.sql(f"select * from {name}").pl()), name
        # dbt's analyst views hold the IDs in clear; marts and raw hold names and national IDs.
        for refused in ("marts.dim_employee", "marts.fct_employment_events", "raw.hr_employees",
                        "raw.quarantine", "analyst.dim_employee"):  # fmt: skip
            with pytest.raises(errors.InsufficientPrivilege):
                cur.execute(f"select * from {refused} limit 1")
    analyst.close()


def test_serving_copy_from_postgres_shows_the_duckdb_figures(
    enterprise: Enterprise, postgres_build: PostgresServer, duckdb_published: Path, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    warehouse = home / "warehouse.duckdb"
    shutil.copyfile(enterprise.warehouse, warehouse)  # the home's ingest and ops
    with postgres_build.connect() as pg:
        done = publish_from_engine(warehouse, home / "serving.duckdb", postgres_copier(pg), key=KEY)
    assert len(done.engine_relations) == len(mart_names(enterprise))
    assert "raw.quarantine" in done.local_tables
    assert_same_served(duckdb_published, done.published.serving_path)
