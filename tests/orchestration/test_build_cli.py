"""`talentloop build` end to end on a small generated enterprise: summary, exit code, publish,
and a build killed midway that leaves the published copy untouched."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from ingest.contract import SOURCES
from sample_enterprise import generate

TALENTLOOP = [sys.executable, "-m", "orchestration.cli"]


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TALENTLOOP_")}
    return {**env, "TALENTLOOP_HOME": str(home), "COLUMNS": "200"}


@pytest.fixture(scope="module")
def landing(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("landing")
    generate(out, 300, seed=5)
    return out


@pytest.fixture(scope="module")
def published(
    tmp_path_factory: pytest.TempPathFactory, landing: Path
) -> tuple[Path, subprocess.CompletedProcess]:
    home = tmp_path_factory.mktemp("home")
    proc = subprocess.run(
        [*TALENTLOOP, "build", "--landing", str(landing), "--home", str(home)],
        capture_output=True,
        text=True,
        env=_env(home),
        timeout=1800,
    )
    return home, proc


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_build_prints_a_summary_and_publishes(published, landing: Path) -> None:
    home, proc = published
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    for name in SOURCES:
        assert name in proc.stdout
    assert "published" in proc.stdout and "checks:" in proc.stdout
    # A short summary; dbt's and Dagster's hundreds of lines are in the log it names.
    lines = proc.stdout.splitlines()
    assert len(lines) <= 25, proc.stdout
    logs = list((home / "logs").glob("build-*.log"))
    assert len(logs) == 1 and f"detail: {logs[0]}" in proc.stdout
    log = logs[0].read_text(encoding="utf-8")
    assert "Running with dbt=" in log and " of " in log  # dbt's own progress lines
    assert "dbt=" not in proc.stdout and "dagster - " not in proc.stdout + proc.stderr
    for name in SOURCES:  # every source's files and rows, or that an optional one sent none
        assert f"\n{name} | " in log or f"no data {name} (optional)" in log, name
    assert log.count("check passed ") + log.count("check FAILED ") >= 100
    # Every failing check says why; the sample's planted defects are named as such.
    failed = [line for line in log.splitlines() if line.startswith("check FAILED ")]
    assert failed and not [line for line in failed if line.endswith("no description")]
    assert "expected in the sample:" in log
    assert "expected in the sample" in proc.stdout
    con = duckdb.connect(str(home / "serving.duckdb"), read_only=True)
    try:
        balance = con.execute(
            "select source, sum(rows_read), sum(rows_loaded), sum(rows_quarantined) "
            "from raw.load_manifest group by source"
        ).fetchall()
        headcount = con.execute("select count(*) from marts.fct_headcount_monthly").fetchall()[0][0]
    finally:
        con.close()
    delivered = {p.name for p in landing.iterdir() if p.is_dir() and not p.name.startswith("_")}
    assert {s for s, *_ in balance} == delivered  # every delivered source, nothing else
    assert all(read == loaded + quarantined for _, read, loaded, quarantined in balance)
    assert headcount > 0


def test_build_runs_data_tests_and_leaves_unit_tests_to_the_test_suite(published) -> None:
    # Unit tests run in tests/warehouse (DuckDB and PostgreSQL); a build checks the data only.
    home, proc = published
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    for step in ("warehouse_models", "model_marts"):
        results = json.loads((home / "dbt_target" / step / "run_results.json").read_text())
        kinds = {r["unique_id"].split(".")[0] for r in results["results"]}
        assert {"model", "test"} <= kinds and "unit_test" not in kinds, step


def test_build_killed_midway_keeps_the_published_copy(published, landing: Path) -> None:
    home, proc = published
    assert proc.returncode == 0
    serving = home / "serving.duckdb"
    before = _sha(serving)
    # New data arrives, the next build starts and is killed while dbt is building.
    extra = landing.parent / f"{landing.name}-more"
    generate(extra, 320, seed=6)
    build = subprocess.Popen(
        [*TALENTLOOP, "build", "--landing", str(extra), "--home", str(home)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=_env(home),
        start_new_session=True,
    )
    dbt_started = home / "dbt_target" / "warehouse_models"
    deadline = time.monotonic() + 900
    while not dbt_started.exists() and build.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert build.poll() is None, "the build ended before it could be killed"
    os.killpg(build.pid, signal.SIGKILL)
    build.wait()
    assert _sha(serving) == before
    con = duckdb.connect(str(serving), read_only=True)
    try:
        assert con.execute("select count(*) from marts.dim_employee").fetchall()[0][0] > 0
    finally:
        con.close()
