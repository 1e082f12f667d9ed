"""The retention model on a synthetic history with a planted exit risk."""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl
import pytest
from sklearn.metrics import roc_auc_score

from analytics import retention
from analytics.feature_words import (
    driver_text,
    driver_texts,
    format_value,
    format_values,
    one_decimal,
)
from analytics.retention import LABEL
from analytics.tabular import to_model_input


@pytest.fixture(scope="module")
def run(retention_frame: pl.DataFrame) -> retention.RetentionRun:
    return retention.run_retention(retention_frame.drop("true_p"), seed=0)


def test_time_split_never_trains_on_the_test_period(retention_frame: pl.DataFrame) -> None:
    train, test, cutoff = retention.split_by_time(retention_frame)
    assert cutoff == date(2025, 1, 1)
    assert test["snapshot_date"].unique().to_list() == [date(2025, 1, 1)]
    # Every training label window (snapshot + 12 months) closes on or before the cutoff.
    assert train["snapshot_date"].max() == date(2024, 1, 1)
    assert train[LABEL].null_count() == 0 and test[LABEL].null_count() == 0


def test_both_models_recorded_and_the_better_calibrated_brier_kept(
    run: retention.RetentionRun,
) -> None:
    metrics = run.evaluation.metrics
    assert sorted(metrics["model"].to_list()) == ["boosting", "logistic"]
    chosen = metrics.filter(pl.col("is_chosen"))
    assert chosen.height == 1
    assert chosen["calibrated_brier"][0] == metrics["calibrated_brier"].min()
    assert run.final_model.kind == chosen["model"][0]


def test_auc_close_to_truth_and_calibrated(
    run: retention.RetentionRun, retention_frame: pl.DataFrame
) -> None:
    test = retention_frame.filter(pl.col("snapshot_date") == date(2025, 1, 1))
    truth_auc = roc_auc_score(test[LABEL].cast(int).to_numpy(), test["true_p"].to_numpy())
    chosen = run.evaluation.metrics.filter(pl.col("is_chosen")).row(0, named=True)
    assert chosen["roc_auc"] >= 0.9 * truth_auc
    assert chosen["calibration_error"] < 0.05
    assert 0 < chosen["brier"] < 0.2


def test_calibration_table_covers_every_test_row(run: retention.RetentionRun) -> None:
    cal = run.evaluation.calibration
    rows = run.evaluation.metrics["test_rows"][0]
    for model in ("logistic", "boosting"):
        part = cal.filter(pl.col("model") == model)
        assert part.height == 10 and part["rows"].sum() == rows


def test_scores_every_current_employee_with_three_signed_drivers(
    run: retention.RetentionRun, retention_frame: pl.DataFrame
) -> None:
    current = retention_frame.filter(pl.col("snapshot_date") == date(2026, 1, 1))
    scores = run.scores
    assert scores.height == current.height
    assert scores["employee_key"].n_unique() == current.height
    assert scores["p_exit_12m"].is_between(0, 1).all()
    assert set(scores["risk_band"].unique().to_list()) <= {"low", "medium", "high"}
    for k in (1, 2, 3):
        assert scores[f"driver_{k}_text"].null_count() == 0
    # Drivers are ordered by the size of their contribution.
    c1, c2, c3 = (scores[f"driver_{k}_contribution"].abs() for k in (1, 2, 3))
    assert ((c1 >= c2) & (c2 >= c3)).all()
    # The planted strongest protective factor shows as a signed driver with HR wording.
    stab = scores.filter(pl.col("driver_1_feature") == "ai_score_stability")
    assert stab.height > 0
    assert stab["driver_1_text"].str.contains("AI interview score: stability").all()
    high = stab.filter(pl.col("driver_1_contribution") > 0)["driver_1_text"]
    assert high.str.contains("raises risk").all()


def test_risk_band_edges_follow_base_rate(run: retention.RetentionRun) -> None:
    low, high = run.final_model.band_edges
    assert high == pytest.approx(2 * low)
    scores = run.scores
    assert (scores.filter(pl.col("risk_band") == "high")["p_exit_12m"] >= high).all()
    assert (scores.filter(pl.col("risk_band") == "low")["p_exit_12m"] < low).all()


