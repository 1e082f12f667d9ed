"""The asset checks in-process on the lead's raw assets: a landing folder with planted defects
produces exactly the expected alerts at a real HTTP receiver, with no personal data."""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from email import message_from_bytes
from email.policy import default as default_policy
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from ingest.contract import REQUIRED_SOURCES
from orchestration.alerting import read_alert_log
from orchestration.defs.quality import (
    check_failure_alert_sensor,
    landing_files_sensor,
    landing_snapshot,
    new_landed_files,
    published_landing_files,
    raw_source_checks,
    run_failure_alert_sensor,
)
from orchestration.defs.quality import (
    defs as quality_defs,
)
from orchestration.resources import WarehouseResource
from tests.quality.landing import PLANTED_HR, write_defective_landing, write_reference
from tests.quality.raw_assets import raw_assets as _raw_assets
from tests.quality.receivers import SmtpReceiver, WebhookReceiver

raw_assets = _raw_assets()
NOT_DELIVERED = (
    "ai_interviews",
    "human_interviews",
    "job_changes",
    "onboarding",
    "training_enrollments",
    "performance_reviews",
)


@pytest.fixture
def home(tmp_path: Path, webhook: WebhookReceiver, monkeypatch) -> Path:
    monkeypatch.delenv("TALENTLOOP_ALERTS", raising=False)
    monkeypatch.setenv("TALENTLOOP_AS_OF", "2025-07-01")
    home = tmp_path / "home"
    home.mkdir()
    (home / "alerts.toml").write_text(
        '[defaults]\nbackoff_seconds = 0.01\nrun_url_base = "http://dagster.local"\n\n'
        f'[[channel]]\nname = "dq"\nkind = "webhook"\nurl = "{webhook.base}/dq"\n'
    )
    return home


def _resource(home: Path, landing: Path) -> WarehouseResource:
    return WarehouseResource(
        path=str(home / "warehouse.duckdb"), landing=str(landing), home=str(home)
    )


def _materialize(home: Path, landing: Path, extra: list | None = None) -> dg.ExecuteInProcessResult:
    return dg.materialize(
        [*raw_assets, *raw_source_checks(), *(extra or [])],
        resources={"warehouse": _resource(home, landing)},
        raise_on_error=False,
    )


def test_planted_defects_produce_exactly_the_expected_alerts(
    home: Path, tmp_path: Path, webhook: WebhookReceiver, smtp: SmtpReceiver, monkeypatch
) -> None:
    monkeypatch.setenv("DQ_SMTP_PASSWORD", "s3cret-pass")
    with (home / "alerts.toml").open("a") as fh:
        fh.write(
            '\n[[channel]]\nname = "owners"\nkind = "email"\nhost = "127.0.0.1"\n'
            f'port = {smtp.port}\nsecurity = "starttls"\nusername = "dq-robot"\n'
            'password_env = "DQ_SMTP_PASSWORD"\nsender = "talentloop@bank.example"\n'
            f'to = ["hris-owners@bank.example"]\nca_file = "{smtp.cert}"\n'
        )
    landing = tmp_path / "landing"
    personal = write_defective_landing(landing)
    result = _materialize(home, landing)
    assert result.success

    got = sorted((r.json["rule"], r.json["source"], r.json["file"]) for r in webhook.bodies("/dq"))
    expected = sorted(
        # An optional source that was never delivered is not late (issue 18): no alert.
        [("freshness", s, None) for s in NOT_DELIVERED if s in REQUIRED_SOURCES]
        + [
            (f"quarantine.{rule}", "hr_employees", "hr_employees/hr_2025.csv")
            for rule in PLANTED_HR
        ]
        + [("quarantine.empty_file", "exits", "exits/exits_20250630.csv")]
        + [("unique.employee_id_hire_date_extracted_at", "hr_employees", None)]
    )
    assert got == expected

    by_rule = {r.json["rule"]: r.json for r in webhook.bodies("/dq")}
    assert by_rule["quarantine.unknown_reference"]["counts"] == {
        "rows_quarantined": 2,
        "rows_read": 41,
        "rows_loaded": 37,
    }
    assert by_rule["quarantine.unknown_reference"]["run_url"] == (
        f"http://dagster.local/runs/{result.run_id}"
    )

    # The same alerts went out by e-mail.
    mails = [message_from_bytes(m, policy=default_policy) for m in smtp.inbox.messages]
    assert len(mails) == len(expected)
    assert sorted(m["Subject"].strip().split(": ", 1)[1] for m in mails) == sorted(
        f"{rule} in {source}" for rule, source, _ in expected
    )

    # No name, employee number or ID hash of anyone in the landing files reaches a receiver.
    payloads = [r.body.decode("utf-8") for r in webhook.received]
    payloads += [m.get_content() + str(m["Subject"]) for m in mails]
    for text in payloads:
        for name in personal["names"]:
            assert name not in text
        for value in personal["ids"] + personal["hashes"]:
            assert not re.search(rf"(?<![0-9a-f]){value}(?![0-9a-f])", text)

    # Every alert is recorded in the warehouse for the data-quality page.
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    try:
        rows = con.execute("select status, count(*) from ops.alerts group by 1").fetchall()
    finally:
        con.close()
    assert rows == [("sent", len(expected))]

    # The warn checks did not block: every raw asset materialized.
    materialized = {e.asset_key for e in result.get_asset_materialization_events()}
    assert {a.key for a in raw_assets} <= materialized

    # The next run sees no new file: the still-late required sources and the duplicate still
    # in the table are grouped, nothing is sent again.
    before = len(webhook.received)
    assert _materialize(home, landing).success
    assert len(webhook.received) == before
    statuses = [r["status"] for r in read_alert_log(home / "alerts.jsonl")]
    late = [s for s in NOT_DELIVERED if s in REQUIRED_SOURCES]
    assert statuses.count("grouped") == len(late) + 1


