"""`talentloop build`: materialize every asset in-process, run every check, publish."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TextIO

import dagster as dg
import duckdb

from ingest import encryption, raw_archive
from ingest.pseudonyms import ensure_key_file, find_key, load_key
from ingest.settings import Settings
from orchestration import build_lock
from orchestration.sample_findings import explain, is_sample


@dataclass(frozen=True)
class CheckOutcome:
    asset: str
    name: str
    passed: bool
    severity: str
    blocking: bool
    description: str | None = None
    # Why a failing WARN is expected (a planted defect of the generated sample), else None.
    expected: str | None = None


@dataclass
class BuildResult:
    run_id: str
    success: bool
    published: bool
    seconds: float
    sources: list[dict] = field(default_factory=list)
    checks: list[CheckOutcome] = field(default_factory=list)
    failed_steps: list[str] = field(default_factory=list)
    # Whether a serving copy existed before this build (it is kept when the build is blocked).
    had_serving_copy: bool = False
    # Landing entries this build did not load (unknown folders, links leaving the landing...).
    not_loaded: list[dict] = field(default_factory=list)
    # Optional sources with no rows in the warehouse (ops.sources).
    sources_missing: list[str] = field(default_factory=list)

    def outcome_message(self, serving_path: Path) -> str:
        """The last line of `talentloop build`: published, or why not and what readers see."""
        if self.published:
            return f"[green]published[/green] {serving_path} ({self.seconds:.1f} s)"
        if self.had_serving_copy:
            return "[red]not published[/red]: the previous serving copy is unchanged"
        return (
            "[red]not published[/red]: nothing published yet (this home has no serving copy; "
            "fix the failures above and build again)"
        )

    @property
    def failed_checks(self) -> list[CheckOutcome]:
        return [c for c in self.checks if not c.passed]

    @property
    def unexpected_failures(self) -> list[CheckOutcome]:
        """Failed checks a reader must look at (not a planted defect of the sample)."""
        return [c for c in self.failed_checks if c.expected is None]

    @property
    def blocking_failures(self) -> list[CheckOutcome]:
        return [c for c in self.failed_checks if c.severity == "ERROR"]

    @property
    def exit_code(self) -> int:
        return 0 if self.success and self.published and not self.blocking_failures else 1


def dagster_instance(settings: Settings) -> dg.DagsterInstance:
    """A persistent instance under the home folder, so `talentloop ui` shows past builds."""
    settings.dagster_home.mkdir(parents=True, exist_ok=True)
    config = settings.dagster_home / "dagster.yaml"
    if not config.exists():
        # Runs and events are stored under the home folder; nothing leaves the machine.
        config.write_text("telemetry:\n  enabled: false\n")
    os.environ["DAGSTER_HOME"] = str(settings.dagster_home)
    return dg.DagsterInstance.get()


def _source_summary(warehouse: Path, run_id: str) -> list[dict]:
    if not warehouse.exists():
        return []
    con = encryption.connect(warehouse, read_only=True)
    try:
        rows = con.execute(
            """
            select source,
                   count(*) as files,
                   count(*) filter (where status = 'rejected') as files_rejected,
                   count(*) filter (where status = 'skipped_seen') as files_skipped,
                   coalesce(sum(rows_read), 0), coalesce(sum(rows_loaded), 0),
                   coalesce(sum(rows_quarantined), 0)
            from raw.load_manifest where load_id = ? group by source order by source
            """,
            [run_id],
        ).fetchall()
    except duckdb.CatalogException:
        return []
    finally:
        con.close()
    keys = (
        "source",
        "files",
        "files_rejected",
        "files_skipped",
        "rows_read",
        "rows_loaded",
        "rows_quarantined",
    )
    return [dict(zip(keys, r, strict=True)) for r in rows]


def _ops_summary(warehouse: Path, run_id: str) -> tuple[list[dict], list[str]]:
    """(files this load did not load, optional sources without rows) from the warehouse."""
    if not warehouse.exists():
        return [], []
    con = encryption.connect(warehouse, read_only=True)
    try:
        skipped = con.execute(
            "select source, file, message from raw.load_manifest "
            "where load_id = ? and status = 'not_loaded' order by file",
            [run_id],
        ).fetchall()
        try:
            missing = con.execute(
                "select source from ops.sources where status <> 'ok' and not is_required "
                "order by source"
            ).fetchall()
        except duckdb.CatalogException:
            missing = []
    except duckdb.CatalogException:
        return [], []
    finally:
        con.close()
    return (
        [dict(zip(("source", "file", "message"), r, strict=True)) for r in skipped],
        [r[0] for r in missing],
    )


def _run_config(log_level: str) -> dict:
    return {"loggers": {"console": {"config": {"log_level": log_level}}}}


def ensure_pseudonym_key(settings: Settings) -> None:
    """Refuse to build without a pseudonym key, except for a generated sample enterprise (its
    landing holds the planted truth, `_truth/`): the demo, the benchmark and the tests get a
    random key written into their home, readable by the owner only."""
    if find_key(settings.home) is not None:
        return
    if (settings.landing / "_truth" / "config.json").is_file():
        ensure_key_file(settings.home)
        return
    load_key(settings.home)  # raises, naming the variable and the key file


def run_build(
    settings: Settings,
    tags: dict[str, str] | None = None,
    log_level: str = "INFO",
    from_archive: bool = False,
) -> BuildResult:
    """Run the whole build in this process; never raises for a failing step or check (only
    PseudonymKeyError, before anything runs, when no key is configured, and BuildLocked)."""
    return run_build_result(settings, tags, log_level, from_archive)[0]


def run_build_result(
    settings: Settings,
    tags: dict[str, str] | None = None,
    log_level: str = "INFO",
    from_archive: bool = False,
) -> tuple[BuildResult, dg.ExecuteInProcessResult]:
    """`run_build`, also returning Dagster's run result (step events, for the benchmark).

    Holds the home's build lock throughout: raises build_lock.BuildLocked when another build
    (or an erasure) is writing this home. `from_archive`: a new warehouse from the raw archive
    alone (restored to a folder in the archive, removed afterwards) instead of the landing."""
    with build_lock.hold(settings.home, "build"):
        if not from_archive:
            return _run_build_locked(settings, tags, log_level)
        restored = raw_archive.restore_dir(settings.home)
        shutil.rmtree(restored, ignore_errors=True)
        try:
            raw_archive.restore(settings.home, restored)
            for stale in (settings.warehouse_path, Path(f"{settings.warehouse_path}.wal")):
                stale.unlink(missing_ok=True)
            return _run_build_locked(replace(settings, landing=restored), tags, log_level)
        finally:
            shutil.rmtree(restored, ignore_errors=True)


def _run_build_locked(
    settings: Settings, tags: dict[str, str] | None, log_level: str
) -> tuple[BuildResult, dg.ExecuteInProcessResult]:
    from orchestration.definitions import BUILD_JOB, build_definitions
    from orchestration.defs.serving import SERVING_KEY

    started = time.perf_counter()
    settings.home.mkdir(parents=True, exist_ok=True)
    ensure_pseudonym_key(settings)
    had_serving_copy = settings.serving_path.exists()
    defs = build_definitions(str(settings.home), str(settings.landing))
    job = defs.resolve_job_def(BUILD_JOB)
    instance = dagster_instance(settings)
    result = job.execute_in_process(
        instance=instance, raise_on_error=False, tags=tags or {}, run_config=_run_config(log_level)
    )
    checks = []
    sample = is_sample(settings.landing)
    for ev in result.get_asset_check_evaluations():
        severity = ev.severity.value if ev.severity is not None else "ERROR"
        asset = ev.asset_key.to_user_string()
        expected = (
            explain(asset, ev.check_name, ev.description)
            if sample and not ev.passed and severity == "WARN"
            else None
        )
        checks.append(
            CheckOutcome(
                asset=asset,
                name=ev.check_name,
                passed=ev.passed,
                severity=severity,
                blocking=bool(getattr(ev, "blocking", False)),
                description=ev.description,
                expected=expected,
            )
        )
    published = any(ev.asset_key == SERVING_KEY for ev in result.get_asset_materialization_events())
    failed_steps = [e.step_key for e in result.all_events if e.is_step_failure and e.step_key]
    build = BuildResult(
        run_id=result.run_id,
        success=result.success,
        published=published,
        seconds=time.perf_counter() - started,
        sources=_source_summary(settings.warehouse_path, result.run_id),
        checks=checks,
        failed_steps=failed_steps,
        had_serving_copy=had_serving_copy,
    )
    build.not_loaded, build.sources_missing = _ops_summary(settings.warehouse_path, result.run_id)
    return build, result


# --- What `talentloop build` prints, and the log file with the detail -------------------------

LOG_DIR = "logs"
# Failures listed one per line in the summary; the rest are counted there and listed in the log.
SUMMARY_FAILURES = 5


def build_log_path(home: Path, now: dt.datetime | None = None) -> Path:
    """<home>/logs/build-<UTC time>.log: one file per build, never overwritten."""
    stamp = (now or dt.datetime.now(dt.UTC)).strftime("%Y%m%dT%H%M%SZ")
    return home / LOG_DIR / f"build-{stamp}.log"


@contextlib.contextmanager
def output_to_log(path: Path) -> Iterator[TextIO]:
    """Send everything this process and its children (dbt) write to stdout and stderr into
    `path`, at the file-descriptor level, and yield a stream on the real terminal (for the
    progress line). dbt's and Dagster's hundreds of lines are the log's, not the reader's."""
    path.parent.mkdir(parents=True, exist_ok=True)
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    terminal = os.fdopen(os.dup(saved[0]), "w", buffering=1, encoding="utf-8")
    with path.open("ab") as log:
        os.dup2(log.fileno(), 1)
        os.dup2(log.fileno(), 2)
        try:
            yield terminal
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            for fd in saved:
                os.close(fd)
            terminal.close()


def _check_line(c: CheckOutcome) -> str:
    return f"{c.severity} {c.asset} {c.name}: {c.description or 'no description'}"


def detail_lines(result: BuildResult) -> list[str]:
    """The build's full detail, for its log file: every source, every check, every reason."""
    lines = [f"run {result.run_id}: success={result.success} published={result.published}"]
    lines.append("source | files | rejected | skipped | rows read | loaded | quarantined")
    for s in result.sources:
        lines.append(
            f"{s['source']} | {s['files']} | {s['files_rejected']} | {s['files_skipped']} | "
            f"{s['rows_read']} | {s['rows_loaded']} | {s['rows_quarantined']}"
        )
    for c in result.checks:
        state = "passed" if c.passed else "FAILED"
        lines.append(f"check {state} {_check_line(c)}")
        if c.expected:
            lines.append(f"  expected in the sample: {c.expected}")
    lines += [f"step failed {step}" for step in result.failed_steps]
    lines += [f"not loaded {s['file']}: {s['message']}" for s in result.not_loaded]
    lines += [f"no data {source} (optional)" for source in result.sources_missing]
    return lines


