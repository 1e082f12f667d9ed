"""Data quality in Dagster: asset checks on every raw source and key mart, freshness, the alerts
table, the daily schedule, the landing-file sensor and the sensors that alert on failures.

Checks that guard what the models and the publish step read are `blocking=True`: a failed
result of severity ERROR skips everything downstream, so the serving copy stays the last good
one. Every failed result is also sent as an alert (and recorded in `ops.alerts`) by the check
itself, so in-process builds (`talentloop build`) alert without the Dagster daemon.
"""

import hashlib
import json
import time
from collections.abc import Callable
from pathlib import Path

import dagster as dg
import duckdb

from expectations.config import QualityConfig, quality_config
from expectations.distribution import score_drift
from expectations.registry import MART_NAMES, mart_suite_of, source_suite_results
from expectations.result import CheckResult, worst_severity
from expectations.sql_checks import (
    freshness,
    latest_load_id,
    quarantine_results,
    reconciliation,
    table_exists,
)
from expectations.suite import run_suite
from ingest import encryption
from ingest.contract import SOURCES
from ingest.settings import PROJECT_ROOT, load_settings
from orchestration.alerting import Alert, load_alert_config, send_alert, sync_alert_tables
from orchestration.alerting.from_checks import alert_from_result
from orchestration.resources import WarehouseResource

BUILD_JOB = "build"  # the lead's job of every asset (orchestration/definitions.py)
ALERTS_KEY = dg.AssetKey(["ops", "alerts"])
MARTS_DIR = PROJECT_ROOT / "dbt_project" / "models" / "marts"


def _quality_config(warehouse: WarehouseResource) -> QualityConfig:
    return quality_config(load_settings(warehouse.home, warehouse.landing))


def _send(
    context: dg.AssetCheckExecutionContext | dg.SensorEvaluationContext,
    alerts: list[Alert],
    home: str,
    con: duckdb.DuckDBPyConnection | None,
) -> int:
    """Send alerts; a broken channel is logged, it never fails the check that found the problem."""
    if not alerts:
        return 0
    config = load_alert_config(home=home)
    sent = 0
    for alert in alerts:
        try:
            deliveries = send_alert(alert, config, con=con)
        except Exception as exc:  # noqa: BLE001 - alerting must not break the build
            context.log.warning(f"alert {alert.rule} not sent: {type(exc).__name__}: {exc}")
            continue
        failed = [d.channel for d in deliveries if d.status == "failed"]
        if failed:
            context.log.warning(f"alert {alert.rule}: delivery failed on {', '.join(failed)}")
        sent += 1
    return sent


def _md_table(results: list[CheckResult]) -> str:
    rows = ["| check | severity | passed | observed | detail |", "| --- | --- | --- | --- | --- |"]
    for r in results:
        detail = r.message.replace("|", "/")
        rows.append(f"| {r.name} | {r.severity} | {r.passed} | {r.observed} | {detail} |")
    return "\n".join(rows)


def _check_result(
    context: dg.AssetCheckExecutionContext,
    warehouse: WarehouseResource,
    con: duckdb.DuckDBPyConnection,
    results: list[CheckResult],
    spec: dg.AssetCheckSpec,
) -> dg.AssetCheckResult:
    """Fold many results into one Dagster check result, alerting on each failure."""
    failed = [r for r in results if not r.passed]
    sent = 0
    if failed:
        try:
            config = load_alert_config(home=warehouse.home)
            alerts = [alert_from_result(r, config, context.run.run_id) for r in failed]
            sent = _send(context, alerts, warehouse.home, con)
        except Exception as exc:  # noqa: BLE001 - a broken channels file must not block data
            context.log.warning(f"alerts not sent: {type(exc).__name__}: {exc}")
    severity = worst_severity(results)
    if failed:
        description = f"{len(failed)} of {len(results)} failed: " + "; ".join(
            f"{r.name} ({r.severity})" for r in failed[:8]
        )
    else:
        description = f"all {len(results)} passed"
    return dg.AssetCheckResult(
        asset_key=spec.asset_key,
        check_name=spec.name,
        passed=not failed,
        severity=dg.AssetCheckSeverity(severity),
        description=description,
        metadata={
            "checks": len(results),
            "failed": len(failed),
            "failed_error": sum(r.blocks for r in failed),
            "alerts_sent": sent,
            "results": dg.MetadataValue.md(_md_table(results)),
        },
    )