def test_a_failing_error_check_blocks_everything_downstream(
    home: Path, tmp_path: Path, webhook: WebhookReceiver
) -> None:
    landing = tmp_path / "landing"
    write_reference(landing, weights_off=True)  # teller weights sum to 90: an ERROR

    @dg.asset(deps=[dg.AssetKey(["raw", "competency_models"])])
    def downstream_model() -> None:
        return None

    result = _materialize(home, landing, [downstream_model])
    evaluations = {
        (e.asset_key.path[-1], e.check_name): e for e in result.get_asset_check_evaluations()
    }
    suite = evaluations[("competency_models", "contract_suite")]
    assert not suite.passed and suite.severity == dg.AssetCheckSeverity.ERROR
    materialized = {e.asset_key for e in result.get_asset_materialization_events()}
    assert dg.AssetKey(["raw", "competency_models"]) in materialized
    assert downstream_model.key not in materialized
    # Raw sources that check their codes against the job families are held back too.
    assert dg.AssetKey(["raw", "hr_employees"]) not in materialized
    (alert,) = [r.json for r in webhook.bodies("/dq") if r.json["severity"] == "ERROR"]
    assert alert["rule"] == "rows.weights_sum_to_100" and alert["counts"]["rows_failing"] == 7


def test_landing_sensor_starts_a_build_once_files_settle(tmp_path: Path) -> None:
    landing = tmp_path / "landing"
    write_reference(landing)
    resource = _resource(tmp_path, landing)
    old = time.time() - 600
    for p in landing.rglob("*.csv"):
        os.utime(p, (old, old))
    with dg.build_sensor_context(resources={"warehouse": resource}) as context:
        first = landing_files_sensor(context)
    assert isinstance(first, dg.SensorResult) and len(first.run_requests) == 1
    assert first.run_requests[0].tags["talentloop/landed"] == (
        "competency_models,org_units,training_catalog"
    )
    with dg.build_sensor_context(resources={"warehouse": resource}, cursor=first.cursor) as ctx:
        assert isinstance(landing_files_sensor(ctx), dg.SkipReason)
    # A file still being written (modified just now) waits for the next tick.
    fresh = landing / "hr_employees" / "hr.csv"
    fresh.parent.mkdir()
    fresh.write_text("employee_id\n")
    snapshot = landing_snapshot(landing)
    assert new_landed_files(json.loads(first.cursor), snapshot) == []
    assert new_landed_files(json.loads(first.cursor), snapshot, clock=time.time() + 120) == [
        "hr_employees/hr.csv"
    ]


