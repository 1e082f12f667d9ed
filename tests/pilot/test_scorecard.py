"""The scorecard: statuses against thresholds, trend between builds and alerts."""

from __future__ import annotations

from datetime import datetime

import polars as pl
import pytest

from analytics.pilot import add_trend, alert_message, build_scorecard, load_thresholds
from analytics.pilot.adverse_impact import OUTPUT_SCHEMA as AUDIT_SCHEMA
from analytics.pilot.agreement import OUTPUT_SCHEMA as AGREEMENT_SCHEMA
from analytics.pilot.integration_health import OUTPUT_SCHEMA as HEALTH_SCHEMA
from analytics.pilot.satisfaction import OUTPUT_SCHEMA as SATISFACTION_SCHEMA

T = load_thresholds()


def _agreement(values: dict[tuple[str, str], float | None]) -> pl.DataFrame:
    rows = []
    for (family, comp), value in values.items():
        rows.append(
            {
                "level": "competency_family",
                "competency": comp,
                "job_family": family,
                "model_version": "all",
                "month": "all",
                "metric": "within_one",
                "n_pairs": 100 if value is not None else 5,
                "n_blind": 50,
                "value": value,
                "ci_low": None if value is None else value - 0.05,
                "ci_high": None if value is None else value + 0.05,
                "status": "ok" if value is not None else "insufficient",
            }
        )
    return pl.DataFrame(rows, schema=AGREEMENT_SCHEMA)


def _audit(ratios: dict[str, tuple[float | None, bool]]) -> pl.DataFrame:
    rows = []
    for category, (ratio, significant) in ratios.items():
        below = None if ratio is None else ratio < 0.8
        rows.append(
            {
                "audit": "ai_score",
                "outcome": "scoring",
                "dimension": "sex",
                "category": category,
                "n": 100,
                "share_of_sample": 0.5,
                "hits": 50,
                "rate": 0.5,
                "impact_ratio": ratio,
                "p_value": None,
                "status": "included",
                "below_four_fifths": below,
                "is_significant": significant,
                "flagged": bool(below and significant),
                "n_sample": 200,
                "median_score": 5.0,
            }
        )
    return pl.DataFrame(rows, schema=AUDIT_SCHEMA)


SATISFACTION = pl.DataFrame(
    [
        {"respondent_type": "hr_user", "question_code": "overall", "n": 40, "n_satisfied": 36,
         "share_satisfied": 0.9, "ci_low": 0.77, "ci_high": 0.96, "status": "ok"},
        {"respondent_type": "candidate", "question_code": "overall", "n": 100, "n_satisfied": 80,
         "share_satisfied": 0.8, "ci_low": 0.71, "ci_high": 0.87, "status": "ok"},
    ],
    schema=SATISFACTION_SCHEMA,
)  # fmt: skip

HEALTH = pl.DataFrame(
    [
        {"source": "hr_employees", "load_id": "L1", "loaded_at": datetime(2025, 6, 2), "is_latest_load": True, "ids_total": 1000,
         "ids_matched": 995, "ids_conflicting": 5, "sync_success_rate": 0.995, "conflict_rate": 0.005},
        {"source": "ai_interviews", "load_id": "L1", "loaded_at": datetime(2025, 6, 2), "is_latest_load": True, "ids_total": 1000,
         "ids_matched": 980, "ids_conflicting": 20, "sync_success_rate": 0.98, "conflict_rate": 0.02},
        {"source": "ai_interviews", "load_id": "L0", "loaded_at": datetime(2025, 6, 1), "is_latest_load": False, "ids_total": 10,
         "ids_matched": 10, "ids_conflicting": 0, "sync_success_rate": 1.0, "conflict_rate": 0.0},
    ],
    schema=HEALTH_SCHEMA,
)  # fmt: skip


