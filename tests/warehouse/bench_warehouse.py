"""Measure the warehouse build against plain DuckDB reading the same landing files.

    .venv/bin/python tests/warehouse/bench_warehouse.py --employees 20000 --root /tmp/bench20k

Prints seconds for: generating the landing, DuckDB alone reading every landing file (CSV as
UTF-8, else as latin-1 since DuckDB's reader has no GBK; JSONL with read_json; the XLSX files
are read by the ingest only, DuckDB has no offline XLSX reader), the ingest load, and `dbt build`.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).parent))
from warehouse_build import build_star_schema  # noqa: E402


def duckdb_read_seconds(landing: Path) -> tuple[float, int]:
    """Seconds DuckDB alone takes to read every CSV/JSONL landing file into a table, and the rows
    read."""
    con = duckdb.connect()
    rows = 0
    started = time.perf_counter()
    for path in sorted(landing.rglob("*")):
        if path.parent.name == "_truth" or not path.is_file():
            continue
        if path.suffix == ".csv":
            for encoding in ("utf-8", "latin-1"):
                sql = (
                    f"create or replace temp table t as select * from read_csv('{path}', "
                    f"all_varchar=true, ignore_errors=true, encoding='{encoding}', header=true)"
                )
                try:
                    con.execute(sql)
                    break
                except duckdb.Error:
                    continue
            rows += con.execute("select count(*) from t").fetchone()[0]
            continue
        elif path.suffix == ".jsonl":
            sql = (
                f"create or replace temp table t as select * from read_json('{path}', "
                "format='newline_delimited', ignore_errors=true)"
            )
        else:
            continue
        con.execute(sql)
        rows += con.execute("select count(*) from t").fetchone()[0]
    return time.perf_counter() - started, rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--root", type=Path, required=True)
    args = parser.parse_args()
    from ingest.load import load_landing
    from sample_enterprise import generate

    landing = args.root / "landing"
    timings: dict[str, float] = {}
    if not (landing / "_truth" / "config.json").exists():
        started = time.perf_counter()
        generate(landing, args.employees, seed=args.seed)
        timings["generate_s"] = time.perf_counter() - started
    as_of = date.fromisoformat(
        str(json.loads((landing / "_truth" / "config.json").read_text())["as_of"])
    )
    timings["duckdb_read_s"], rows = duckdb_read_seconds(landing)
    warehouse = args.root / "warehouse.duckdb"
    warehouse.unlink(missing_ok=True)
    started = time.perf_counter()
    with duckdb.connect(str(warehouse)) as con:
        load_landing(con, landing, load_id="bench", as_of=as_of)
    timings["ingest_s"] = time.perf_counter() - started
    started = time.perf_counter()
    done = build_star_schema(warehouse, args.root / "dbt_target")
    timings["dbt_build_s"] = time.perf_counter() - started
    print(
        json.dumps(
            {"employees": args.employees, "landing_rows": rows, "dbt_ok": done.returncode == 0}
            | {k: round(v, 1) for k, v in timings.items()}
        )
    )


if __name__ == "__main__":
    main()