def test_landing_sensor_does_not_rebuild_what_the_published_build_loaded(tmp_path: Path) -> None:
    """A new Dagster home (`talentloop ui`) starts no build for files the last build loaded."""
    landing = tmp_path / "landing"
    write_reference(landing)
    old = time.time() - 600
    for p in landing.rglob("*.csv"):
        os.utime(p, (old, old))
    # Reference sources only: a required source is missing, so a check fails, but every file's
    # load is in the manifest.
    _materialize(tmp_path, landing)
    # The published copy holds the ingest's real load manifest.
    shutil.copyfile(tmp_path / "warehouse.duckdb", tmp_path / "serving.duckdb")
    assert len(published_landing_files(tmp_path / "serving.duckdb")) == len(
        landing_snapshot(landing)
    )
    resource = _resource(tmp_path, landing)
    with dg.build_sensor_context(resources={"warehouse": resource}) as context:
        first = landing_files_sensor(context)
    assert isinstance(first, dg.SkipReason)
    # A file that arrives afterwards still starts a build, and only it is named.
    late = landing / "hr_employees" / "hr_late.csv"
    late.parent.mkdir(exist_ok=True)
    late.write_text("employee_id\n")
    os.utime(late, (old, old))
    with dg.build_sensor_context(resources={"warehouse": resource}) as context:
        second = landing_files_sensor(context)
    assert isinstance(second, dg.SensorResult)
    assert second.run_requests[0].tags["talentloop/landed"] == "hr_employees"


def test_quality_definitions_wire_checks_schedule_and_sensors(tmp_path: Path) -> None:
    lead = dg.Definitions(
        assets=raw_assets,
        jobs=[dg.define_asset_job("build", selection=dg.AssetSelection.all())],
        resources={"warehouse": _resource(tmp_path, tmp_path / "landing")},
    )
    merged = dg.Definitions.merge(lead, quality_defs)
    graph = merged.resolve_asset_graph()
    checks = {(k.asset_key.to_user_string(), k.name) for k in graph.asset_check_keys}
    assert ("raw/hr_employees", "reconciliation") in checks
    assert ("raw/ai_interviews", "score_distribution") in checks
    assert ("raw/surveys", "freshness") in checks
    blocking = {
        spec.key.name
        for c in raw_source_checks()
        for spec in c.check_specs
        if spec.blocking and spec.asset_key.path[-1] == "hr_employees"
    }
    assert blocking == {"reconciliation", "contract_suite"}
    assert {s.name for s in merged.sensors} == {
        "landing_files_sensor",
        "run_failure_alert_sensor",
        "check_failure_alert_sensor",
    }
    assert [s.name for s in merged.schedules] == ["daily_build"]


def test_failure_sensors_alert_without_exception_text(
    home: Path, tmp_path: Path, webhook: WebhookReceiver
) -> None:
    @dg.asset
    def broken_model() -> None:
        # Exception texts can quote data; the alert must not.
        raise ValueError("bad row for 张伟 00012345")

    @dg.asset
    def fine_model() -> None:
        return None

    @dg.asset_check(asset=fine_model)
    def dbt_like_test() -> dg.AssetCheckResult:
        return dg.AssetCheckResult(passed=False, severity=dg.AssetCheckSeverity.WARN)

    resources = {"warehouse": _resource(home, tmp_path / "landing")}
    instance = dg.DagsterInstance.ephemeral()
    failing = dg.materialize([broken_model], instance=instance, raise_on_error=False)
    context = dg.build_run_status_sensor_context(
        sensor_name="run_failure_alert_sensor",
        dagster_instance=instance,
        dagster_run=failing.dagster_run,
        dagster_event=failing.get_run_failure_event(),
        resources=resources,
    ).for_run_failure()
    run_failure_alert_sensor(context)
    (alert,) = [r.json for r in webhook.bodies("/dq")]
    assert alert["rule"] == "run_failure" and alert["severity"] == "ERROR"
    assert alert["counts"] == {"steps_failed": 1} and "broken_model" in alert["summary"]
    assert alert["run_url"].endswith(failing.run_id)
    raw = webhook.received[0].body.decode()
    assert "张伟" not in raw and "00012345" not in raw

    passing = dg.materialize([fine_model, dbt_like_test], instance=instance)
    context = dg.build_run_status_sensor_context(
        sensor_name="check_failure_alert_sensor",
        dagster_instance=instance,
        dagster_run=passing.dagster_run,
        dagster_event=passing.get_run_success_event(),
        resources=resources,
    )
    check_failure_alert_sensor(context)
    check_alert = webhook.bodies("/dq")[-1].json
    assert (check_alert["rule"], check_alert["asset"], check_alert["severity"]) == (
        "dbt_like_test",
        "fine_model",
        "WARN",
    )
