"""Alerts delivered to a real local HTTP server and a real local SMTP server (aiosmtpd)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from email import message_from_bytes
from email.policy import default as default_policy
from pathlib import Path

import duckdb
import pytest

from orchestration.alerting import (
    Alert,
    AlertConfig,
    ChannelConfig,
    PersonalDataError,
    load_alert_config,
    read_alert_log,
    send_alert,
    sync_alert_tables,
)
from tests.quality.receivers import SmtpReceiver, WebhookReceiver

RUN_ID = "3f0c1e2a-7b4d-4e8f-9a61-0c2d5e6f7a8b"


def _alert(**kw) -> Alert:
    base = dict(
        rule="quarantine.unknown_reference",
        severity="WARN",
        source="hr_employees",
        file="hr_employees/hr_20250630.csv",
        counts={"rows_quarantined": 2, "rows_read": 41, "rows_loaded": 37},
        run_id=RUN_ID,
        run_url=f"http://localhost:3000/runs/{RUN_ID}",
        asset="raw.hr_employees",
        summary="rows quarantined by rule unknown_reference",
    )
    base.update(kw)
    return Alert(**base)


def _config(tmp_path: Path, *channels: ChannelConfig, **kw) -> AlertConfig:
    kw.setdefault("backoff_seconds", 0.01)
    return AlertConfig(channels=channels, home=tmp_path, **kw)


def test_every_webhook_format_reaches_the_receiver(
    tmp_path: Path, webhook: WebhookReceiver
) -> None:
    b = webhook.base
    config = _config(
        tmp_path,
        ChannelConfig("ops", "webhook", url=f"{b}/generic"),
        ChannelConfig("wecom", "wecom", url=f"{b}/wecom?key=k"),
        ChannelConfig("ding", "dingtalk", url=f"{b}/ding?access_token=t", secret="SECdt"),
        ChannelConfig("feishu", "feishu", url=f"{b}/feishu", secret="fs-secret"),
        ChannelConfig("slack", "slack", url=f"{b}/slack"),
    )
    deliveries = send_alert(_alert(), config)
    assert [(d.channel, d.status, d.attempts) for d in deliveries] == [
        ("ops", "sent", 1),
        ("wecom", "sent", 1),
        ("ding", "sent", 1),
        ("feishu", "sent", 1),
        ("slack", "sent", 1),
    ]
    (generic,) = webhook.bodies("/generic")
    assert generic.json["event"] == "talentloop.alert"
    assert generic.json["source"] == "hr_employees"
    assert generic.json["file"] == "hr_employees/hr_20250630.csv"
    assert generic.json["rule"] == "quarantine.unknown_reference"
    assert generic.json["counts"] == {"rows_quarantined": 2, "rows_read": 41, "rows_loaded": 37}
    assert generic.json["run_url"].endswith(RUN_ID)

    (wecom,) = webhook.bodies("/wecom")
    assert wecom.json["msgtype"] == "markdown"
    content = wecom.json["markdown"]["content"]
    assert "hr_employees/hr_20250630.csv" in content and "rows_quarantined=2" in content
    assert f"/runs/{RUN_ID}" in content

    (ding,) = webhook.bodies("/ding")
    assert ding.json["msgtype"] == "markdown" and ding.json["markdown"]["title"]
    ts = ding.query["timestamp"][0]
    expected = base64.b64encode(
        hmac.new(b"SECdt", f"{ts}\nSECdt".encode(), hashlib.sha256).digest()
    ).decode()
    assert ding.query["sign"][0] == expected and ding.query["access_token"] == ["t"]

    (feishu,) = webhook.bodies("/feishu")
    assert feishu.json["msg_type"] == "post"
    post = feishu.json["content"]["post"]["zh_cn"]
    assert any(el.get("href", "").endswith(RUN_ID) for row in post["content"] for el in row)
    fs_key = f"{feishu.json['timestamp']}\nfs-secret".encode()
    expected = base64.b64encode(hmac.new(fs_key, b"", hashlib.sha256).digest()).decode()
    assert feishu.json["sign"] == expected

    (slack,) = webhook.bodies("/slack")
    assert slack.json["text"].startswith("[WARN]")
    assert slack.json["blocks"][0]["type"] == "header"
    assert "hr_employees/hr_20250630.csv" in slack.json["blocks"][1]["text"]["text"]


def test_a_receiver_that_fails_twice_gets_the_alert_on_retry(
    tmp_path: Path, webhook: WebhookReceiver
) -> None:
    webhook.fail_first["/flaky"] = 2
    config = _config(tmp_path, ChannelConfig("flaky", "webhook", url=f"{webhook.base}/flaky"))
    con = duckdb.connect(str(tmp_path / "warehouse.duckdb"))
    (delivery,) = send_alert(_alert(), config, con=con)
    assert delivery.status == "sent" and delivery.attempts == 3
    assert len(webhook.failed) == 2 and len(webhook.bodies("/flaky")) == 1
    # Every attempt is recorded, in the log and in ops.alerts / ops.alert_deliveries.
    (record,) = read_alert_log(config.log_path)
    assert [a["ok"] for a in record["attempts"]] == [False, False, True]
    assert con.execute("select status, channels_sent from ops.alerts").fetchall() == [("sent", 1)]
    attempts = con.execute(
        "select attempt, ok, status_code from ops.alert_deliveries order by attempt"
    ).fetchall()
    assert attempts == [(1, False, 500), (2, False, 500), (3, True, 200)]


def test_delivery_that_keeps_failing_is_recorded_and_not_grouped(
    tmp_path: Path, webhook: WebhookReceiver
) -> None:
    webhook.fail_first["/down"] = 100
    config = _config(
        tmp_path, ChannelConfig("down", "webhook", url=f"{webhook.base}/down"), retries=2
    )
    (first,) = send_alert(_alert(), config)
    assert first.status == "failed" and first.attempts == 3 and first.status_code == 500
    # Nobody heard the first one, so an identical alert is tried again, not grouped.
    (second,) = send_alert(_alert(), config)
    assert second.status == "failed"
    assert [r["status"] for r in read_alert_log(config.log_path)] == ["failed", "failed"]


def test_vendor_error_codes_count_as_failures(tmp_path: Path, webhook: WebhookReceiver) -> None:
    webhook.replies["/ding"] = json.dumps({"errcode": 310000, "errmsg": "sign not match"}).encode()
    config = _config(
        tmp_path, ChannelConfig("ding", "dingtalk", url=f"{webhook.base}/ding"), retries=1
    )
    (d,) = send_alert(_alert(), config)
    assert d.status == "failed" and "310000" in (d.error or "")


def test_identical_alerts_are_grouped(tmp_path: Path, webhook: WebhookReceiver) -> None:
    config = _config(tmp_path, ChannelConfig("ops", "webhook", url=f"{webhook.base}/g"))
    assert send_alert(_alert(), config)[0].status == "sent"
    repeat = send_alert(_alert(), config)
    assert repeat[0].status == "grouped"
    other_file = send_alert(_alert(file="hr_employees/hr_20250701.csv"), config)
    assert other_file[0].status == "sent"
    # The same file re-delivered with another number of bad rows is news.
    worse = send_alert(_alert(counts={"rows_quarantined": 9, "rows_read": 41}), config)
    assert worse[0].status == "sent"
    # A late source stays late: the hours since its last delivery do not make it news.
    late = [
        send_alert(_alert(rule="freshness", file=None, counts={"hours_since_delivery": h}), config)
        for h in (30, 54)
    ]
    assert [d[0].status for d in late] == ["sent", "grouped"]
    assert len(webhook.bodies("/g")) == 4
    log = read_alert_log(config.log_path)
    assert [r["status"] for r in log] == ["sent", "grouped", "sent", "sent", "sent", "grouped"]
    assert log[1]["grouped_into"] == log[0]["alert_id"]
    # Past the window the reminder goes out again.
    later = _config(
        tmp_path,
        ChannelConfig("ops", "webhook", url=f"{webhook.base}/g"),
        group_window_minutes=0,
    )
    assert send_alert(_alert(), later)[0].status == "sent"


def test_a_build_records_its_alert_at_once_and_others_at_the_next_sync(tmp_path: Path) -> None:
    """With the build's connection an alert lands in ops.alerts as the log holds it; one sent
    without it (a sensor) waits for the next sync, which adds it once."""
    config = _config(tmp_path)
    con = duckdb.connect(str(tmp_path / "warehouse.duckdb"))
    send_alert(_alert(file="hr_employees/a.csv"), config)
    send_alert(_alert(file="hr_employees/b.csv"), config, con=con)
    columns = "alert_id, file, status, counts::varchar, created_at::varchar"
    query = f"select {columns} from ops.alerts order by file"
    assert [r[1:3] for r in con.execute(query).fetchall()] == [("hr_employees/b.csv", "logged")]
    assert sync_alert_tables(con, config.log_path) == 1
    assert sync_alert_tables(con, config.log_path) == 0
    log = read_alert_log(config.log_path)
    stored = con.execute(query).fetchall()
    assert [(r[0], r[1], r[2], json.loads(r[3])) for r in stored] == [
        (r["alert_id"], r["file"], r["status"], r["counts"]) for r in log
    ]


def test_severity_and_source_filters(tmp_path: Path, webhook: WebhookReceiver) -> None:
    config = _config(
        tmp_path,
        ChannelConfig("errors", "webhook", url=f"{webhook.base}/e", min_severity="ERROR"),
        ChannelConfig("hr", "webhook", url=f"{webhook.base}/hr", sources=("hr_employees",)),
    )
    statuses = {d.channel: d.status for d in send_alert(_alert(), config)}
    assert statuses == {"errors": "filtered", "hr": "sent"}


def test_email_over_smtp_with_starttls_and_login(tmp_path: Path, smtp: SmtpReceiver) -> None:
    channel = ChannelConfig(
        "mail",
        "email",
        host="127.0.0.1",
        port=smtp.port,
        security="starttls",
        username="dq-robot",
        password="s3cret-pass",
        sender="talentloop@bank.example",
        to=("hris-owners@bank.example",),
        ca_file=str(smtp.cert),
    )
    (d,) = send_alert(_alert(severity="ERROR"), _config(tmp_path, channel))
    assert d.status == "sent", d.error
    assert smtp.logins == ["dq-robot"]
    (raw,) = smtp.inbox.messages
    msg = message_from_bytes(raw, policy=default_policy)
    assert (
        msg["Subject"]
        .strip()
        .startswith("[ERROR] TalentLoop data quality: quarantine.unknown_reference")
    )
    body = msg.get_content()
    assert "file: hr_employees/hr_20250630.csv" in body and f"/runs/{RUN_ID}" in body


def test_email_with_a_wrong_password_fails_after_retries(
    tmp_path: Path, smtp: SmtpReceiver
) -> None:
    channel = ChannelConfig(
        "mail",
        "email",
        host="127.0.0.1",
        port=smtp.port,
        username="dq-robot",
        password="wrong",
        sender="talentloop@bank.example",
        to=("hris-owners@bank.example",),
        ca_file=str(smtp.cert),
    )
    (d,) = send_alert(_alert(), _config(tmp_path, channel, retries=1))
    assert d.status == "failed" and d.attempts == 2 and d.status_code == 535
    assert smtp.inbox.messages == []


@pytest.mark.parametrize(
    "field,value",
    [
        ("summary", "employee 00012345 has a bad org unit"),
        ("summary", "张伟 has a bad org unit"),
        ("summary", "candidate C000123456"),
        ("summary", "learner LMS-00012345"),
        ("summary", "vendor XY00012345"),
        ("summary", "hash " + "ab" * 32),
        ("summary", "mail zhang.wei@bank.example"),
        ("file", "hr_employees/00012345_resume.csv"),
        ("file", "hr_employees/１２３４５.csv"),
        ("rule", "score=7.5 for 张伟"),
    ],
)
def test_alerts_refuse_personal_data(field: str, value: str) -> None:
    with pytest.raises(PersonalDataError):
        _alert(**{field: value})


def test_alert_counts_must_be_integers() -> None:
    with pytest.raises(PersonalDataError):
        _alert(counts={"score": 7.5})
    # Dates in file names are fine, and so are Chinese file names.
    _alert(file="hr_employees/人事导出_20250630.csv")


def test_the_example_channels_file_parses(tmp_path: Path, monkeypatch) -> None:
    example = Path(__file__).resolve().parents[2] / "alerts.example.toml"
    for var in ("WECOM_ROBOT_URL", "DINGTALK_ROBOT_URL", "DINGTALK_SECRET", "FEISHU_ROBOT_URL"):
        monkeypatch.setenv(var, "http://127.0.0.1:9/x")
    monkeypatch.setenv("SLACK_WEBHOOK_URL", "http://127.0.0.1:9/x")
    monkeypatch.setenv("TALENTLOOP_SMTP_PASSWORD", "pw")
    monkeypatch.setenv("TALENTLOOP_ALERTS", str(example))
    config = load_alert_config(home=tmp_path)
    assert [c.kind for c in config.channels] == [
        "webhook",
        "wecom",
        "dingtalk",
        "feishu",
        "slack",
        "email",
    ]
    assert config.log_path == tmp_path / "alerts.jsonl"
    monkeypatch.delenv("TALENTLOOP_ALERTS")
    assert load_alert_config(home=tmp_path).channels == ()  # no file: record only