def test_backtest_accounts_for_every_test_row(run: retention.RetentionRun) -> None:
    bt = run.backtest
    test = run.evaluation.test_predictions
    assert bt["employees"].sum() == test.height
    assert bt["actual_leavers"].sum() == test[LABEL].sum()
    assert bt["share_of_all_leavers"].sum() == pytest.approx(1.0)
    # Higher bands really leave more often.
    rates = dict(zip(bt["risk_band"].to_list(), bt["actual_rate"].to_list(), strict=True))
    assert rates["high"] > rates["medium"] > rates["low"]


def test_features_after_snapshot_are_not_allowed_as_features(
    retention_frame: pl.DataFrame,
) -> None:
    spec = retention.feature_spec(retention_frame.drop("true_p"))
    assert LABEL not in spec.columns and "snapshot_date" not in spec.columns
    assert "employee_key" not in spec.columns


def test_calibration_error_of_perfect_probabilities_is_small() -> None:
    rng = np.random.default_rng(0)
    p = rng.uniform(0, 0.5, 20000)
    y = (rng.random(20000) < p).astype(int)
    assert retention.expected_calibration_error(y, p) < 0.01
    assert retention.expected_calibration_error(y, np.clip(p + 0.2, 0, 1)) > 0.15


def _with_late_reviews(frame: pl.DataFrame, first_with_reviews: date) -> pl.DataFrame:
    """Blank the performance figure on snapshots before the review system's history starts."""
    return frame.with_columns(
        pl.when(pl.col("snapshot_date") >= first_with_reviews)
        .then(pl.col("perf_score_avg_8q"))
        .alias("perf_score_avg_8q")
    )


def test_history_plan_limits_training_to_snapshots_with_reviews(
    retention_frame: pl.DataFrame,
) -> None:
    frame = _with_late_reviews(retention_frame.drop("true_p"), date(2024, 1, 1))
    evaluation = retention.evaluate_models(frame)
    # Training keeps only 2024 (the one training snapshot with reviews), the feature stays in.
    assert min(evaluation.train_snapshots) == date(2024, 1, 1)
    assert evaluation.metrics["train_from"][0] == date(2024, 1, 1)
    assert evaluation.metrics["train_snapshots"][0] == 1
    assert "perf_score_avg_8q" not in evaluation.excluded_features
    assert "training limited" in evaluation.metrics["history_note"][0]


def test_history_plan_leaves_out_a_source_no_training_snapshot_has(
    retention_frame: pl.DataFrame,
) -> None:
    frame = _with_late_reviews(retention_frame.drop("true_p"), date(2025, 1, 1))
    run = retention.run_retention(frame)
    assert "perf_score_avg_8q" in run.evaluation.excluded_features
    assert "perf_score_avg_8q" not in run.final_model.spec.columns
    assert "left out" in run.evaluation.metrics["history_note"][0]
    assert not run.scores["driver_1_feature"].is_in(["perf_score_avg_8q"]).any()


def test_missing_values_are_never_shown_as_drivers(run: retention.RetentionRun) -> None:
    for k in (1, 2, 3):
        assert not run.scores[f"driver_{k}_text"].str.contains("not recorded").any()


def test_sample_rank_knows_the_outcome_and_is_never_a_feature(run: retention.RetentionRun) -> None:
    assert retention.SAMPLE_RANK in retention.NON_FEATURES
    for model in (*run.evaluation.models.values(), run.final_model):
        assert retention.SAMPLE_RANK not in model.spec.columns


