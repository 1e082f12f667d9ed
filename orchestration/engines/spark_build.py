"""Build the dbt project on Spark from raw landed as Parquet, and export the marts as Parquet.

    python -m orchestration.engines.spark_build --raw DIR --out DIR [--master spark://HOST:PORT]
        [--event-log DIR] [-- dbt arguments]

One process holds the Spark session: it registers the raw Parquet files as `raw.*`, runs
`dbt build` in-process (dbt-spark's session method finds the session already started and
reuses it), then writes every table and view of the mart schemas to `<out>/<schema>.<name>.parquet`,
the serving copy a reader would take from the engine. The catalog lives in this process only
(in-memory, no Hive metastore to set up): the Parquet files are what outlives it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

DEFAULT_MASTER = "local[2]"
MART_SCHEMAS = ("marts", "analyst")


def cluster_conf(master: str, event_log: Path | None) -> dict[str, str]:
    """Settings for a standalone master: executors on the workers reach the driver on loopback,
    and the event log records which executor ran each task (spark_cluster.py reads it)."""
    conf: dict[str, str] = {}
    if master.startswith("spark://"):
        conf |= {
            "spark.driver.host": "127.0.0.1",
            "spark.driver.bindAddress": "127.0.0.1",
            "spark.executor.cores": "1",
            "spark.executor.memory": os.environ.get("TALENTLOOP_SPARK_EXECUTOR_MEMORY", "768m"),
        }
    if event_log is not None:
        event_log.mkdir(parents=True, exist_ok=True)
        conf |= {
            "spark.eventLog.enabled": "true",
            "spark.eventLog.dir": event_log.resolve().as_uri(),
            "spark.eventLog.compress": "false",
        }
    return conf


def spark_session(master: str, warehouse_dir: Path, extra: dict[str, str] | None = None):
    from pyspark.sql import SparkSession

    builder = SparkSession.builder
    for key, value in (extra or {}).items():
        builder = builder.config(key, value)
    return (
        builder.master(master)
        .appName("talentloop-dbt")
        # Tables dbt creates are Parquet folders here; the catalog is this process's.
        .config("spark.sql.warehouse.dir", str(warehouse_dir.resolve()))
        .config("spark.sql.catalogImplementation", "in-memory")
        # Raw timestamps are UTC wall-clock without a zone (raw_transfer.py): no shifting.
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.parquet.inferTimestampNTZ.enabled", "false")
        # A small enterprise needs few partitions; adaptive execution coalesces the rest.
        .config("spark.sql.shuffle.partitions", os.environ.get("TALENTLOOP_SPARK_PARTITIONS", "4"))
        .config("spark.driver.memory", os.environ.get("TALENTLOOP_SPARK_DRIVER_MEMORY", "2g"))
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )


def register_raw(spark, raw_dir: Path) -> dict[str, int]:
    """`raw.<table>` over each `<raw_dir>/<table>.parquet`; returns the rows each holds."""
    from orchestration.engines.raw_transfer import raw_parquet_tables

    files = {p.stem: p for p in sorted(raw_dir.glob("*.parquet"))}
    for statement in raw_parquet_tables(files):
        spark.sql(statement)
    return {table: spark.table(f"raw.`{table}`").count() for table in files}


def export_marts(spark, out_dir: Path) -> list[str]:
    """Every table and view of the mart schemas to one Parquet file each (through Arrow)."""
    import pyarrow.parquet as pq

    out_dir.mkdir(parents=True, exist_ok=True)
    names = []
    for schema in MART_SCHEMAS:
        for table in spark.catalog.listTables(schema):
            name = f"{schema}.{table.name}"
            pq.write_table(spark.table(name).toArrow(), out_dir / f"{name}.parquet")
            names.append(name)
    return names


def run_dbt(args: list[str]) -> bool:
    from dbt.cli.main import dbtRunner

    from ingest.settings import DBT_PROJECT_DIR

    os.environ["TALENTLOOP_DBT_TARGET"] = "spark"
    result = dbtRunner().invoke(
        [*args, "--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR)]
    )
    return bool(result.success)


def run_in_process(
    raw: Path, out: Path, dbt_args: list[str], *options: str
) -> subprocess.CompletedProcess:
    """This module's build in a new driver process (its JVM ends with it); `options` are more
    of its flags (`--work`, `--master`, `--event-log`)."""
    from ingest.settings import PROJECT_ROOT

    command = [sys.executable, "-m", "orchestration.engines.spark_build",
               "--raw", str(raw), "--out", str(out), *options, "--", *dbt_args]  # fmt: skip
    return subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--raw", type=Path, required=True, help="folder of <table>.parquet")
    parser.add_argument("--out", type=Path, required=True, help="folder for the marts' Parquet")
    parser.add_argument("--work", type=Path, help="Spark warehouse and dbt target (default: out)")
    parser.add_argument(
        "--master", default=os.environ.get("TALENTLOOP_SPARK_MASTER", DEFAULT_MASTER)
    )
    parser.add_argument("--event-log", type=Path, help="folder for Spark's event log")
    parser.add_argument("dbt_args", nargs="*", help="after --: dbt's arguments (default: build)")
    ns = parser.parse_args(argv)
    work = ns.work or ns.out
    os.environ["TALENTLOOP_SPARK_MASTER"] = ns.master
    started = time.perf_counter()
    # The catalog lives in this process only: tables left by an earlier run would block dbt's.
    shutil.rmtree(work / "spark-warehouse", ignore_errors=True)
    spark = spark_session(
        ns.master, work / "spark-warehouse", cluster_conf(ns.master, ns.event_log)
    )
    # First, so a caller can find the application's executors and event log even if dbt fails.
    print(f"spark application: {spark.sparkContext.applicationId}", flush=True)
    rows = register_raw(spark, ns.raw)
    print(f"raw: {len(rows)} tables, {sum(rows.values())} rows", flush=True)
    dbt_args = ns.dbt_args or ["build"]
    dbt_args += ["--target-path", str(work / "dbt_target"), "--log-path", str(work / "dbt_target")]
    ok = run_dbt(dbt_args)
    built = time.perf_counter() - started
    if ok:
        names = export_marts(spark, ns.out)
        print(f"exported {len(names)} marts to {ns.out}", flush=True)
    print(
        f"spark ({ns.master}): dbt {'passed' if ok else 'FAILED'}, build {built:.1f} s", flush=True
    )
    spark.stop()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