def _run_load_id(con: duckdb.DuckDBPyConnection, source: str, run_id: str) -> str | None:
    """This run's load when the run loaded the source, else the newest load."""
    if not table_exists(con, "raw.load_manifest"):
        return None
    hit = con.execute(
        "select count(*) from raw.load_manifest where load_id = ? and source = ?", [run_id, source]
    ).fetchone()[0]
    return run_id if hit else latest_load_id(con, source)


# One body per check: (connection, warehouse, run ID, config) -> results.
CheckBody = Callable[
    [duckdb.DuckDBPyConnection, WarehouseResource, str, QualityConfig], list[CheckResult]
]


def _make_checks(
    name: str, asset_key: dg.AssetKey, checks: list[tuple[dg.AssetCheckSpec, CheckBody]]
) -> dg.AssetChecksDefinition:
    """All checks of one asset in one step: one connection, one Dagster step per asset."""

    @dg.multi_asset_check(name=name, specs=[spec for spec, _ in checks])
    def _checks(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource):
        cfg = _quality_config(warehouse)
        with warehouse.connect() as con:
            for spec, body in checks:
                results = body(con, warehouse, context.run.run_id, cfg)
                yield _check_result(context, warehouse, con, results, spec)

    return _checks


def _spec(key: dg.AssetKey, name: str, description: str, blocking: bool) -> dg.AssetCheckSpec:
    return dg.AssetCheckSpec(name=name, asset=key, description=description, blocking=blocking)


def _source_checks(source: str) -> dg.AssetChecksDefinition:
    key = dg.AssetKey(["raw", source])

    def recon(con, wh, run_id, cfg):
        if not table_exists(con, "raw.load_manifest"):
            return []
        return [reconciliation(con, source, _run_load_id(con, source, run_id))]

    def suite(con, wh, run_id, cfg):
        return source_suite_results(
            con, source, load_id=_run_load_id(con, source, run_id), config=cfg
        )

    def quarantine(con, wh, run_id, cfg):
        if not table_exists(con, "raw.quarantine"):
            return []
        return quarantine_results(con, source, _run_load_id(con, source, run_id))

    def fresh(con, wh, run_id, cfg):
        return [
            freshness(
                con,
                source,
                cadence_days=cfg.cadence_days[source],
                grace_hours=cfg.grace_hours,
                landing=wh.landing_path,
            )
        ]

    checks: list[tuple[dg.AssetCheckSpec, CheckBody]] = [
        (
            _spec(
                key,
                "reconciliation",
                "Rows in = loaded + quarantined for every file of this load, counted in the "
                "tables.",
                True,
            ),
            recon,
        ),
        (
            _spec(
                key,
                "contract_suite",
                "Great Expectations suite of the newest load (types, required, allowed values, "
                "ranges, ID formats) and SQL checks on the whole table (keys, references, row "
                "counts against the previous load). ERROR results block the build.",
                True,
            ),
            suite,
        ),
        (
            _spec(
                key,
                "quarantine",
                "Rows quarantined and files rejected in this load, per file and rule (WARN).",
                False,
            ),
            quarantine,
        ),
        (
            _spec(
                key,
                "freshness",
                f"A new file at least every {SOURCES[source].cadence_days} d "
                "(talentloop.toml [freshness] overrides).",
                False,
            ),
            fresh,
        ),
    ]
    if source == "ai_interviews":

        def drift(con, wh, run_id, cfg):
            if not table_exists(con, "raw.ai_interviews"):
                return []
            return score_drift(con, limits=cfg.drift, severity=cfg.drift_severity)

        checks.append(
            (
                _spec(
                    key,
                    "score_distribution",
                    "Mean and spread of each competency's AI score in the newest 30 days against "
                    "the months before: a new model version that shifts scores is caught.",
                    True,
                ),
                drift,
            )
        )
    return _make_checks(f"raw_{source}_quality", key, checks)