def summary_lines(result: BuildResult, serving_path: Path, log_path: Path) -> list[str]:
    """The short summary `talentloop build` prints (rich markup): sources, rows, checks,
    published or not and why, and where the detail is."""
    src = result.sources
    total = {k: sum(s[k] for s in src) for k in ("files", "files_rejected", "rows_read")}
    loaded = sum(s["rows_loaded"] for s in src)
    quarantined = sum(s["rows_quarantined"] for s in src)
    lines = [
        f"sources: {len(src)} ({', '.join(s['source'] for s in src) or 'none'}); "
        f"{total['files']:,} files, {total['files_rejected']:,} rejected",
        f"rows: {total['rows_read']:,} read, {loaded:,} loaded, {quarantined:,} quarantined "
        "(each with file, line and rule: the data-quality page)",
    ]
    passed = sum(c.passed for c in result.checks)
    warned = [c for c in result.failed_checks if c.severity != "ERROR"]
    failed = result.blocking_failures
    expected = sum(c.expected is not None for c in warned)
    why = f" ({expected} expected in the sample: planted defects, why in the log)"
    lines.append(
        f"checks: {passed} passed, {len(warned)} warned{why if expected else ''}, "
        f"{len(failed)} failed"
    )
    shown = result.unexpected_failures
    for c in shown[:SUMMARY_FAILURES]:
        colour = "red" if c.severity == "ERROR" else "yellow"
        lines.append(
            f"  [{colour}]{c.severity}[/{colour}] {c.asset} {c.name}: "
            f"{(c.description or 'no description')[:160]}"
        )
    if len(shown) > SUMMARY_FAILURES:
        lines.append(f"  … and {len(shown) - SUMMARY_FAILURES} more in the log")
    lines += [f"  [red]step failed[/red] {step}" for step in result.failed_steps[:3]]
    if result.not_loaded:
        lines.append(
            f"  [yellow]not loaded[/yellow]: {len(result.not_loaded)} landing entries "
            "(names and reasons in the log)"
        )
    if result.sources_missing:
        lines.append(
            f"  [yellow]no data[/yellow] (optional): {', '.join(result.sources_missing)}"
            ": pages that need it say so"
        )
    lines.append(result.outcome_message(serving_path))
    lines.append(f"detail: {log_path}")
    return lines
