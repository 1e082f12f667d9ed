"""Candidate retention models measured against the one in production, on a time-honest hold-out.

The same split as `retention.evaluate_models` (learn from snapshots whose 12-month window closed
by the test snapshot, score the test snapshot) and the same recalibration (learned on the last
training snapshots, never on the test one), so a candidate wins only by what it would have done
a year ago. Candidates:
* logistic, boosting: the two kinds the production run compares;
* blend: the average log-odds of both, recalibrated as one model;
* logistic + tenure interactions: each AI score, performance and attendance figure also taken
  within the first two years of service (where the generator, and HR, put most voluntary exits);
* logistic with stronger (C=0.1) and weaker (C=2) regularisation.

    .venv/bin/python -m analytics.retention_trials WAREHOUSE.duckdb

prints one row per candidate (docs/models.md, "Trying for a better model", has the figures).
With `--lift` it prints instead what the optional pay, engagement and time sources add: the
production evaluation with and without their columns (`source_lift`).
"""

from __future__ import annotations

import sys
import time

import duckdb
import numpy as np
import polars as pl
from scipy.special import expit, logit
from sklearn.linear_model import LogisticRegression

from analytics import inputs, retention
from analytics.pilot.stats import wilson_interval
from analytics.retention import LABEL, PROB_FLOOR, RetentionModel
from analytics.tabular import FeatureSpec, encode_target

EARLY_MONTHS = 24
INTERACTED = (
    "ai_score_stability",
    "ai_score_culture_fit",
    "ai_score_communication",
    "perf_score_avg_8q",
    "training_attendance_rate_24m",
)


def with_tenure_interactions(frame: pl.DataFrame) -> pl.DataFrame:
    """Each of INTERACTED also as its value within the first EARLY_MONTHS of service (0 after)."""
    if "tenure_months" not in frame.columns:
        return frame
    early = (pl.col("tenure_months") < EARLY_MONTHS).cast(pl.Float64)
    return frame.with_columns(
        (pl.col(c).cast(pl.Float64) * early).alias(f"{c}_first_2y")
        for c in INTERACTED
        if c in frame.columns
    )


def _z(p: np.ndarray) -> np.ndarray:
    return logit(np.clip(p, PROB_FLOOR, 1 - PROB_FLOOR))


def bands_within(y: np.ndarray, p: np.ndarray, base_rate: float) -> int:
    """How many of the three bands have their predicted rate within the actual rate's interval."""
    band = np.where(p >= 2 * base_rate, 2, np.where(p >= base_rate, 1, 0))
    held = 0
    for k in range(3):
        at = band == k
        if not at.any():
            continue
        low, high = wilson_interval(float(y[at].sum()), int(at.sum()))
        held += int(low <= p[at].mean() <= high)
    return held


def _fit_logistic_c(train: pl.DataFrame, spec: FeatureSpec, c: float, seed: int) -> RetentionModel:
    """The production logistic model with another regularisation strength."""
    model = retention.fit_retention_model(train, "logistic", seed, spec)
    x = model.pipeline.named_steps["prep"].transform(retention.to_model_input(train, spec))
    estimator = LogisticRegression(C=c, max_iter=2000).fit(x, encode_target(train[LABEL]))
    model.pipeline.steps[-1] = ("model", estimator)
    return model