def _built_marts() -> list[str]:
    """Key marts the dbt project defines (a check on a missing asset would break loading)."""
    return [m for m in MART_NAMES if any(MARTS_DIR.rglob(f"{m}.sql"))]


def _mart_check(mart: str) -> dg.AssetChecksDefinition:
    key = dg.AssetKey(mart)

    def body(con, wh, run_id, cfg):
        return run_suite(con, mart_suite_of(mart))

    spec = _spec(
        key,
        "mart_suite",
        "Great Expectations suite (values, ranges) and SQL checks (keys, references to org "
        "units, jobs, courses and employees) of this mart. ERROR results block publishing.",
        True,
    )
    return _make_checks(f"{mart}_quality", key, [(spec, body)])


@dg.asset(
    key=ALERTS_KEY,
    group_name="quality",
    description="Every alert and delivery attempt (from the alert log), for the data-quality page.",
    kinds={"duckdb"},
)
def ops_alerts(warehouse: WarehouseResource) -> dg.MaterializeResult:
    config = load_alert_config(home=warehouse.home)
    with warehouse.connect() as con:
        added = sync_alert_tables(con, config.log_path)
        total = con.execute("select count(*) from ops.alerts").fetchone()[0]
    return dg.MaterializeResult(metadata={"alerts": total, "added": added})


# --- schedule and sensors ---------------------------------------------------------------------


def _schedule() -> dg.ScheduleDefinition:
    section = load_settings().section("schedule")
    return dg.ScheduleDefinition(
        name="daily_build",
        job_name=BUILD_JOB,
        cron_schedule=section.get("daily_cron", "30 6 * * *"),
        execution_timezone=section.get("timezone", "Asia/Shanghai"),
        default_status=dg.DefaultScheduleStatus.RUNNING,
        description="The daily build: every source, the warehouse, the models, checks, publish.",
    )


def landing_snapshot(landing: Path) -> dict[str, list[float]]:
    """Size and mtime of every file in the source folders (not `_truth/`)."""
    out: dict[str, list[float]] = {}
    for source in SOURCES:
        folder = landing / source
        if folder.is_dir():
            for p in folder.rglob("*"):
                if p.is_file() and not p.name.startswith("."):
                    st = p.stat()
                    out[p.relative_to(landing).as_posix()] = [st.st_size, st.st_mtime]
    return out


def new_landed_files(
    before: dict[str, list[float]],
    now: dict[str, list[float]],
    *,
    settle_seconds: float = 60.0,
    clock: float | None = None,
) -> list[str]:
    """Files new or changed since `before` that have stopped changing (a copy has finished)."""
    clock = clock or time.time()
    return sorted(
        f
        for f, (size, mtime) in now.items()
        if before.get(f) != [size, mtime] and clock - mtime >= settle_seconds
    )


def published_landing_files(serving: Path) -> set[str]:
    """Landing files (relative paths) the published build loaded or recognised as seen."""
    if not serving.exists():
        return set()
    try:
        with encryption.connect(serving, read_only=True) as con:
            rows = con.execute(
                "select distinct file from raw.load_manifest "
                "where status in ('loaded', 'skipped_seen')"
            ).fetchall()
    except duckdb.Error:  # a copy without a manifest: nothing counts as loaded
        return set()
    return {r[0] for r in rows}


