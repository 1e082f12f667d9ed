"""Generate, load and dbt-build a small sample enterprise, then run the pilot assets on it."""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl

from ingest.settings import DBT_PROJECT_DIR, PROJECT_ROOT
from orchestration.defs import pilot
from orchestration.resources import WarehouseResource

DBT = PROJECT_ROOT / ".venv" / "bin" / "dbt"
PILOT_ASSETS = [
    pilot.ai_human_agreement,
    pilot.adverse_impact,
    pilot.satisfaction,
    pilot.integration_health,
    pilot.pilot_scorecard_history,
]


@dataclass(frozen=True)
class Built:
    root: Path
    landing: Path
    warehouse: Path
    as_of: date

    def truth(self, name: str) -> dict:
        return json.loads((self.landing / "_truth" / name).read_text())

    def query(self, sql: str) -> pl.DataFrame:
        con = duckdb.connect(str(self.warehouse), read_only=True)
        try:
            return con.sql(sql).pl()
        finally:
            con.close()

    def resource(self) -> WarehouseResource:
        return WarehouseResource(
            path=str(self.warehouse), landing=str(self.landing), home=str(self.root)
        )


def dbt(args: list[str], built: Built) -> subprocess.CompletedProcess:
    env = dict(os.environ, TALENTLOOP_WAREHOUSE=str(built.warehouse))
    env["TALENTLOOP_DBT_TARGET"] = "duckdb"
    cmd = [str(DBT), *args, "--project-dir", str(DBT_PROJECT_DIR)]
    cmd += ["--profiles-dir", str(DBT_PROJECT_DIR), "--target-path", str(built.root / "target")]
    result = subprocess.run(cmd, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    return result


def generate_and_load(root: Path, employees: int, seed: int, **params) -> Built:
    from ingest.load import load_landing
    from sample_enterprise import GeneratorParams, generate

    landing = root / "landing"
    generate(landing, employees, seed=seed, params=GeneratorParams(**params))
    config = json.loads((landing / "_truth" / "config.json").read_text())
    as_of = date.fromisoformat(str(config["as_of"]))
    built = Built(root, landing, root / "warehouse.duckdb", as_of)
    con = duckdb.connect(str(built.warehouse))
    try:
        load_landing(con, landing, load_id="pilot-load-1", as_of=as_of)
    finally:
        con.close()
    return built


def run_pilot(built: Built, assets: list | None = None) -> dg.ExecuteInProcessResult:
    result = dg.materialize(assets or PILOT_ASSETS, resources={"warehouse": built.resource()})
    assert result.success
    return result
