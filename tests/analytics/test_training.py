"""Competency gaps, course recommendations and the training effect on small hand-built tables."""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl
import pytest

from analytics import training

COURSES = pl.DataFrame(
    {
        "course_code": ["CRS001", "CRS002", "CRS003", "CRS004"],
        "competency_code": ["risk_awareness", "risk_awareness", "communication", "stability"],
        "name_en": ["Risk basics", "Risk advanced", "Speaking", "Resilience"],
        "hours": [8.0, 16.0, 4.0, 6.0],
    }
)


def _quarter_start(i: int) -> date:
    return date(2020 + i // 4, 1 + 3 * (i % 4), 1)


def _history(
    employees: int = 300, seed: int = 0, effect: float = 1.0
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Quarterly reviews for 12 quarters; a third take CRS001 in quarter 6 and then gain `effect`."""
    rng = np.random.default_rng(seed)
    rows, enroll = [], []
    for e in range(employees):
        key = f"{e:08d}"
        level = rng.normal(6, 1)
        takes = e % 3 == 0
        for q in range(12):
            gain = effect if takes and q > 6 else 0.0
            drift = 0.05 * q  # everyone improves a little: the control group must absorb this
            rows.append(
                (key, "teller", _quarter_start(q), level + gain + drift + rng.normal(0, 0.3))
            )
        if takes:
            enroll.append((key, "CRS001", date(2021, 8, 15)))  # quarter index 6
        elif e % 3 == 1:
            enroll.append((key, "CRS003", None))  # enrolled, never completed
    reviews = pl.DataFrame(
        rows, schema=["employee_key", "job_family", "period_start", "score"], orient="row"
    )
    enrollments = pl.DataFrame(
        enroll,
        schema={"employee_key": pl.String, "course_code": pl.String, "completed_date": pl.Date},
        orient="row",
    )
    return reviews, enrollments


def test_training_effect_recovers_planted_gain_net_of_drift() -> None:
    reviews, enrollments = _history(effect=1.0)
    outcomes = training.training_outcomes(reviews, enrollments)
    assert outcomes.height == enrollments.filter(pl.col("completed_date").is_not_null()).height
    effect = training.training_effect(outcomes, COURSES)
    crs1 = effect.filter(pl.col("course_code") == "CRS001").row(0, named=True)
    assert crs1["takers"] == 100 and crs1["is_estimated"]
    # Planted +1.0 after the course; the common drift is removed by the comparison group.
    assert crs1["effect"] == pytest.approx(1.0, abs=0.15)
    assert crs1["mean_change_takers"] > crs1["effect"]
    assert crs1["is_significant"]
    # Courses nobody completed are listed without an effect.
    crs3 = effect.filter(pl.col("course_code") == "CRS003").row(0, named=True)
    assert crs3["takers"] == 0 and not crs3["is_estimated"] and crs3["effect"] is None


def test_no_effect_is_not_significant() -> None:
    reviews, enrollments = _history(effect=0.0, seed=4)
    effect = training.training_effect(training.training_outcomes(reviews, enrollments), COURSES)
    crs1 = effect.filter(pl.col("course_code") == "CRS001").row(0, named=True)
    assert abs(crs1["effect"]) < 0.15


def test_gaps_and_ranked_recommendations_with_reasons() -> None:
    levels = pl.DataFrame(
        {
            "employee_key": ["00000001"] * 3 + ["00000002"] * 3,
            "job_family": ["teller"] * 6,
            "competency_code": ["risk_awareness", "communication", "stability"] * 2,
            "level": [4.0, 6.5, 8.0, 9.0, 9.0, 9.0],
        }
    )
    required = pl.DataFrame(
        {
            "job_family": ["teller"] * 3,
            "competency_code": ["risk_awareness", "communication", "stability"],
            "required_level": [7.0, 7.0, 6.0],
        }
    )
    gaps = training.competency_gaps(levels, required)
    assert gaps.filter(pl.col("employee_key") == "00000001")["gap"].to_list() == [0.5, 3.0, -2.0]
    completed = pl.DataFrame({"employee_key": ["00000001"], "course_code": ["CRS002"]})
    effects = pl.DataFrame(
        {"course_code": ["CRS001", "CRS003"], "effect": [0.4, 0.2], "is_significant": [True, False]}
    )
    recs = training.recommend_training(gaps, COURSES, completed, effects)
    one = recs.filter(pl.col("employee_key") == "00000001")
    # Largest gap first (risk awareness, CRS002 already completed), then communication.
    assert one["course_code"].to_list() == ["CRS001", "CRS003"]
    assert one["rank"].to_list() == [1, 2]
    assert "gap 3.0" in one["reason"][0] and "+0.40" in one["reason"][0]
    # Nobody is sent to a course for a competency at or above the required level.
    assert recs.filter(pl.col("employee_key") == "00000002").is_empty()


def _changes_one_by_one(reviews: pl.DataFrame) -> dict[tuple, tuple[float, float]]:
    """Before and after means per (employee, family, reference quarter), computed directly."""
    quarters: dict[tuple, dict[int, list[float]]] = {}
    for key, family, start, score in reviews.iter_rows():
        q = start.year * 4 + (start.month - 1) // 3
        quarters.setdefault((key, family), {}).setdefault(q, []).append(score)
    out = {}
    w = training.WINDOW_QUARTERS
    for (key, family), by_q in quarters.items():
        means = {q: sum(v) / len(v) for q, v in by_q.items()}
        for ref in range(min(means) - w, max(means) + w + 1):
            before = [means[q] for q in range(ref - w, ref) if q in means]
            after = [means[q] for q in range(ref + 1, ref + w + 1) if q in means]
            if before and after:
                out[(key, family, ref)] = (sum(before) / len(before), sum(after) / len(after))
    return out


def test_changes_around_every_quarter_equal_a_direct_computation() -> None:
    """Gaps between reviews, two reviews in one quarter and a change of job family."""
    rng = np.random.default_rng(4)
    rows = []
    for e in range(60):
        key = f"{e:08d}"
        quarters = sorted(rng.choice(16, size=int(rng.integers(1, 10)), replace=False))
        for i, q in enumerate(quarters):
            family = "teller" if i < len(quarters) // 2 or e % 4 else "it_developer"
            rows.append((key, family, _quarter_start(int(q)), float(rng.normal(6, 1))))
            if e % 7 == 0 and i == 0:
                rows.append((key, family, _quarter_start(int(q)), float(rng.normal(6, 1))))
    reviews = pl.DataFrame(
        rows, schema=["employee_key", "job_family", "period_start", "score"], orient="row"
    ).sample(fraction=1.0, shuffle=True, seed=1)
    got = training._per_employee_change(reviews)
    expected = _changes_one_by_one(reviews)
    assert got.height == len(expected)
    for key, family, ref, before, after, change, band in got.iter_rows():
        want_before, want_after = expected[(key, family, ref)]
        assert before == pytest.approx(want_before) and after == pytest.approx(want_after)
        assert change == pytest.approx(want_after - want_before)
        assert band == int(np.floor(want_before / training.PRIOR_BAND_POINTS))