@dg.sensor(
    name="landing_files_sensor",
    job_name=BUILD_JOB,
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description=(
        "Starts a build when files the published build has not loaded have landed "
        "(and stopped growing)."
    ),
)
def landing_files_sensor(context: dg.SensorEvaluationContext, warehouse: WarehouseResource):
    snapshot = landing_snapshot(warehouse.landing_path)
    if context.cursor:
        before = json.loads(context.cursor)
    else:
        # First tick (a new Dagster home, e.g. `talentloop ui`): what the published build already
        # loaded is the baseline, so opening the UI does not start a build by itself.
        published = published_landing_files(load_settings(warehouse.home).serving_path)
        before = {f: stat for f, stat in snapshot.items() if f in published}
    landed = new_landed_files(before, snapshot)
    if not landed:
        return dg.SkipReason("no new files")
    # Remember only what was acted on: a file still being copied is looked at again next tick.
    cursor = {**before, **{f: snapshot[f] for f in landed}}
    run_key = hashlib.sha256(json.dumps([(f, snapshot[f]) for f in landed]).encode()).hexdigest()
    sources = sorted({f.split("/", 1)[0] for f in landed})
    return dg.SensorResult(
        run_requests=[
            dg.RunRequest(run_key=run_key[:32], tags={"talentloop/landed": ",".join(sources)})
        ],
        cursor=json.dumps(cursor),
    )


def failed_check_alerts(
    instance: dg.DagsterInstance, run_id: str, run_url: str | None
) -> list[Alert]:
    """Alerts for failed checks of a run that did not alert themselves (dbt tests, mostly)."""
    out = []
    records = instance.all_logs(run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION)
    for entry in records:
        ev = entry.dagster_event.event_specific_data
        if ev.passed or "alerts_sent" in (ev.metadata or {}):
            continue
        severity = ev.severity.value if ev.severity is not None else "ERROR"
        asset = ev.asset_key.to_user_string().replace("/", ".")
        try:
            alert = Alert(
                rule=ev.check_name[:200],
                severity=severity,
                asset=asset,
                run_id=run_id,
                run_url=run_url,
                summary=f"check {ev.check_name} failed",
            )
        except ValueError:  # a check name the guard refuses (e.g. dbt's hashed test names)
            alert = Alert(
                rule="asset_check_failed",
                severity=severity,
                asset=asset,
                run_id=run_id,
                run_url=run_url,
            )
        out.append(alert)
    return out


@dg.run_failure_sensor(
    name="run_failure_alert_sensor",
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Alerts when a run fails: job, failed steps and the run link, nothing else.",
)
def run_failure_alert_sensor(context: dg.RunFailureSensorContext, warehouse: WarehouseResource):
    run = context.dagster_run
    config = load_alert_config(home=warehouse.home)
    failed_steps = sorted({e.step_key for e in context.get_step_failure_events() if e.step_key})
    # Exception texts can quote data: only step names and counts go out.
    alert = Alert(
        rule="run_failure",
        severity="ERROR",
        asset=run.job_name,
        counts={"steps_failed": len(failed_steps)},
        run_id=run.run_id,
        run_url=config.run_url(run.run_id),
        summary="failed steps: " + ", ".join(failed_steps[:10]) if failed_steps else "run failed",
    )
    alerts = [alert, *failed_check_alerts(context.instance, run.run_id, config.run_url(run.run_id))]
    _send(context, alerts, warehouse.home, None)


@dg.run_status_sensor(
    name="check_failure_alert_sensor",
    run_status=dg.DagsterRunStatus.SUCCESS,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Alerts on failed asset checks of runs that succeeded (WARN checks, dbt tests).",
)
def check_failure_alert_sensor(context: dg.RunStatusSensorContext, warehouse: WarehouseResource):
    run = context.dagster_run
    config = load_alert_config(home=warehouse.home)
    _send(
        context,
        failed_check_alerts(context.instance, run.run_id, config.run_url(run.run_id)),
        warehouse.home,
        None,
    )


def raw_source_checks() -> list[dg.AssetChecksDefinition]:
    """The checks on every `["raw", <source>]` asset."""
    return [_source_checks(source) for source in SOURCES]


def mart_checks() -> list[dg.AssetChecksDefinition]:
    """The `mart_suite` check of every key mart the dbt project defines."""
    return [_mart_check(m) for m in _built_marts()]


def quality_checks() -> list[dg.AssetChecksDefinition]:
    return raw_source_checks() + mart_checks()


defs = dg.Definitions(
    assets=[ops_alerts],
    asset_checks=quality_checks(),
    schedules=[_schedule()],
    sensors=[landing_files_sensor, run_failure_alert_sensor, check_failure_alert_sensor],
)
