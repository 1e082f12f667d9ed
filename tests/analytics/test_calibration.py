"""Recalibrated risk bands: learned on a time-honest split, checked by the back-test in words."""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl
import pytest

from analytics import retention
from analytics.pilot.stats import wilson_interval
from analytics.retention import LABEL
from tests.analytics import synthetic


def _overfitting_history(seed: int = 8) -> pl.DataFrame:
    """Few leavers and many columns that carry nothing: a fitted model is over-confident."""
    frame = synthetic.retention_features(employees=900, years=6, seed=seed).drop("true_p")
    rng = np.random.default_rng(seed)
    noise = {f"survey_item_{k}": rng.normal(size=frame.height) for k in range(40)}
    return frame.with_columns(**noise)


@pytest.fixture(scope="module")
def overfit_run() -> retention.RetentionRun:
    return retention.run_retention(_overfitting_history(), seed=0)


def test_recalibration_is_learned_before_the_test_snapshot(
    overfit_run: retention.RetentionRun,
) -> None:
    evaluation = overfit_run.evaluation
    recal = evaluation.recalibration
    assert recal is not None
    # Learned on the last training snapshots, every one of them before the test snapshot.
    assert recal.last_snapshot == max(evaluation.plan.train_snapshots) < evaluation.cutoff
    assert recal.first_snapshot == sorted(evaluation.plan.train_snapshots)[-3]
    # The model learned on noise is over-confident: the recalibration flattens it.
    assert recal.slope < 1
    chosen = evaluation.metrics.filter(pl.col("is_chosen")).row(0, named=True)
    assert chosen["calibration_slope"] == pytest.approx(recal.slope)
    assert chosen["calibrated_to"] == recal.last_snapshot
    assert chosen["calibrated_calibration_error"] < chosen["calibration_error"]
    # The final model keeps the recalibration the back-test checked.
    assert overfit_run.final_model.calibration == recal


def test_every_band_is_within_its_back_test_interval(overfit_run: retention.RetentionRun) -> None:
    bt = overfit_run.backtest
    assert bt["risk_band"].to_list() == ["low", "medium", "high"]
    for row in bt.iter_rows(named=True):
        low, high = wilson_interval(row["actual_leavers"], row["employees"])
        assert (row["actual_rate_ci_low"], row["actual_rate_ci_high"]) == pytest.approx((low, high))
        assert low <= row["predicted_rate"] <= high, row
        assert row["calibration_verdict"] == "within"


def test_without_recalibration_the_same_history_overpredicts_the_high_band() -> None:
    """The check above can fail: the raw model's high band is above its interval."""
    frame = _overfitting_history()
    evaluation = retention.evaluate_models(frame, seed=0)
    chosen = evaluation.models[evaluation.chosen]
    test = frame.filter(pl.col("snapshot_date") == evaluation.cutoff)
    chosen.calibration = None
    raw = chosen.predict(test)
    predictions = test.select(*retention.KEYS, LABEL).with_columns(
        pl.Series("p_exit_12m", raw), pl.Series("risk_band", chosen.band(raw))
    )
    high = retention.backtest_by_band(predictions).filter(pl.col("risk_band") == "high")
    assert high["calibration_verdict"][0] == "too_high"


def test_back_test_readings_in_english_and_chinese() -> None:
    row = {
        "risk_band": "high",
        "employees": 129,
        "predicted_rate": 0.192,
        "actual_rate": 11 / 129,
        "actual_rate_ci_low": 0.048,
        "actual_rate_ci_high": 0.146,
        "calibration_verdict": "too_high",
    }
    assert retention.backtest_reading(row, "en") == (
        "High risk (129 people): predicted 19.2% would leave, 8.5% did "
        "(95% interval 4.8% to 14.6%): the prediction was too high (above the interval)."
    )
    assert retention.backtest_reading(row, "zh") == (
        "高风险（129 人）：预测离职率 19.2%，实际 8.5%（95% 区间 4.8%–14.6%），预测偏高，超出区间。"
    )
    within = {**row, "predicted_rate": 0.1, "calibration_verdict": "within"}
    assert "the prediction held" in retention.backtest_reading(within, "en")
    assert "与实际相符" in retention.backtest_reading(within, "zh")


def test_too_few_snapshots_leave_the_model_uncalibrated(retention_frame: pl.DataFrame) -> None:
    frame = retention_frame.drop("true_p").filter(pl.col("snapshot_date") >= date(2024, 1, 1))
    run = retention.run_retention(frame, seed=0)
    assert run.evaluation.recalibration is None and run.final_model.calibration is None
    assert run.evaluation.metrics["calibration_slope"].null_count() == 2
    assert run.backtest["reading_en"].null_count() == 0
