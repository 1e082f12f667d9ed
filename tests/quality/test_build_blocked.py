"""End to end through the lead's `run_build`: a failing ERROR check stops publishing, the
serving copy stays the previous good one, and the alert record says why."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest

from orchestration.alerting import read_alert_log
from tests.quality.landing import write_reference

QUALITY_CHECKS = {"reconciliation", "contract_suite", "score_distribution", "mart_suite"}


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.slow
def test_run_build_keeps_the_good_serving_copy_when_an_error_check_fails(
    tmp_path: Path, monkeypatch
) -> None:
    try:
        from orchestration.build import run_build
        from orchestration.definitions import build_definitions
        from sample_enterprise import generate

        build_definitions(str(tmp_path / "probe"), str(tmp_path / "probe"))
    except Exception as exc:  # noqa: BLE001 - other areas are written in parallel
        pytest.skip(f"the full build does not load yet: {type(exc).__name__}: {exc}"[:300])
    from ingest.settings import load_settings

    for var in ("TALENTLOOP_ALERTS", "TALENTLOOP_HOME", "TALENTLOOP_LANDING"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "home" / "dagster"))
    home, landing = tmp_path / "home", tmp_path / "landing"
    home.mkdir()
    (home / "alerts.toml").write_text("[defaults]\nbackoff_seconds = 0.01\n")
    generate(landing, 150, seed=5, as_of=date(2025, 6, 30))
    settings = load_settings(home=home, landing=landing)

    first = run_build(settings)
    # The quality checks themselves must let a clean generated enterprise through.
    ours = [c for c in first.blocking_failures if c.name in QUALITY_CHECKS]
    assert ours == [], [(c.asset, c.name, c.description) for c in ours]
    if not first.published:
        pytest.skip(f"the first build failed outside the quality checks: {first.failed_steps}")
    good = _digest(settings.serving_path)

    # A new competency-model file whose teller weights sum to 90 arrives.
    bad = tmp_path / "bad"
    write_reference(bad, weights_off=True)
    (landing / "competency_models" / "models_fix.csv").write_bytes(
        (bad / "competency_models" / "models_2024.csv").read_bytes()
    )
    second = run_build(settings)
    assert not second.published and second.exit_code == 1
    assert ("raw/competency_models", "contract_suite") in {
        (c.asset, c.name) for c in second.blocking_failures
    }
    assert _digest(settings.serving_path) == good

    errors = [
        (r["rule"], r["source"])
        for r in read_alert_log(home / "alerts.jsonl")
        if r["severity"] == "ERROR" and r["run_id"] == second.run_id
    ]
    assert ("rows.weights_sum_to_100", "competency_models") in errors
