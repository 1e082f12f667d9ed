"""Suggested actions for a person at risk, from their risk band, drivers and skill gaps."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd


def suggested_actions(row: pd.Series, t: Callable[..., str]) -> list[str]:
    """Plain rules an HR business partner can check, most urgent first."""
    actions: list[str] = []
    drivers = " ".join(str(row.get(f"driver_{k}_text") or "") for k in (1, 2, 3)).lower()
    if row.get("risk_band") == "high":
        actions.append(t("action.stay_interview"))
    if "manager" in drivers or "上级" in drivers:
        actions.append(t("action.manager"))
    if "promotion" in drivers or "grade" in drivers or "晋升" in drivers:
        actions.append(t("action.career"))
    if "perf" in drivers or "绩效" in drivers or row.get("perf_trajectory") == "declining":
        actions.append(t("action.coaching"))
    course = row.get("recommended_course_code")
    if course is not None and not pd.isna(course):
        actions.append(t("action.training", course=course))
    if not actions:
        actions.append(t("action.monitor"))
    return actions
