"""A real serving copy built from a small generated enterprise with `talentloop build`'s own
code (`orchestration.build.run_build`: ingest, dbt, models, checks, publish). Should that build
not publish, the copy is built the plain way (ingest -> dbt -> publish) so the dashboards are
still tested on real marts, and the test output says so."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import duckdb

from ingest.generator import generate
from ingest.load import load_landing
from ingest.settings import DBT_PROJECT_DIR, PROJECT_ROOT, load_settings
from orchestration.build import run_build
from orchestration.publish import publish
from tests.dashboard.conftest import write_users

DBT = PROJECT_ROOT / ".venv" / "bin" / "dbt"


def build_home(home: Path, employees: int = 300, seed: int = 3) -> Path:
    landing = home / "landing"
    generate(landing, employees, seed=seed)
    try:
        result = run_build(load_settings(home, landing))
        published, why = result.published, f"failed steps: {result.failed_steps}"
    except Exception as error:  # another area's definitions failing to load
        published, why = False, repr(error)
    if not published:
        print(f"run_build did not publish ({why}); building the plain way")
        _plain_build(home, landing)
    write_users(home / "users.toml")
    return home


def _plain_build(home: Path, landing: Path) -> None:
    warehouse = home / "warehouse.duckdb"
    warehouse.unlink(missing_ok=True)
    con = duckdb.connect(str(warehouse))
    try:
        load_landing(con, landing, load_id="dashboard-test")
    finally:
        con.close()
    env = dict(os.environ, TALENTLOOP_WAREHOUSE=str(warehouse))
    # dbt's exit code is not checked here: a failing test in another area must not hide the
    # dashboards' own failures; the tests assert on the marts they read.
    subprocess.run(
        [
            str(DBT),
            "build",
            "--project-dir",
            str(DBT_PROJECT_DIR),
            "--profiles-dir",
            str(DBT_PROJECT_DIR),
            "--target-path",
            str(home / "dbt_target"),
            "--quiet",
        ],
        env=env,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    publish(warehouse, home / "serving.duckdb")
