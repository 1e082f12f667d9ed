"""The same dbt project on Spark (dbt-spark's session method, pyspark local[2]), built from the
DuckDB build's raw data landed as Parquet, and compared mart by mart with the DuckDB build."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import polars as pl
import pytest
from engines import assert_marts_equal, mart_names, skip_or_fail
from warehouse_build import EXCLUDE, Enterprise

from orchestration.engines.raw_transfer import export_raw_to_parquet
from orchestration.engines.spark_build import run_in_process

pytestmark = pytest.mark.slow


def test_spark_build_equals_duckdb(enterprise: Enterprise, tmp_path: Path) -> None:
    if shutil.which("java") is None:
        skip_or_fail("no Java runtime for Spark (make engines)")
    with enterprise.connect() as con:
        files = export_raw_to_parquet(con, tmp_path / "raw")
    assert {f.stem for f in files.values()} >= {"hr_employees", "quarantine", "load_manifest"}
    out = tmp_path / "marts"
    started = time.perf_counter()
    done = run_in_process(tmp_path / "raw", out, ["build", "--exclude", *EXCLUDE])
    print(f"spark: dbt build and export {time.perf_counter() - started:.1f} s")
    assert done.returncode == 0, done.stdout[-5000:] + done.stderr[-2000:]
    read = {name: pl.read_parquet(out / f"{name}.parquet") for name in mart_names(enterprise)}
    assert_marts_equal(enterprise, "spark", read)
