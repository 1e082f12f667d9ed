"""The data-quality page says why the latest build was not published: the serving copy stays
the previous good one, and the alerts recorded after its publication (in `<home>/alerts.jsonl`,
written by the real alert model and log) are shown as the reason, in words (no check codes), in
both languages; the headline (rows set aside, sources, IDs) comes first and check names, alert
IDs and loads only in the technical expander."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time
from pathlib import Path

import pytest

from dashboards.build_status import alerts_since, published_at
from orchestration.alerting import Alert, load_alert_config, send_alert
from orchestration.alerting.store import append_log
from orchestration.publish import publish
from tests.dashboard.test_app_headcount import signed_in

PUBLISHED = dt.datetime(2026, 3, 1, 8, 0, 0)


def _log(home: Path, alert: Alert, status: str = "logged") -> None:
    append_log(
        home / "alerts.jsonl",
        {"alert_id": f"a{alert.created_at:%H%M%S}", **alert.to_dict(), "status": status},
    )


@pytest.fixture
def quality_home(tiny_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home of its own: the tiny serving copy published at PUBLISHED, an alert before it."""
    home = tmp_path / "home"
    home.mkdir()
    shutil.copyfile(tiny_home / "serving.duckdb", home / "serving.duckdb")
    shutil.copyfile(tiny_home / "users.toml", home / "users.toml")
    stamp = PUBLISHED.replace(tzinfo=dt.UTC).timestamp()
    os.utime(home / "serving.duckdb", (stamp, stamp))
    _log(
        home,
        Alert(
            rule="row_count_drop",
            severity="WARN",
            source="employees",
            counts={"rows": 90},
            created_at=PUBLISHED - dt.timedelta(hours=1),
        ),
    )
    monkeypatch.setenv("TALENTLOOP_HOME", str(home))
    monkeypatch.delenv("TALENTLOOP_USERS", raising=False)
    return home


def _blocking_alert() -> Alert:
    return Alert(
        rule="rows.weights_sum_to_100",
        severity="ERROR",
        source="competency_models",
        file="competency_models/models_fix.csv",
        counts={"job_families_failing": 1},
        created_at=PUBLISHED + dt.timedelta(days=1),
    )


def _messages(at) -> str:
    return "\n".join(e.value for e in [*at.error, *at.warning])


def test_no_reason_when_nothing_was_recorded_after_publication(quality_home: Path) -> None:
    assert published_at(quality_home / "serving.duckdb") == PUBLISHED
    at = signed_in("admin")
    at.switch_page("app_pages/quality.py").run()
    assert not at.exception, at.exception
    assert not at.error and not at.warning
    captions = [c.value for c in at.caption]
    assert "The data shown was published at Mar 1, 2026 08:00 (UTC)." in captions
    assert "No alerts recorded since publication." in captions


def test_a_newer_error_alert_is_shown_as_the_reason_in_both_languages(
    quality_home: Path,
) -> None:
    _log(quality_home, _blocking_alert())
    # The same failure again in a later build is grouped: it is one reason, not two.
    _log(
        quality_home,
        Alert(**{**_blocking_alert().__dict__, "created_at": PUBLISHED + dt.timedelta(days=2)}),
        status="grouped",
    )
    at = signed_in("exec")
    at.switch_page("app_pages/quality.py").run()
    assert not at.exception, at.exception
    shown = _messages(at)
    assert shown.startswith("The latest build was not published")
    assert (
        "Records break a business rule: competency_models/models_fix.csv "
        "(Error (stops publication); Mar 3, 2026 08:00 UTC)"
    ) in shown
    assert shown.count("business rule") == 1
    assert "weights_sum_to_100" not in shown  # the check's name is for the technical detail
    assert "Unusual number of rows" not in shown  # recorded before the copy was published
    at.session_state["lang"] = "zh"
    at.run()
    assert not at.exception, at.exception
    assert "最新一次构建未发布" in _messages(at)
    assert "记录违反业务规则：competency_models/models_fix.csv（错误（阻止发布）" in _messages(at)


