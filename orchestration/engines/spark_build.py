"""Build the dbt project on Spark from raw landed as Parquet, and export the marts as Parquet.

    python -m orchestration.engines.spark_build --raw DIR --out DIR [--master spark://HOST:PORT]

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
import sys
import time
from pathlib import Path

DEFAULT_MASTER = "local[2]"
MART_SCHEMAS = ("marts", "analyst")


def spark_session(master: str, warehouse_dir: Path):
    from pyspark.sql import SparkSession

    return (
        SparkSession.builder.master(master)
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--raw", type=Path, required=True, help="folder of <table>.parquet")
    parser.add_argument("--out", type=Path, required=True, help="folder for the marts' Parquet")
    parser.add_argument("--work", type=Path, help="Spark warehouse and dbt target (default: out)")
    parser.add_argument(
        "--master", default=os.environ.get("TALENTLOOP_SPARK_MASTER", DEFAULT_MASTER)
    )
    parser.add_argument("dbt_args", nargs="*", help="after --: dbt's arguments (default: build)")
    ns = parser.parse_args(argv)
    work = ns.work or ns.out
    os.environ["TALENTLOOP_SPARK_MASTER"] = ns.master
    started = time.perf_counter()
    # The catalog lives in this process only: tables left by an earlier run would block dbt's.
    shutil.rmtree(work / "spark-warehouse", ignore_errors=True)
    spark = spark_session(ns.master, work / "spark-warehouse")
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
