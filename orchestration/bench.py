"""`talentloop bench`: how fast and how lean the build is, against the floor the hardware sets.

Floor: DuckDB alone reading every landing file into tables (no checks, no typing beyond its own
sniffing). Stages of the real build are timed from the Dagster step events of one in-process
build run, and their peak memory from a sampler that records this process tree's RSS while the
run goes on; each sample is attributed to the stage whose step was running at that moment.
"""

from __future__ import annotations

import contextlib
import json
import os
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import psutil

from ingest import encryption
from ingest.contract import SOURCES
from ingest.decode import decode_bytes
from ingest.settings import Settings

STAGES = ("floor", "ingest", "dbt", "models", "checks", "publish", "build_total")


class RssSampler:
    """Samples the RSS of this process and its children every `interval` seconds."""

    def __init__(self, interval: float = 0.05) -> None:
        self.interval = interval
        self.samples: list[tuple[float, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _rss(self) -> int:
        proc = psutil.Process()
        total = proc.memory_info().rss
        for child in proc.children(recursive=True):
            with contextlib.suppress(psutil.Error):  # a child may exit between listing and reading
                total += child.memory_info().rss
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            self.samples.append((time.time(), self._rss()))
            self._stop.wait(self.interval)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def peak_mb(self, start: float | None = None, end: float | None = None) -> float:
        values = [
            rss
            for t, rss in self.samples
            if (start is None or t >= start) and (end is None or t <= end)
        ]
        return round(max(values) / 1e6, 1) if values else 0.0


@dataclass
class StageTiming:
    seconds: float = 0.0
    peak_rss_mb: float = 0.0
    intervals: list[tuple[float, float]] = field(default_factory=list)


def _decode_to_utf8(path: Path, encodings: tuple[str, ...], tmp: Path) -> Path:
    """The file itself when it is UTF-8, else a UTF-8 copy (decoded as the ingest decodes)."""
    decoded = decode_bytes(path.read_bytes(), encodings)
    if decoded is None or decoded.is_utf8:
        return path
    out = tmp / f"{path.parent.name}_{path.name}"
    out.write_text(decoded.text, encoding="utf-8")
    return out


def floor_load(landing: Path) -> dict[str, int]:
    """DuckDB alone reading every landing file into tables: the hardware's floor for ingest.

    GBK files are transcoded by Python first (DuckDB's encodings extension is not installable
    offline) and XLSX sheets go through fastexcel, the fastest reader at hand."""
    import polars as pl

    rows: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        con = duckdb.connect(str(tmp / "floor.duckdb"))
        for name, source in SOURCES.items():
            files = sorted((landing / name).glob(source.pattern))
            total = 0
            for i, path in enumerate(files):
                table = f"{name}_{i}"
                if source.format == "csv":
                    src = _decode_to_utf8(path, source.encodings, tmp)
                    con.execute(
                        f"create table {table} as select * from read_csv(?, all_varchar=true, "
                        "ignore_errors=true, null_padding=true)",
                        [str(src)],
                    )
                elif source.format == "jsonl":
                    con.execute(
                        f"create table {table} as select * from read_json(?, format='newline_delimited', "
                        "ignore_errors=true)",
                        [str(path)],
                    )
                else:
                    frame = pl.read_excel(path, sheet_name=source.sheet, infer_schema_length=0)
                    con.register("xlsx_frame", frame.to_arrow())
                    con.execute(f"create table {table} as select * from xlsx_frame")
                    con.unregister("xlsx_frame")
                total += con.execute(f"select count(*) from {table}").fetchall()[0][0]
            rows[name] = total
        con.close()
    return rows


def _stage_of(step_key: str, check_steps: set[str]) -> str:
    if step_key.startswith("raw__") or step_key == "load_manifest":
        return "ingest"
    if step_key == "warehouse_models":
        return "dbt"
    if step_key == "serving_copy":
        return "publish"
    if step_key in check_steps:
        return "checks"
    return "models"


def run_events(result) -> list:
    """The run's Dagster events (log entries that carry one), in order."""
    import dagster as dg

    return [
        e for e in dg.DagsterInstance.get().all_logs(result.run_id) if e.dagster_event is not None
    ]


def _step_intervals(entries: list) -> list[tuple[str, float, float]]:
    """(step, start, end) of every finished step, from its STEP_START and SUCCESS/FAILURE events."""
    starts: dict[str, float] = {}
    out: list[tuple[str, float, float]] = []
    for e in entries:
        kind = e.dagster_event.event_type_value
        if not e.step_key:
            continue
        if kind == "STEP_START":
            starts[e.step_key] = e.timestamp
        elif kind in ("STEP_SUCCESS", "STEP_FAILURE") and e.step_key in starts:
            out.append((e.step_key, starts[e.step_key], e.timestamp))
    return out


def step_seconds(entries: list) -> dict[str, float]:
    """Wall seconds of every step of the run, slowest first: what each stage's time goes into."""
    out = {step: round(end - start, 2) for step, start, end in _step_intervals(entries)}
    return dict(sorted(out.items(), key=lambda kv: -kv[1]))


def dbt_node_seconds(target_root: Path, top: int = 15) -> dict[str, float]:
    """The slowest dbt nodes (models and tests) of the build's dbt steps, from run_results.json."""
    times: dict[str, float] = {}
    for results in sorted(target_root.glob("*/run_results.json")):
        for node in json.loads(results.read_text()).get("results", []):
            name = node["unique_id"].split(".")[2] if node["unique_id"].count(".") >= 2 else ""
            kind = node["unique_id"].split(".")[0]
            times[f"{kind}:{name}"] = round(node.get("execution_time", 0.0), 2)
    return dict(sorted(times.items(), key=lambda kv: -kv[1])[:top])


def stage_timings(entries: list, sampler: RssSampler) -> dict[str, StageTiming]:
    """Wall time per stage from the run's step events (steps run one after another in-process)."""
    materializing = {e.step_key for e in entries if e.dagster_event.is_step_materialization}
    check_steps = {
        e.step_key
        for e in entries
        if e.dagster_event.event_type_value == "ASSET_CHECK_EVALUATION"
        and e.step_key
        and e.step_key not in materializing
    }
    stages = {s: StageTiming() for s in STAGES if s not in ("floor", "build_total")}
    for step, start, end in _step_intervals(entries):
        stage = stages[_stage_of(step, check_steps)]
        stage.intervals.append((start, end))
        stage.seconds += end - start
    for stage in stages.values():
        peaks = [sampler.peak_mb(a, b) for a, b in stage.intervals]
        stage.peak_rss_mb = max(peaks) if peaks else 0.0
        stage.seconds = round(stage.seconds, 2)
    return stages


def time_pages(serving: Path, repeat: int) -> dict[str, dict[str, float]]:
    """Median and 95th percentile of each dashboard page's queries on the serving copy."""
    try:
        from dashboards.pages import PAGE_QUERIES
    except ImportError:
        return {}
    out: dict[str, dict[str, float]] = {}
    for page, run_queries in PAGE_QUERIES.items():
        times = []
        for _ in range(max(repeat, 1)):
            con = encryption.connect(serving, read_only=True)
            t0 = time.perf_counter()
            run_queries(con)
            times.append((time.perf_counter() - t0) * 1000)
            con.close()
        times.sort()
        p95 = times[min(len(times) - 1, max(0, round(0.95 * len(times)) - 1))]
        out[page] = {"p50_ms": round(statistics.median(times), 1), "p95_ms": round(p95, 1)}
    return out


def _timed(fn: Callable[[], object]) -> tuple[object, StageTiming]:
    with RssSampler() as sampler:
        t0 = time.perf_counter()
        value = fn()
        seconds = time.perf_counter() - t0
    return value, StageTiming(seconds=round(seconds, 2), peak_rss_mb=sampler.peak_mb())


def run_bench(settings: Settings, employees: int, repeat: int, seed: int = 0) -> dict:
    from orchestration.build import run_build_result
    from sample_enterprise import generate

    landing = settings.landing
    config = landing / "_truth" / "config.json"
    reuse = False
    if config.exists():
        cfg = json.loads(config.read_text())
        from sample_enterprise.bank.engine import GENERATOR_VERSION

        reuse = (
            cfg.get("employees") == employees
            and cfg.get("seed") == seed
            and cfg.get("generator_version") == GENERATOR_VERSION
        )
    generate_seconds = None
    if not reuse:
        _, gen = _timed(lambda: generate(landing, employees, seed=seed))
        generate_seconds = gen.seconds
    _, floor = _timed(lambda: floor_load(landing))
    for stale in (settings.warehouse_path, settings.warehouse_path.with_suffix(".duckdb.wal")):
        stale.unlink(missing_ok=True)
    with RssSampler() as sampler:
        t0 = time.perf_counter()
        build, result = run_build_result(settings, log_level="WARNING")
        total_seconds = time.perf_counter() - t0
    entries = run_events(result)
    stages = stage_timings(entries, sampler)
    report = {
        "employees": employees,
        "cores": os.cpu_count(),
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "generate_seconds": generate_seconds,
        "build_success": build.success and build.published,
        "stages": {
            "floor": {"seconds": floor.seconds, "peak_rss_mb": floor.peak_rss_mb},
            **{k: {"seconds": v.seconds, "peak_rss_mb": v.peak_rss_mb} for k, v in stages.items()},
            "build_total": {"seconds": round(total_seconds, 2), "peak_rss_mb": sampler.peak_mb()},
        },
        "pages": time_pages(settings.serving_path, repeat) if build.published else {},
        "steps": step_seconds(entries),
        "dbt_nodes": dbt_node_seconds(settings.dbt_target_dir),
    }
    return report
