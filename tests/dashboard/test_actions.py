"""Suggested actions read the drivers the model wrote (feature and direction), not their words:
a driver that lowers risk asks for nothing, and each kind of driver that raises it asks for its
own action, in every language."""

from __future__ import annotations

import pandas as pd
import pytest

from analytics.feature_words import driver_text, read_driver, source_driver_text
from dashboards.actions import ACTION_OF_FEATURE, suggested_actions
from dashboards.i18n import t


def _row(*drivers: str, band: str = "medium", **extra: object) -> pd.Series:
    texts = {f"driver_{k}_text": d for k, d in enumerate(drivers, 1)}
    return pd.Series({"risk_band": band, **texts, **extra})


def _keys(row: pd.Series) -> list[str]:
    """The actions as message keys: t() is given a function that returns the key."""
    return suggested_actions(row, lambda key, **_: key)


def test_each_driver_that_raises_risk_asks_for_its_action() -> None:
    row = _row(
        driver_text("manager_changes_12m", 2.0, 0.031),
        source_driver_text("pay_to_midpoint", 0.88, None, 0.02),
        driver_text("perf_score_last", 4.0, 0.01),
        band="high",
    )
    assert _keys(row) == [
        "action.stay_interview",
        "action.manager",
        "action.pay",
        "action.coaching",
    ]


def test_a_driver_that_lowers_risk_asks_for_nothing() -> None:
    # "Latest performance grade ... lowers risk" once asked for coaching and a career talk
    # because its words held "perf" and "grade".
    row = _row(driver_text("perf_score_last", 9.0, -0.02), driver_text("grade", 7.0, -0.01))
    assert _keys(row) == ["action.monitor"]


def test_every_feature_with_an_action_is_one_the_model_words() -> None:
    for feature in ACTION_OF_FEATURE:
        text = (
            source_driver_text(feature, 26.0, None, 0.02)
            if feature in ("last_raise_months_ago", "overtime_hours_avg_6m", "absence_days_6m")
            else source_driver_text(feature, 0.9, None, 0.02)
            if feature in ("pay_to_midpoint", "last_raise_pct")
            else driver_text(feature, 3.0, 0.02)
        )
        driver = read_driver(text)
        assert driver is not None and driver.feature == feature and driver.raises, text


@pytest.mark.parametrize("lang", ["zh", "en", "fr"])
def test_the_actions_are_worded_in_every_language(lang: str) -> None:
    row = _row(
        source_driver_text("overtime_hours_avg_6m", 38.0, None, 0.02),
        driver_text("promotions_24m", 0.0, 0.01),
        recommended_course_code="Customer care basics",
    )
    words = suggested_actions(row, lambda key, **kw: t(key, lang, **kw))
    assert len(words) == 3 and all(w and "action." not in w for w in words)
    assert "Customer care basics" in words[-1]
