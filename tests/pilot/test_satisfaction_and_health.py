"""Satisfaction and integration health on small tables computed by hand."""

from __future__ import annotations

import dataclasses
from datetime import datetime

import polars as pl
import pytest

from analytics.pilot import integration_health_table, load_thresholds, satisfaction_table
from analytics.pilot.stats import wilson_interval

T = dataclasses.replace(load_thresholds(), min_responses=3)


def test_satisfaction_per_question_and_overall_by_hand():
    # HR users: r1 answers 5,3, r2 4,4, r3 2,5: 4 of 6 answers are 4-5 (Q1 2/3, Q2 2/3).
    responses = pl.DataFrame(
        {
            "response_id": ["r1", "r1", "r2", "r2", "r3", "r3", "c1"],
            "respondent_type": ["hr_user"] * 6 + ["candidate"],
            "question_code": ["Q1", "Q2"] * 3 + ["Q1"],
            "answer": [5, 3, 4, 4, 2, 5, 5],
        }
    )
    table = satisfaction_table(responses, T)

    def row(who: str, q: str) -> dict:
        return table.filter(
            (pl.col("respondent_type") == who) & (pl.col("question_code") == q)
        ).row(0, named=True)

    assert row("hr_user", "Q1")["share_satisfied"] == pytest.approx(2 / 3)
    assert row("hr_user", "Q2")["share_satisfied"] == pytest.approx(2 / 3)
    overall = row("hr_user", "overall")
    assert (overall["n"], overall["n_satisfied"]) == (6, 4)
    assert overall["share_satisfied"] == pytest.approx(4 / 6)
    # The interval is sized by the 3 questionnaires, not the 6 answers: 2 of 3.
    assert (overall["ci_low"], overall["ci_high"]) == pytest.approx(wilson_interval(2, 3))
    # One candidate is under the minimum of 3: counted, not shown.
    cand = row("candidate", "overall")
    assert (cand["status"], cand["share_satisfied"], cand["n"]) == ("insufficient", None, 1)


def test_integration_health_per_source_and_load_by_hand():
    t1, t2 = datetime(2025, 6, 1, 8), datetime(2025, 6, 2, 8)
    manifest = pl.DataFrame(
        {
            "load_id": ["L1", "L1", "L2", "L2", "L1"],
            "source": ["hr_employees", "hr_employees", "hr_employees", "hr_employees", "exits"],
            "file": ["a.csv", "b.csv", "a.csv", "c.csv", "x.csv"],
            "status": ["loaded", "rejected", "skipped_seen", "loaded", "loaded"],
            "rows_read": [100, 10, 0, 50, 20],
            "rows_loaded": [98, 0, 0, 50, 19],
            "rows_quarantined": [2, 10, 0, 0, 1],
            "loaded_at": [t1, t1, t2, t2, t1],
        }
    )
    ids = pl.DataFrame(
        {
            "source": ["hr_employees", "hr_employees", "exits"],
            "load_id": ["L1", "L2", "L1"],
            "ids_total": [100, 150, 20],
            "ids_matched": [99, 149, 19],
            "ids_conflicting": [1, 0, 1],
        }
    )
    cadence = {"hr_employees": 1, "exits": 7}
    # As of 2025-06-10: hr_employees last got a file on 06-02 (8 days > 1 + 1 grace): late;
    # exits on 06-01 (9 days > 7 + 1): late as well. As of 06-03 only hr_employees is fine.
    health = integration_health_table(manifest, ids, cadence, datetime(2025, 6, 3, 8), T)
    hr1 = health.filter(pl.col("load_id") == "L1", pl.col("source") == "hr_employees").row(
        0, named=True
    )
    assert (hr1["files"], hr1["files_rejected"], hr1["rows_read"], hr1["rows_quarantined"]) == (
        1,
        1,
        110,
        12,
    )
    assert hr1["sync_success_rate"] == pytest.approx(0.99) and hr1["is_latest_load"] is False
    hr2 = health.filter(pl.col("load_id") == "L2").row(0, named=True)
    assert hr2["is_latest_load"] is True and hr2["is_late"] is False
    assert hr2["days_since_last_file"] == pytest.approx(1.0)
    exits = health.filter(pl.col("source") == "exits").row(0, named=True)
    assert exits["conflict_rate"] == pytest.approx(0.05) and exits["is_late"] is False
    later = integration_health_table(manifest, ids, cadence, datetime(2025, 6, 10, 8), T)
    assert later.filter(pl.col("is_latest_load"))["is_late"].to_list() == [True, True]
