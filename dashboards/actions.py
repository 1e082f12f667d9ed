"""Suggested actions for a person at risk, from their risk band, drivers and skill gaps."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from analytics.feature_words import read_driver

# The action each kind of driver calls for, when it raises the person's risk (a driver that
# lowers it asks for nothing). Competency and other features call for none of these.
ACTION_OF_FEATURE: dict[str, str] = {
    "manager_changes_12m": "action.manager",
    "promotions_24m": "action.career",
    "months_since_grade_change": "action.career",
    "grade": "action.career",
    "transfers_24m": "action.career",
    "perf_score_last": "action.coaching",
    "perf_score_avg_4q": "action.coaching",
    "perf_score_avg_8q": "action.coaching",
    "perf_trend": "action.coaching",
    "perf_grade_last": "action.coaching",
    "pay_to_midpoint": "action.pay",
    "last_raise_months_ago": "action.pay",
    "last_raise_pct": "action.pay",
    "overtime_hours_avg_6m": "action.workload",
    "absence_days_6m": "action.workload",
}
# Most urgent first; the stay interview (high band) comes before all of them.
_ORDER = ("action.manager", "action.career", "action.pay", "action.workload", "action.coaching")


def _raising_features(row: pd.Series) -> set[str]:
    """The features of the person's drivers that raise their risk, read from the sentences
    the model wrote (`analytics.feature_words.read_driver`), not by matching words."""
    features = set()
    for k in (1, 2, 3):
        text = row.get(f"driver_{k}_text")
        driver = read_driver(text) if isinstance(text, str) else None
        if driver is not None and driver.raises:
            features.add(driver.feature)
    return features


def suggested_actions(row: pd.Series, t: Callable[..., str]) -> list[str]:
    """Plain rules an HR business partner can check, most urgent first."""
    actions: list[str] = []
    if row.get("risk_band") == "high":
        actions.append(t("action.stay_interview"))
    wanted = {ACTION_OF_FEATURE[f] for f in _raising_features(row) if f in ACTION_OF_FEATURE}
    if row.get("perf_trajectory") == "declining":
        wanted.add("action.coaching")
    # t() keys are literal for the catalog extraction: one call per action.
    words = {
        "action.manager": lambda: t("action.manager"),
        "action.career": lambda: t("action.career"),
        "action.pay": lambda: t("action.pay"),
        "action.workload": lambda: t("action.workload"),
        "action.coaching": lambda: t("action.coaching"),
    }
    actions += [words[key]() for key in _ORDER if key in wanted]
    course = row.get("recommended_course_code")
    if course is not None and not pd.isna(course):
        actions.append(t("action.training", course=course))
    if not actions:
        actions.append(t("action.monitor"))
    return actions