def test_newer_warnings_are_listed_apart_from_blocking_errors(quality_home: Path) -> None:
    _log(
        quality_home,
        Alert(
            rule="late_delivery",
            severity="WARN",
            source="training_enrollments",
            counts={"days_late": 3},
            created_at=PUBLISHED + dt.timedelta(minutes=5),
        ),
    )
    newer = alerts_since(quality_home / "alerts.jsonl", PUBLISHED)
    assert [(a.rule, a.blocking) for a in newer] == [("late_delivery", False)]
    at = signed_in("admin")
    at.switch_page("app_pages/quality.py").run()
    assert not at.exception, at.exception
    assert not at.error
    assert "Late delivery: Training enrollments (Warning; " in at.warning[0].value


def test_real_publish_then_a_real_error_alert(tiny_home: Path, tmp_path: Path, monkeypatch) -> None:
    """The copy swapped in by the build's own publish step, then an ERROR alert sent the way a
    blocked build sends it (no channel configured: the alert is logged)."""
    home = tmp_path / "home"
    home.mkdir()
    shutil.copyfile(tiny_home / "users.toml", home / "users.toml")
    shutil.copyfile(tiny_home / "serving.duckdb", home / "warehouse.duckdb")
    monkeypatch.setenv("TALENTLOOP_HOME", str(home))
    monkeypatch.delenv("TALENTLOOP_USERS", raising=False)
    monkeypatch.delenv("TALENTLOOP_ALERTS", raising=False)
    config = load_alert_config(home=home)
    # The build's own WARN, sent before its copy is published: not a reason.
    send_alert(Alert(rule="late_delivery", severity="WARN", source="training_enrollments"), config)
    publish(home / "warehouse.duckdb", home / "serving.duckdb", key=b"a-test-key-0123456789")
    time.sleep(0.05)  # the next build, later
    send_alert(
        Alert(
            rule="rows.weights_sum_to_100",
            severity="ERROR",
            source="competency_models",
            asset="raw/competency_models",
            file="competency_models/models_fix.csv",
            counts={"failed_rows": 4},
        ),
        config,
    )
    at = signed_in("admin")
    at.switch_page("app_pages/quality.py").run()
    assert not at.exception, at.exception
    assert not at.warning, at.warning[0].value
    assert len(at.error) == 1
    assert at.error[0].value.startswith("The latest build was not published")
    assert (
        "Records break a business rule: competency_models/models_fix.csv "
        "(Error (stops publication), 4 rows; "
    ) in at.error[0].value


def test_before_the_first_publish_pages_show_the_running_build(
    tiny_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`make demo` serves before the sample is built: a page shows the build's stage and dbt's
    progress from the real build lock and the build's log, not an error."""
    from orchestration.build_lock import hold

    home = tmp_path / "home"
    (home / "logs").mkdir(parents=True)
    shutil.copyfile(tiny_home / "users.toml", home / "users.toml")
    monkeypatch.setenv("TALENTLOOP_HOME", str(home))
    monkeypatch.delenv("TALENTLOOP_USERS", raising=False)
    at = signed_in("admin")
    at.switch_page("app_pages/quality.py").run()
    assert not at.exception, at.exception
    assert any("No published serving copy yet" in i.value for i in at.info)
    with hold(home, "build"):
        (home / "logs" / "build-20990101T000000Z.log").write_text(
            "2099-01-01 00:00:00 +0000 - dagster - INFO - build - r1 - warehouse_models - go\n"
            "Running with dbt=1.11\n1 of 200 START sql table model marts.dim_date [RUN]\n"
            "50 of 200 OK created sql table model marts.dim_date [OK in 1.0s]\n",
            encoding="utf-8",
        )
        at.run()
        assert not at.exception, at.exception
        shown = " ".join(i.value for i in at.info)
        assert "The sample is being built" in shown and "building the warehouse" in shown
        assert "50 of 200 steps done" in at.get("progress")[0].proto.text
    at.run()
    assert any("No published serving copy yet" in i.value for i in at.info)