def test_training_rows_are_a_capped_sample_stratified_by_snapshot_and_outcome(
    retention_frame: pl.DataFrame,
) -> None:
    frame = retention_frame.drop("true_p")
    cap = 600
    run = retention.run_retention(frame, seed=0, max_train_rows=cap)
    plan = run.evaluation.plan
    metrics = run.evaluation.metrics.row(0, named=True)
    # Three training snapshots of 600 employees: a third of each stratum is kept.
    assert plan.train_rows_available == metrics["train_rows_available"] == 1800
    assert plan.train_fraction == pytest.approx(cap / 1800)
    strata = plan.strata.filter(pl.col("snapshot_date").is_in(plan.train_snapshots))
    assert cap <= metrics["train_rows"] <= cap + strata.height
    train = retention.sample_rows(
        retention.with_sample_rank(frame), plan.train_snapshots, plan.train_fraction, plan.strata
    )
    kept = train.group_by("snapshot_date", LABEL).len().join(strata, on=["snapshot_date", LABEL])
    assert (kept["len"] == (kept["rows"] * plan.train_fraction).ceil().cast(pl.UInt32)).all()
    # The test snapshot and today's staff are used whole, whatever the cap.
    assert metrics["test_rows"] == frame.filter(pl.col("snapshot_date") == date(2025, 1, 1)).height
    assert run.scores.height == frame.filter(pl.col("snapshot_date") == date(2026, 1, 1)).height
    assert run.final_model.trained_rows <= cap + plan.strata.height
    # A smaller sample is part of a larger one (the first ranks of every stratum).
    bigger = retention.sample_rows(
        retention.with_sample_rank(frame), plan.train_snapshots, 0.5, plan.strata
    )
    assert set(train["employee_key"] + train["snapshot_date"].cast(pl.String)) <= set(
        bigger["employee_key"] + bigger["snapshot_date"].cast(pl.String)
    )


def test_models_are_compared_on_a_test_sample_and_back_tested_on_every_row(
    retention_frame: pl.DataFrame,
) -> None:
    frame = retention_frame.drop("true_p")
    run = retention.run_retention(frame, seed=0, max_test_rows=200)
    metrics = run.evaluation.metrics.row(0, named=True)
    test = frame.filter(pl.col("snapshot_date") == date(2025, 1, 1))
    assert metrics["test_rows_available"] == test.height == 600
    assert 200 <= metrics["test_rows"] <= 202  # a third of the leavers and of the stayers
    leaving_rate = test[LABEL].mean()
    assert metrics["test_positives"] / metrics["test_rows"] == pytest.approx(leaving_rate, 0.05)
    assert (
        run.evaluation.calibration.filter(pl.col("model") == "logistic")["rows"].sum()
        == (metrics["test_rows"])
    )
    assert run.backtest["employees"].sum() == test.height
    assert run.backtest["actual_leavers"].sum() == test[LABEL].sum()


def test_without_a_cap_every_training_row_is_used(retention_frame: pl.DataFrame) -> None:
    frame = retention_frame.drop("true_p")
    evaluation = retention.evaluate_models(frame, max_train_rows=None)
    train, _, _ = retention.split_by_time(frame)
    assert evaluation.metrics["train_rows"][0] == train.height


def test_plan_loads_training_snapshots_in_part_and_the_rest_whole(
    retention_frame: pl.DataFrame,
) -> None:
    frame = retention_frame.drop("true_p")
    plan = retention.plan_training(retention.snapshot_profile(frame), frame.columns, None, 600)
    fractions = plan.load_fractions()
    assert fractions[date(2026, 1, 1)] == 1.0 and fractions[date(2025, 1, 1)] == 1.0
    for day in plan.train_snapshots:
        assert fractions[day] == pytest.approx(600 / 1800)
    # The final model learns from training and test snapshots: a smaller share of more rows.
    assert plan.final_fraction == pytest.approx(600 / 2400)


@pytest.mark.parametrize("kind", ["logistic", "boosting"])
@pytest.mark.parametrize("calibrated", [False, True])
def test_drivers_equal_rescoring_with_each_feature_reset(
    retention_frame: pl.DataFrame, kind: str, calibrated: bool
) -> None:
    """The fast contributions (linear shortcut, rescoring only rows off the baseline) are exactly
    the (recalibrated) risk minus the risk with one feature set to its typical value."""
    frame = retention_frame.drop("true_p")
    train, test, _ = retention.split_by_time(frame)
    model = retention.fit_retention_model(train, kind, seed=0)
    if calibrated:
        model.calibration = retention.Calibration(
            0.6, -0.4, date(2024, 1, 1), date(2024, 1, 1), 9, 1
        )
    rows = test.head(150)
    x = to_model_input(rows, model.spec)
    p, contributions = retention._contributions(model, x)
    assert np.allclose(p, model.calibrate(model.pipeline.predict_proba(x)[:, 1]), atol=1e-12)
    assert np.allclose(p, model.predict(rows), atol=1e-12)
    for j, name in enumerate(model.spec.columns):
        reset = x.copy()
        reset[name] = model.baselines[name]
        expected = p - model.calibrate(model.pipeline.predict_proba(reset)[:, 1])
        assert np.allclose(contributions[:, j], expected, atol=1e-12), name


