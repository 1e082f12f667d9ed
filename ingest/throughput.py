"""Ingest throughput, measured against DuckDB reading the same landing files on its own.

Issue 8 asks the whole build to stay within 3x of the time DuckDB alone takes to read the
landing. `python -m ingest.throughput LANDING` loads the landing into a fresh DuckDB file (in a
private temp dir) and times DuckDB reading every file into a table as text, then prints both.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

import duckdb

from ingest.contract import SOURCES
from ingest.decode import decode_bytes
from ingest.load import load_landing, source_files


@dataclass
class Throughput:
    files: int
    bytes: int
    rows: int
    ingest_seconds: float
    duckdb_seconds: float

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.ingest_seconds if self.ingest_seconds else 0.0

    @property
    def ratio(self) -> float:
        """Ingest time over DuckDB's plain read time (issue 8 wants the build within 3)."""
        return self.ingest_seconds / self.duckdb_seconds if self.duckdb_seconds else 0.0


def duckdb_read_seconds(landing: Path, con: duckdb.DuckDBPyConnection) -> tuple[float, int, int]:
    """Seconds DuckDB takes to read every source file into a table, as text: the yardstick.

    DuckDB cannot decode GBK without an extension, so GBK files are read as latin-1 (same
    bytes, same work). Workbooks are read with fastexcel, as DuckDB has no built-in reader.
    """
    import fastexcel

    seconds, files, size = 0.0, 0, 0
    for source in SOURCES.values():
        for i, path in enumerate(source_files(landing, source)):
            data = path.read_bytes()
            files, size = files + 1, size + len(data)
            table = f"bench_{source.name}_{i}"
            start = time.perf_counter()
            if source.format == "csv":
                decoded = decode_bytes(data, source.encodings)
                encoding = "utf-8" if decoded is None or decoded.is_utf8 else "latin-1"
                con.execute(
                    f"create table {table} as select * from read_csv(?, all_varchar = true, "
                    "strict_mode = false, ignore_errors = true, null_padding = true, "
                    f"encoding = '{encoding}')",
                    [str(path)],
                )
            elif source.format == "jsonl":
                con.execute(
                    f"create table {table} as select * from read_json(?, "
                    "format = 'newline_delimited', ignore_errors = true)",
                    [str(path)],
                )
            else:
                workbook = fastexcel.read_excel(data)
                frame = workbook.load_sheet(0, header_row=None, dtypes="string").to_polars()
                con.register("bench_frame", frame)
                con.execute(f"create table {table} as select * from bench_frame")
                con.unregister("bench_frame")
            seconds += time.perf_counter() - start
    return seconds, files, size


def measure_throughput(landing: Path, as_of: date | None = None) -> Throughput:
    """Load `landing` into a fresh DuckDB file and time it against DuckDB's plain read."""
    landing = Path(landing)
    with tempfile.TemporaryDirectory(prefix="tl-throughput-") as tmp:
        with duckdb.connect(str(Path(tmp) / "ingest.duckdb")) as con:
            start = time.perf_counter()
            results = load_landing(con, landing, as_of=as_of)
            ingest_seconds = time.perf_counter() - start
        with duckdb.connect(str(Path(tmp) / "baseline.duckdb")) as con:
            duckdb_seconds, files, size = duckdb_read_seconds(landing, con)
    rows = sum(r.rows_read for r in results)
    return Throughput(files, size, rows, ingest_seconds, duckdb_seconds)


def main(argv: list[str]) -> None:
    landing = Path(argv[0])
    config = landing / "_truth" / "config.json"
    as_of = (
        date.fromisoformat(json.loads(config.read_text())["as_of"]) if config.is_file() else None
    )
    result = measure_throughput(landing, as_of)
    print(
        json.dumps(
            {
                **asdict(result),
                "rows_per_second": round(result.rows_per_second),
                "ratio": round(result.ratio, 2),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main(sys.argv[1:])
