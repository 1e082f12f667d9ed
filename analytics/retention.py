"""Retention risk: probability of a voluntary exit within 12 months, validated honestly in time.

Input is the `retention_features` mart: one row per employee and snapshot date, every feature
computed from data before the snapshot, and the label `left_voluntarily_12m` (null while the
12-month window is still open). Two models compete (regularized logistic regression and gradient
boosting); the better by PR AUC on later snapshots is kept and refitted on every labelled row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import polars as pl
from sklearn.metrics import average_precision_score, brier_score_loss, roc_auc_score
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import Pipeline

from analytics.feature_words import driver_text, feature_label
from analytics.tabular import (
    MISSING,
    MODEL_KINDS,
    FeatureSpec,
    ModelKind,
    detect_features,
    encode_target,
    make_classifier,
    to_model_input,
)
from ingest.contract import COMPETENCIES

LABEL = "left_voluntarily_12m"
KEYS = ("employee_key", "snapshot_date")
# Columns of the mart that describe the row or its outcome and must never be used as features.
NON_FEATURES = (
    *KEYS,
    LABEL,
    "retention_feature_key",
    "voluntary_exit_date",
    "is_label_observed",
    "exit_date",
    "exit_type",
    "hire_date",
    "org_unit_code",
    "department_code",
    "manager_key",
    "is_current_snapshot",
    # How many reviews exist says when someone joined or when the review system started, not
    # how they perform: tenure and the scores themselves carry the meaningful part.
    "perf_reviews_4q",
    "perf_reviews_8q",
    # Shorter windows (and the grade) of a measure the model already takes over two years: two
    # overlapping figures of one thing get opposite signs in a model and read as contradictory
    # reasons. They stay in the mart for HR.
    "perf_score_last",
    "perf_score_avg_4q",
    "perf_grade_last",
    "trainings_enrolled_12m",
    "trainings_completed_12m",
    "training_attendance_rate_12m",
    "training_exam_avg_12m",
)
BAND_ORDER = ("low", "medium", "high")
TOP_DRIVERS = 3
# Feature groups whose source history may start later than the employment history (a review or
# learning system introduced, or exported for a few years only). Where a group has no data at a
# snapshot, its absence says "old snapshot", not anything about the person, so such snapshots
# must not teach the model what the group means.
HISTORY_GROUPS: dict[str, tuple[str, ...]] = {
    "performance": (
        "perf_score_last",
        "perf_grade_last",
        "perf_score_avg_4q",
        "perf_trend",
        "perf_reviews_4q",
        "perf_score_avg_8q",
        "perf_reviews_8q",
    ),
    "training": (
        "trainings_enrolled_12m",
        "trainings_completed_12m",
        "training_attendance_rate_12m",
        "training_exam_avg_12m",
        "trainings_enrolled_24m",
        "training_attendance_rate_24m",
        *(f"exam_{c}_24m" for c in COMPETENCIES),
    ),
}
# A snapshot covers a group when its share of rows with data reaches this share of the latest one.
COVERAGE_RATIO = 0.5
MIN_TRAIN_ROWS = 200
MIN_TRAIN_LEAVERS = 20


def classification_metrics(y: np.ndarray, p: np.ndarray) -> dict[str, float]:
    """ROC AUC, PR AUC (average precision), Brier score and expected calibration error."""
    return {
        "roc_auc": float(roc_auc_score(y, p)),
        "pr_auc": float(average_precision_score(y, p)),
        "brier": float(brier_score_loss(y, p)),
        "calibration_error": expected_calibration_error(y, p),
    }


def calibration_table(y: np.ndarray, p: np.ndarray, bins: int = 10) -> pl.DataFrame:
    """Predicted against observed exit rate in bins of equal size (deciles of predicted risk)."""
    frame = pl.DataFrame({"p": p, "y": y}).sort("p")
    n = frame.height
    frame = frame.with_columns((pl.int_range(n) * bins // max(n, 1) + 1).alias("bin"))
    return (
        frame.group_by("bin")
        .agg(
            pl.len().alias("rows"),
            pl.col("p").min().alias("predicted_min"),
            pl.col("p").max().alias("predicted_max"),
            pl.col("p").mean().alias("predicted_rate"),
            pl.col("y").mean().alias("observed_rate"),
        )
        .sort("bin")
    )


def expected_calibration_error(y: np.ndarray, p: np.ndarray, bins: int = 10) -> float:
    """Row-weighted mean gap between predicted and observed rate over the deciles of risk."""
    table = calibration_table(y, p, bins)
    gaps = (table["predicted_rate"] - table["observed_rate"]).abs() * table["rows"]
    return float(gaps.sum() / max(len(y), 1))


def cross_validate(
    frame: pl.DataFrame,
    target: str,
    folds: int = 5,
    seed: int = 0,
    model: ModelKind = "logistic",
) -> dict:
    """Stratified k-fold ROC AUC, PR AUC and Brier score of the retention pipeline on any frame.

    Column types are detected (numbers, booleans, dates -> numeric; text -> categorical;
    identifier-like text dropped), missing numerics are imputed with a missing flag, categoricals
    one-hot encoded, numerics scaled. The target may be yes/no, true/false, 0/1 or boolean; rows
    without a target are not used and are counted in `rows_without_target`.
    """
    if target not in frame.columns:
        raise KeyError(f"no target column {target!r}")
    usable = frame.filter(pl.col(target).is_not_null())
    y = encode_target(usable[target])
    if y.sum() < folds or (len(y) - y.sum()) < folds:
        raise ValueError(f"need at least {folds} rows of each class for {folds} folds")
    spec = detect_features(usable, target=target)
    if not spec.columns:
        raise ValueError("no usable feature columns")
    x = to_model_input(usable, spec)
    oof = np.zeros(len(y))
    per_fold: list[dict[str, float]] = []
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    for train_idx, test_idx in splitter.split(x, y):
        pipe = make_classifier(model, spec, seed)
        pipe.fit(x.iloc[train_idx], y[train_idx])
        p = pipe.predict_proba(x.iloc[test_idx])[:, 1]
        oof[test_idx] = p
        per_fold.append(classification_metrics(y[test_idx], p))
    result: dict = {"model": model, "folds": folds, "seed": seed}
    for metric in ("roc_auc", "pr_auc", "brier"):
        values = np.array([f[metric] for f in per_fold])
        result[metric] = float(values.mean())
        result[f"{metric}_std"] = float(values.std(ddof=1)) if folds > 1 else 0.0
    result.update(
        rows=frame.height,
        rows_used=usable.height,
        rows_without_target=frame.height - usable.height,
        positives=int(y.sum()),
        numeric_features=list(spec.numeric),
        categorical_features=list(spec.categorical),
        dropped_columns=dict(spec.dropped),
        out_of_fold_calibration_error=expected_calibration_error(y, oof),
    )
    return result


@dataclass
class RetentionModel:
    """A fitted retention pipeline with what is needed to explain and band its predictions."""

    kind: ModelKind
    pipeline: Pipeline
    spec: FeatureSpec
    base_rate: float
    # Typical values a feature is reset to when measuring its contribution.
    baselines: dict[str, object]
    trained_rows: int

    def predict(self, frame: pl.DataFrame) -> np.ndarray:
        return self.pipeline.predict_proba(to_model_input(frame, self.spec))[:, 1]

    @property
    def band_edges(self) -> tuple[float, float]:
        """Medium from the average risk, high from twice the average (see docs/models.md)."""
        return (self.base_rate, 2 * self.base_rate)

    def band(self, p: np.ndarray) -> list[str]:
        low_edge, high_edge = self.band_edges
        return [
            "high" if v >= high_edge else "medium" if v >= low_edge else "low" for v in p.tolist()
        ]


def feature_spec(frame: pl.DataFrame, exclude: tuple[str, ...] = ()) -> FeatureSpec:
    return detect_features(frame, target=LABEL, exclude=NON_FEATURES + exclude)


def _has_data(columns: list[str], frame: pl.DataFrame) -> pl.Expr:
    """True when any column of the group holds a value (non-null, and non-zero for counts)."""
    parts = []
    for c in columns:
        expr = pl.col(c).is_not_null()
        if frame.schema[c].is_numeric():
            expr = expr & (pl.col(c) != 0)
        parts.append(expr)
    return pl.any_horizontal(parts)


def covered_snapshots(features: pl.DataFrame, columns: list[str]) -> list[date]:
    """Snapshots where the group's data coverage is at least COVERAGE_RATIO of the latest's."""
    cov = (
        features.group_by("snapshot_date")
        .agg(_has_data(columns, features).mean().alias("share"))
        .sort("snapshot_date")
    )
    latest = cov["share"][-1]
    if latest is None or latest == 0:
        return []
    return cov.filter(pl.col("share") >= COVERAGE_RATIO * latest)["snapshot_date"].to_list()


def _enough(rows: pl.DataFrame) -> bool:
    if rows.height < MIN_TRAIN_ROWS:
        return False
    leavers = int(encode_target(rows[LABEL]).sum())
    return MIN_TRAIN_LEAVERS <= leavers < rows.height


def history_plan(
    features: pl.DataFrame, train: pl.DataFrame
) -> tuple[list[date] | None, tuple[str, ...], dict[str, str]]:
    """Which training snapshots to keep and which feature groups to leave out, and why.

    A group is kept when the snapshots that cover it still leave enough training rows (training
    is then limited to those snapshots); otherwise the group is left out of the model.
    """
    keep: set[date] | None = None
    excluded: list[str] = []
    notes: dict[str, str] = {}
    for group, cols in HISTORY_GROUPS.items():
        present = [c for c in cols if c in features.columns]
        if not present:
            continue
        covered = set(covered_snapshots(features, present))
        candidate = covered if keep is None else keep & covered
        rows = train.filter(pl.col("snapshot_date").is_in(sorted(candidate)))
        if candidate and _enough(rows):
            if candidate != set(train["snapshot_date"].unique().to_list()):
                notes[group] = f"training limited to snapshots from {min(candidate)}"
            keep = candidate
        else:
            excluded.extend(present)
            notes[group] = "left out: no training snapshot has this history"
    return (sorted(keep) if keep is not None else None), tuple(excluded), notes


def labelled_rows(features: pl.DataFrame) -> pl.DataFrame:
    return features.filter(pl.col(LABEL).is_not_null())


def fit_retention_model(
    labelled: pl.DataFrame, kind: ModelKind, seed: int = 0, spec: FeatureSpec | None = None
) -> RetentionModel:
    """Fit one model kind on labelled snapshot rows."""
    spec = spec or feature_spec(labelled)
    x = to_model_input(labelled, spec)
    y = encode_target(labelled[LABEL])
    pipe = make_classifier(kind, spec, seed)
    pipe.fit(x, y)
    baselines: dict[str, object] = {}
    for name in spec.numeric:
        baselines[name] = float(np.nanmedian(x[name].to_numpy())) if x[name].notna().any() else 0.0
    for name in spec.categorical:
        baselines[name] = x[name].mode().iloc[0]
    return RetentionModel(kind, pipe, spec, float(y.mean()), baselines, len(y))


def split_by_time(
    features: pl.DataFrame, cutoff: date | None = None
) -> tuple[pl.DataFrame, pl.DataFrame, date]:
    """Train on snapshots whose 12-month window closed by `cutoff`, test on snapshots from it on.

    `cutoff` defaults to the latest snapshot with an observed label. Snapshots in between (window
    still open at the cutoff) are used for neither, so no test-period exit leaks into training.
    """
    labelled = labelled_rows(features)
    if cutoff is None:
        cutoff = labelled["snapshot_date"].max()
    window_end = pl.col("snapshot_date").dt.offset_by("12mo")
    train = labelled.filter(window_end <= cutoff)
    test = labelled.filter(pl.col("snapshot_date") >= cutoff)
    return train, test, cutoff


@dataclass
class RetentionEvaluation:
    chosen: ModelKind
    cutoff: date
    metrics: pl.DataFrame
    calibration: pl.DataFrame
    test_predictions: pl.DataFrame
    models: dict[str, RetentionModel] = field(default_factory=dict)
    # Training snapshots allowed by the history plan (None: all) and features left out.
    train_snapshots: list[date] | None = None
    excluded_features: tuple[str, ...] = ()


def evaluate_models(
    features: pl.DataFrame, cutoff: date | None = None, seed: int = 0
) -> RetentionEvaluation:
    """Fit both model kinds on earlier snapshots, score later ones, keep the better PR AUC."""
    train, test, cutoff = split_by_time(features, cutoff)
    if train.is_empty() or test.is_empty():
        raise ValueError(f"time split at {cutoff} leaves train={train.height} test={test.height}")
    snapshots, excluded, notes = history_plan(features, train)
    if snapshots is not None:
        train = train.filter(pl.col("snapshot_date").is_in(snapshots))
    spec = feature_spec(train, excluded)
    y_test = encode_target(test[LABEL])
    rows: list[dict] = []
    calibrations: list[pl.DataFrame] = []
    predictions: dict[str, np.ndarray] = {}
    models: dict[str, RetentionModel] = {}
    for kind in MODEL_KINDS:
        model = fit_retention_model(train, kind, seed, spec)
        p = model.predict(test)
        predictions[kind] = p
        models[kind] = model
        rows.append(
            {
                "model": kind,
                **classification_metrics(y_test, p),
                "train_rows": train.height,
                "train_positives": int(encode_target(train[LABEL]).sum()),
                "test_rows": test.height,
                "test_positives": int(y_test.sum()),
                "train_snapshots": train["snapshot_date"].n_unique(),
                "test_snapshots": test["snapshot_date"].n_unique(),
                "cutoff_date": cutoff,
                "train_from": train["snapshot_date"].min(),
                "history_note": "; ".join(f"{g}: {n}" for g, n in notes.items()) or "full history",
            }
        )
        calibrations.append(
            calibration_table(y_test, p)
            .with_columns(pl.lit(kind).alias("model"))
            .select("model", pl.exclude("model"))
        )
    metrics = pl.DataFrame(rows)
    chosen: ModelKind = metrics.sort("pr_auc", descending=True)["model"][0]
    metrics = metrics.with_columns((pl.col("model") == chosen).alias("is_chosen"))
    best = models[chosen]
    test_predictions = test.select(*KEYS, LABEL).with_columns(
        pl.Series("p_exit_12m", predictions[chosen]),
        pl.Series("risk_band", best.band(predictions[chosen])),
        pl.lit(chosen).alias("model"),
    )
    return RetentionEvaluation(
        chosen,
        cutoff,
        metrics,
        pl.concat(calibrations),
        test_predictions,
        models,
        snapshots,
        excluded,
    )


def explain(model: RetentionModel, frame: pl.DataFrame, top: int = TOP_DRIVERS) -> pl.DataFrame:
    """Signed contribution of each feature to each row's risk, top `top` by size, in HR words.

    A feature's contribution is the row's predicted risk minus the risk with that feature reset to
    its typical value (median or most common): positive raises the risk, negative lowers it.
    Features with no value for the row are not ranked. Works the same for either model kind.
    """
    x = to_model_input(frame, model.spec)
    p = model.pipeline.predict_proba(x)[:, 1]
    names = list(model.spec.columns)
    contributions = np.zeros((len(x), len(names)))
    for j, name in enumerate(names):
        reset = x.copy()
        reset[name] = model.baselines[name]
        contributions[:, j] = p - model.pipeline.predict_proba(reset)[:, 1]
    # A factor with no value recorded for the person is not shown as a reason: "not recorded
    # raises risk" tells HR nothing they can act on.
    missing = np.zeros_like(contributions, dtype=bool)
    for j, name in enumerate(names):
        col = x[name]
        missing[:, j] = col.isna().to_numpy() | (col == MISSING).to_numpy()
    strength = np.where(missing, -1.0, np.abs(contributions))
    order = np.argsort(-strength, axis=1, kind="stable")[:, :top]
    out: dict[str, list] = {}
    for k in range(top):
        idx = order[:, k]
        feats = [names[i] for i in idx]
        contrib = contributions[np.arange(len(x)), idx]
        values = [x[f].iat[r] for r, f in enumerate(feats)]
        out[f"driver_{k + 1}_feature"] = feats
        out[f"driver_{k + 1}_label"] = [feature_label(f) for f in feats]
        out[f"driver_{k + 1}_contribution"] = contrib.tolist()
        out[f"driver_{k + 1}_text"] = [
            driver_text(f, v, c) for f, v, c in zip(feats, values, contrib, strict=True)
        ]
    return pl.DataFrame(out)


def score_employees(model: RetentionModel, frame: pl.DataFrame) -> pl.DataFrame:
    """Risk, band and top drivers for each row of `frame` (typically the current snapshot)."""
    p = model.predict(frame)
    scored = frame.select(*KEYS).with_columns(
        pl.Series("p_exit_12m", p),
        pl.Series("risk_band", model.band(p)),
        pl.lit(model.kind).alias("model"),
    )
    return pl.concat([scored, explain(model, frame)], how="horizontal")


def backtest_by_band(test_predictions: pl.DataFrame) -> pl.DataFrame:
    """Predictions made at the test snapshot against who actually left in the next 12 months."""
    order = {b: i for i, b in enumerate(BAND_ORDER)}
    return (
        test_predictions.with_columns(pl.col(LABEL).cast(pl.Int64).alias("_left"))
        .group_by("snapshot_date", "risk_band")
        .agg(
            pl.len().alias("employees"),
            pl.col("p_exit_12m").mean().alias("predicted_rate"),
            pl.col("p_exit_12m").sum().alias("predicted_leavers"),
            pl.col("_left").sum().alias("actual_leavers"),
            pl.col("_left").mean().alias("actual_rate"),
        )
        .with_columns(
            (pl.col("actual_leavers") / pl.col("actual_leavers").sum().over("snapshot_date")).alias(
                "share_of_all_leavers"
            ),
            pl.col("risk_band").replace_strict(order, return_dtype=pl.Int8).alias("_order"),
        )
        .sort("snapshot_date", "_order")
        .drop("_order")
    )


@dataclass
class RetentionRun:
    """Everything the retention asset writes."""

    evaluation: RetentionEvaluation
    final_model: RetentionModel
    scores: pl.DataFrame
    backtest: pl.DataFrame


def run_retention(
    features: pl.DataFrame, cutoff: date | None = None, seed: int = 0
) -> RetentionRun:
    """Evaluate, choose, refit the chosen kind on all labelled rows and score the latest snapshot."""
    evaluation = evaluate_models(features, cutoff, seed)
    labelled = labelled_rows(features)
    if evaluation.train_snapshots is not None:
        # The same history rule as in validation, plus the test snapshots themselves.
        first = min(evaluation.train_snapshots)
        labelled = labelled.filter(pl.col("snapshot_date") >= first)
    spec = feature_spec(labelled, evaluation.excluded_features)
    final = fit_retention_model(labelled, evaluation.chosen, seed, spec)
    latest = features.filter(pl.col("snapshot_date") == features["snapshot_date"].max())
    scores = score_employees(final, latest)
    return RetentionRun(evaluation, final, scores, backtest_by_band(evaluation.test_predictions))
