"""The same dbt project on PostgreSQL, compared with the DuckDB build of the same raw data.

Opt-in: needs a PostgreSQL server, `psql`, and a dbt with the postgres adapter (not in the
project's requirements), named by environment variables:

    TALENTLOOP_TEST_PG_DBT=/path/to/venv/bin/dbt TALENTLOOP_PG_HOST=127.0.0.1 \
    TALENTLOOP_PG_PORT=5432 TALENTLOOP_PG_USER=talentloop TALENTLOOP_PG_DATABASE=talentloop \
    .venv/bin/python -m pytest tests/warehouse -m slow -k postgres
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import polars as pl
import pytest
from warehouse_build import EXCLUDE, Enterprise

from ingest.settings import DBT_PROJECT_DIR, PROJECT_ROOT

PG_DBT = os.environ.get("TALENTLOOP_TEST_PG_DBT")
PG_TYPES = {
    "VARCHAR": "text",
    "BIGINT": "bigint",
    "DOUBLE": "double precision",
    "BOOLEAN": "boolean",
    "DATE": "date",
    "TIMESTAMP": "timestamp",
}
AGGREGATES = """
select
    (select count(*) from marts.fct_headcount_monthly) as headcount_rows,
    (select count(*) from marts.dim_employee) as employee_versions,
    (select count(*) from marts.id_exceptions) as exceptions,
    (select count(*) from marts.fct_interview_scores) as scores,
    (select count(*) from marts.fct_employment_events) as events,
    (select min(employee_pid) from analyst.dim_employee) as first_pid
"""

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not PG_DBT or not shutil.which("psql"), reason="set TALENTLOOP_TEST_PG_DBT and PG env"
    ),
]


def psql(*args: str) -> None:
    env = os.environ
    cmd = [
        "psql",
        "-h",
        env.get("TALENTLOOP_PG_HOST", "localhost"),
        "-p",
        env.get("TALENTLOOP_PG_PORT", "5432"),
        "-U",
        env.get("TALENTLOOP_PG_USER", "talentloop"),
        "-d",
        env.get("TALENTLOOP_PG_DATABASE", "talentloop"),
        "-q",
        "-v",
        "ON_ERROR_STOP=1",
        *args,
    ]
    subprocess.run(cmd, check=True, capture_output=True)


def copy_raw_to_postgres(e: Enterprise, scratch: Path) -> None:
    with e.connect() as con:
        tables = [
            r[0]
            for r in con.execute(
                "select table_name from information_schema.tables where table_schema = 'raw'"
            ).fetchall()
        ]
        ddl = ["drop schema if exists raw cascade", "create schema raw"]
        for table in tables:
            cols = con.execute(
                "select column_name, data_type from information_schema.columns "
                "where table_schema = 'raw' and table_name = ? order by ordinal_position",
                [table],
            ).fetchall()
            ddl.append(
                f"create table raw.{table} ("
                + ", ".join(f'"{c}" {PG_TYPES[t]}' for c, t in cols)
                + ")"
            )
        psql("-c", ";\n".join(ddl))
        for table in tables:
            path = scratch / f"{table}.csv"
            con.execute(f"copy raw.{table} to '{path}' (header, delimiter ',')")
            psql("-c", f"\\copy raw.{table} from '{path}' with (format csv, header)")


def test_postgres_build_equals_duckdb(enterprise: Enterprise, tmp_path: Path) -> None:
    copy_raw_to_postgres(enterprise, tmp_path)
    env = dict(os.environ, TALENTLOOP_DBT_TARGET="postgres")
    done = subprocess.run(
        [
            str(PG_DBT),
            "build",
            "--exclude",
            *EXCLUDE,
            "--project-dir",
            str(DBT_PROJECT_DIR),
            "--profiles-dir",
            str(DBT_PROJECT_DIR),
            "--target-path",
            str(tmp_path / "target"),
            "--log-path",
            str(tmp_path / "target"),
        ],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout[-3000:]
    out = tmp_path / "aggregates.csv"
    psql("-c", f"\\copy ({' '.join(AGGREGATES.split())}) to '{out}' with (format csv, header)")
    expected = enterprise.query(AGGREGATES)
    got = pl.read_csv(out).cast(expected.schema)
    assert got.equals(expected)