def trial(features: pl.DataFrame, seed: int = 0) -> pl.DataFrame:
    """Every candidate's figures on the test snapshot (recalibrated risks), one row each."""
    features = retention.with_sample_rank(features, seed)
    plan = retention.plan_training(retention.snapshot_profile(features), features.columns)
    train = retention.sample_rows(features, plan.train_snapshots, plan.train_fraction, plan.strata)
    test = retention.labelled_rows(features).filter(
        pl.col("snapshot_date").is_in(plan.test_snapshots)
    )
    y = encode_target(test[LABEL])
    rows: list[dict] = []

    def record(name: str, raw: np.ndarray, later_raw: np.ndarray, later, seconds: float) -> None:
        cal = retention.fit_calibration(
            later_raw, later.y, later.first_snapshot, later.last_snapshot
        )
        p = cal.apply_logit(_z(raw))
        metrics = retention.classification_metrics(y, p)
        rows.append(
            {
                "candidate": name,
                **metrics,
                "bands_within_interval": bands_within(y, p, cal.leaving_rate),
                "fit_seconds": round(seconds, 1),
            }
        )

    def run(name: str, frame_train: pl.DataFrame, frame_test: pl.DataFrame, fit) -> None:
        spec = retention.feature_spec(frame_train, plan.excluded_features)
        start = time.perf_counter()
        raw, later_raw, later = fit(frame_train, frame_test, spec)
        record(name, raw, later_raw, later, time.perf_counter() - start)

    def both(frame_train: pl.DataFrame, frame_test: pl.DataFrame, spec: FeatureSpec):
        models = retention.fit_retention_models(frame_train, retention.MODEL_KINDS, seed, spec)
        later = retention.later_scores(frame_train, retention.MODEL_KINDS, spec, seed)
        return {k: m.predict(frame_test) for k, m in models.items()}, later

    spec = retention.feature_spec(train, plan.excluded_features)
    start = time.perf_counter()
    raw, later = both(train, test, spec)
    seconds = time.perf_counter() - start
    if later is None:
        raise ValueError("too few training snapshots to recalibrate a candidate")
    for kind in retention.MODEL_KINDS:
        record(kind, raw[kind], later.scores[kind], later, seconds / 2)
    blend = expit((_z(raw["logistic"]) + _z(raw["boosting"])) / 2)
    blend_later = expit((_z(later.scores["logistic"]) + _z(later.scores["boosting"])) / 2)
    record("blend of logistic and boosting", blend, blend_later, later, seconds)

    def interactions(frame_train: pl.DataFrame, frame_test: pl.DataFrame, spec: FeatureSpec):
        model = retention.fit_retention_model(frame_train, "logistic", seed, spec)
        later_i = retention.later_scores(frame_train, ("logistic",), spec, seed)
        return model.predict(frame_test), later_i.scores["logistic"], later_i

    run(
        "logistic + tenure interactions",
        with_tenure_interactions(train),
        with_tenure_interactions(test),
        interactions,
    )
    first = later.first_snapshot
    earlier = train.filter(pl.col("snapshot_date").dt.offset_by("12mo") <= first)
    later_rows = train.filter(pl.col("snapshot_date") >= first)
    for c in (0.1, 2.0):
        start = time.perf_counter()
        model = _fit_logistic_c(train, spec, c, seed)
        inner = _fit_logistic_c(earlier, spec, c, seed)
        record(
            f"logistic C={c}",
            model.predict(test),
            inner.predict(later_rows),
            later,
            time.perf_counter() - start,
        )
    return pl.DataFrame(rows).with_columns(
        pl.lit(test.height).alias("test_rows"),
        pl.lit(int(y.sum())).alias("test_leavers"),
        pl.lit(plan.cutoff).alias("test_snapshot"),
    )


def source_lift(features: pl.DataFrame, seed: int = 0) -> pl.DataFrame:
    """The production evaluation (`retention.evaluate_models`: both kinds, recalibrated, the
    kept one chosen) with the optional sources' columns and without them, each planned from its
    own columns: figures of the kept model on the test snapshot, and how many bands hold."""
    optional = [c for c in inputs.SOURCE_FEATURE_COLUMNS if c in features.columns]
    if not optional:
        raise ValueError("the warehouse has no optional-source feature with data")
    rows: list[dict] = []
    for name, frame in (
        ("with the optional sources", features),
        ("without them", features.drop(optional)),
    ):
        plan = retention.plan_training(retention.snapshot_profile(frame), frame.columns)
        evaluation = retention.evaluate_models(
            retention.with_sample_rank(frame, seed), seed=seed, plan=plan
        )
        kept = evaluation.metrics.filter(pl.col("is_chosen")).row(0, named=True)
        bands = retention.backtest_by_band(evaluation.test_predictions)
        rows.append(
            {
                "features": name,
                "model": kept["model"],
                "roc_auc": kept["roc_auc"],
                "pr_auc": kept["pr_auc"],
                "brier": kept["calibrated_brier"],
                "calibration_error": kept["calibrated_calibration_error"],
                "bands_within_interval": int((bands["calibration_verdict"] == "within").sum()),
                "bands": "; ".join(
                    f"{b} {100 * pr:.1f}/{100 * ac:.1f}"
                    for b, pr, ac in bands.select(
                        "risk_band", "predicted_rate", "actual_rate"
                    ).iter_rows()
                ),
                "test_rows": kept["test_rows"],
                "test_leavers": kept["test_positives"],
            }
        )
    return pl.DataFrame(rows)


def main(argv: list[str]) -> None:
    path = argv[1]
    with duckdb.connect(path, read_only=True) as con:
        features = inputs.retention_features(con)
    pl.Config.set_tbl_cols(-1)
    pl.Config.set_tbl_width_chars(200)
    pl.Config.set_fmt_str_lengths(100)
    print(path)
    print(source_lift(features) if "--lift" in argv else trial(features))


if __name__ == "__main__":
    main(sys.argv)