def _card(agreement_value: float = 0.7, ratio: float = 0.9, significant: bool = False):
    agreement = _agreement(
        {
            ("customer_manager", "risk_awareness"): agreement_value,
            ("customer_manager", "communication"): 0.9,
            ("teller", "communication"): None,
        }
    )
    audit = _audit({"M": (1.0, None), "F": (ratio, significant)})
    return build_scorecard(agreement, audit, SATISFACTION, HEALTH, T)


def _status(card: pl.DataFrame, criterion: str, scope: str) -> str:
    return card.filter((pl.col("criterion") == criterion) & (pl.col("scope") == scope))["status"][0]


def test_each_criterion_is_judged_against_its_threshold():
    card = _card()
    assert _status(card, "ai_human_consistency", "customer_manager / risk_awareness") == "fail"
    assert _status(card, "ai_human_consistency", "customer_manager / communication") == "pass"
    assert _status(card, "ai_human_consistency", "teller / communication") == "insufficient"
    assert _status(card, "integration_sync_success", "hr_employees") == "pass"
    assert _status(card, "integration_sync_success", "ai_interviews") == "fail"  # 98% < 99%
    assert _status(card, "integration_conflict_rate", "ai_interviews") == "fail"  # 2% > 1%
    assert _status(card, "hr_satisfaction", "hr_user") == "pass"
    assert _status(card, "candidate_satisfaction", "candidate") == "fail"  # 80% < 85%
    assert _status(card, "adverse_impact", "ai_score / sex") == "pass"
    # Only the latest load of a source is judged.
    assert card.filter(pl.col("criterion") == "integration_sync_success").height == 2
    assert card.select("criterion", "scope").is_unique().all()


def test_adverse_impact_under_four_fifths_is_review_or_fail():
    assert _status(_card(ratio=0.7), "adverse_impact", "ai_score / sex") == "review"
    card = _card(ratio=0.7, significant=True)
    assert _status(card, "adverse_impact", "ai_score / sex") == "fail"
    row = card.filter(pl.col("criterion") == "adverse_impact").row(0, named=True)
    assert row["figure"] == pytest.approx(0.7) and row["detail"] == "flagged: F"


def test_trend_and_alerts_between_two_builds():
    first = add_trend(_card(agreement_value=0.85), None)
    scope = "customer_manager / risk_awareness"
    row = first.filter(pl.col("scope") == scope).row(0, named=True)
    assert (row["trend"], row["alert"]) == ("new", False)
    # First build: everything that fails alerts once.
    assert set(first.filter(pl.col("alert"))["alert_reason"]) == {"failed"}

    second = add_trend(_card(agreement_value=0.7), first)
    row = second.filter(pl.col("scope") == scope).row(0, named=True)
    assert (row["trend"], row["previous_status"], row["status"]) == ("down", "pass", "fail")
    assert row["alert"] is True and row["alert_reason"] == "failed"
    # Criteria that kept failing do not alert again.
    assert second.filter(pl.col("alert"))["scope"].to_list() == [scope]

    third = add_trend(_card(agreement_value=0.82), second)
    row = third.filter(pl.col("scope") == scope).row(0, named=True)
    assert (row["trend"], row["alert_reason"]) == ("up", "recovered")
    steady = third.filter(pl.col("scope") == "customer_manager / communication").row(0, named=True)
    assert (steady["trend"], steady["alert"]) == ("flat", False)
    message = alert_message(row)
    assert "ai_human_consistency" in message and "fail -> pass" in message


def test_scorecard_renders_as_markdown():
    from analytics.pilot.report import scorecard_markdown

    text = scorecard_markdown(add_trend(_card(), None))
    row = next(line for line in text.splitlines() if "risk_awareness" in line)
    assert "| 70.0% | >= 80.0% | **FAIL** | new | 100 |" in row
    impact = next(line for line in text.splitlines() if "ai_score / sex" in line)
    assert "| 0.90 | >= 0.80 | pass |" in impact
