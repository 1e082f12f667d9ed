"""Build a generated enterprise end to end for the warehouse tests: generate the landing, load it
into a fresh DuckDB file, run the real `dbt build` (and `dbt docs generate`) in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import polars as pl

from ingest.settings import DBT_PROJECT_DIR, PROJECT_ROOT
from orchestration.engines import STAR_SCHEMA_EXCLUDE as EXCLUDE

DBT = PROJECT_ROOT / ".venv" / "bin" / "dbt"


@dataclass(frozen=True)
class Enterprise:
    """A built warehouse and the truth it must reproduce."""

    landing: Path
    warehouse: Path
    target: Path
    employees: int
    seed: int
    as_of: date
    load_id: str
    build_seconds: float
    build: subprocess.CompletedProcess

    @property
    def truth(self) -> Path:
        return self.landing / "_truth"

    def truth_csv(self, name: str) -> pl.DataFrame:
        return pl.read_csv(self.truth / name, infer_schema=False)

    def connect(self) -> duckdb.DuckDBPyConnection:
        return duckdb.connect(str(self.warehouse), read_only=True)

    def query(self, sql: str) -> pl.DataFrame:
        with self.connect() as con:
            return con.sql(sql).pl()


def dbt_env(warehouse: Path, engine: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env["TALENTLOOP_WAREHOUSE"] = str(warehouse)
    env["TALENTLOOP_DBT_TARGET"] = "duckdb"
    env.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    env.update(engine or {})
    return env


def run_dbt(
    args: list[str], warehouse: Path, target: Path, engine: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """Run the dbt CLI on the project with the warehouse and target folder given; `engine`
    overrides the profile's variables (TALENTLOOP_DBT_TARGET and the engine's connection)."""
    cmd = [
        str(DBT),
        *args,
        "--project-dir",
        str(DBT_PROJECT_DIR),
        "--profiles-dir",
        str(DBT_PROJECT_DIR),
        "--target-path",
        str(target),
        "--log-path",
        str(target),
    ]
    return subprocess.run(
        cmd, cwd=PROJECT_ROOT, env=dbt_env(warehouse, engine), capture_output=True, text=True
    )


def build_star_schema(
    warehouse: Path, target: Path, engine: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    return run_dbt(["build", "--exclude", *EXCLUDE], warehouse, target, engine)


def build_enterprise(root: Path, employees: int, seed: int) -> Enterprise:
    from ingest.load import load_landing
    from sample_enterprise import generate

    landing = root / "landing"
    generate(landing, employees, seed=seed)
    config = json.loads((landing / "_truth" / "config.json").read_text())
    as_of = date.fromisoformat(str(config["as_of"]))
    warehouse = root / "warehouse.duckdb"
    load_id = "test-load-1"
    with duckdb.connect(str(warehouse)) as con:
        load_landing(con, landing, load_id=load_id, as_of=as_of)
    target = root / "dbt_target"
    started = time.perf_counter()
    build = build_star_schema(warehouse, target)
    seconds = time.perf_counter() - started
    return Enterprise(landing, warehouse, target, employees, seed, as_of, load_id, seconds, build)