def test_driver_sentences_equal_the_one_at_a_time_wording(
    run: retention.RetentionRun, retention_frame: pl.DataFrame
) -> None:
    current = retention_frame.filter(pl.col("snapshot_date") == date(2026, 1, 1))
    x = to_model_input(current, run.final_model.spec)
    for r, row in enumerate(run.scores.head(200).iter_rows(named=True)):
        for k in (1, 2, 3):
            feature = row[f"driver_{k}_feature"]
            value = x[feature].iat[r]
            expected = driver_text(feature, value, row[f"driver_{k}_contribution"])
            assert row[f"driver_{k}_text"] == expected


def test_format_values_equals_format_value() -> None:
    values = np.array([0.0, 0.05, 0.25, 0.35, 1.0, 2.675, 314.0, np.nan, -0.5, 7.25])
    assert format_values(values, "tenure_months").tolist() == [
        format_value(float(v), "tenure_months") for v in values
    ]
    texts = np.array(["campus", "social", "(missing)", "campus"], dtype=object)
    assert format_values(texts, "recruiting_channel").tolist() == [
        format_value(v, "recruiting_channel") for v in texts
    ]
    contributions = np.array([0.059, -0.0125, 0.00049, -0.35, 0.0])
    labels = pl.Series(["Pay grade"] * len(contributions))
    values = pl.Series(["3.0"] * len(contributions))
    got = driver_texts(labels, values, contributions).to_list()
    assert got == [driver_text("grade", 3.0, c) for c in contributions]


def test_points_are_worded_exactly_as_python_formats_them() -> None:
    rng = np.random.default_rng(0)
    values = np.concatenate(
        [
            rng.uniform(0, 30, 20000),
            rng.integers(0, 3000, 5000) / 200,  # exact halves of a tenth: ties
            [0.0, 0.05, 0.15, 0.25, 0.35, 2.675, 1e-9, 99.95, 12345.65],
        ]
    )
    assert one_decimal(values).to_list() == [f"{v:.1f}" for v in values]


def test_optional_source_columns_join_the_model_when_present(
    retention_frame: pl.DataFrame,
) -> None:
    """Pay and engagement columns (issue 22, part 4) feed the model as soon as the mart has them;
    an export that starts later is a history group of its own, like the review system."""
    rng = np.random.default_rng(9)
    frame = retention_frame.drop("true_p").with_columns(
        pl.Series("pay_to_midpoint", rng.normal(1.0, 0.1, retention_frame.height)),
        pl.when(pl.col("snapshot_date") >= date(2025, 1, 1))
        .then(pl.Series(rng.normal(3.5, 0.8, retention_frame.height)))
        .alias("engagement_score"),
    )
    groups = retention.history_groups(frame.columns)
    assert groups["pay"] == ("pay_to_midpoint",) and groups["engagement"] == ("engagement_score",)
    run = retention.run_retention(frame, seed=0)
    assert "pay_to_midpoint" in run.final_model.spec.columns
    # Engagement starts with the test snapshot: no training snapshot has it, so it is left out.
    assert "engagement_score" in run.evaluation.excluded_features
    assert "engagement: left out" in run.evaluation.metrics["history_note"][0]


def test_a_model_with_fewer_features_than_drivers_leaves_the_rest_empty(
    retention_frame: pl.DataFrame,
) -> None:
    """A small export leaves the model two features: a person gets two drivers and an empty
    third, never an error that stops the build (a 15-person public export failed here)."""
    from analytics.tabular import FeatureSpec

    frame = retention_frame.drop("true_p")
    train, test, _ = retention.split_by_time(frame)
    spec = FeatureSpec(numeric=("tenure_months",), categorical=("job_family",))
    model = retention.fit_retention_model(train, "logistic", seed=0, spec=spec)
    drivers = retention.explain(model, test.head(50))
    assert drivers["driver_2_text"].null_count() < 50
    assert drivers["driver_3_text"].null_count() == 50
    assert drivers["driver_3_contribution"].null_count() == 50
