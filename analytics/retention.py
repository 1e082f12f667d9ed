"""Retention risk: probability of a voluntary exit within 12 months, validated honestly in time.

Input is the `retention_features` mart: one row per employee and snapshot date, every feature
computed from data before the snapshot, and the label `left_voluntarily_12m` (null while the
12-month window is still open). Two models compete (regularized logistic regression and gradient
boosting); the one whose recalibrated risks have the better Brier score on later snapshots is
kept and refitted on every labelled row.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd
import polars as pl
from scipy.special import expit, logit
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, brier_score_loss, roc_auc_score
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import Pipeline

from analytics import leakage
from analytics.feature_words import (
    PHRASED_COMPANIONS,
    driver_texts,
    feature_label,
    format_value_codes,
    source_phrase_codes,
)
from analytics.pilot.stats import wilson_interval
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
    # The row's place in the sampling order within its snapshot x outcome: knows the outcome.
    "sample_rank",
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
    ),
}
# Optional sources (pay, engagement surveys, overtime and absence) join the mart as columns named
# with these prefixes when a customer has them: they feed the model like any other feature, and
# each source is a history group of its own, since such exports rarely reach as far back as the
# employment history.
OPTIONAL_GROUP_PREFIXES: dict[str, tuple[str, ...]] = {
    "pay": ("pay_", "salary_", "compa_ratio", "last_raise_"),
    "engagement": ("engagement_", "pulse_"),
    "time": ("overtime_", "absence_"),
}


def history_groups(columns: Collection[str]) -> dict[str, tuple[str, ...]]:
    """HISTORY_GROUPS, and a group per optional source present among `columns`. The exam score
    per competency (`exam_<code>_24m`, one per competency of the reference data) is training."""
    groups = dict(HISTORY_GROUPS)
    exams = tuple(c for c in columns if c.startswith("exam_") and c.endswith("_24m"))
    groups["training"] = (*groups["training"], *exams)
    for group, prefixes in OPTIONAL_GROUP_PREFIXES.items():
        present = tuple(c for c in columns if c.startswith(prefixes))
        if present:
            groups[group] = present
    return groups


# A snapshot covers a group when its share of rows with data reaches this share of the latest one.
COVERAGE_RATIO = 0.5
MIN_TRAIN_ROWS = 200
MIN_TRAIN_LEAVERS = 20
# The models learn from at most this many labelled snapshot rows: a sample stratified by snapshot
# date and outcome (every stratum keeps the same share, so the leaving rate and the mix of years
# are those of the whole history). The cost of fitting grows with the rows, the precision of the
# model hardly does past this size: at a 4% leaving rate it holds about 8,000 leavers for about 75
# model parameters, and at 100,000 employees (634,664 training rows) the kept model's ROC AUC on
# the test snapshot was 0.706 on the sample as on every row (docs/models.md, "How far it scales").
# The test snapshot, the back-test and today's scores always use every row.
TRAIN_SAMPLE_ROWS = 200_000
# The two models are compared (ROC and PR AUC, Brier score, calibration) on at most this many rows
# of the test snapshot, stratified by outcome in the same way: at a million employees the test
# snapshot has a million rows, and scoring them all with both models cost more than fitting
# them. At 200,000 rows (about 8,000 leavers) the ROC AUC is known to about +/-0.003 and each
# tenth of the calibration table holds 20,000 people. The back-test by band scores every test
# row with the kept model.
TEST_SAMPLE_ROWS = 200_000
# Rank of a row within its stratum (snapshot date x outcome) in a seeded hash order: the sample of
# a fraction f keeps the first ceil(f x stratum rows) ranks, so a smaller sample is part of a larger.
SAMPLE_RANK = "sample_rank"  # listed in NON_FEATURES: it knows the outcome
# Rows scored at once: bounds the memory of the dense model input (rows x ~150 columns).
PREDICT_CHUNK_ROWS = 100_000


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
    as_of: date | str | None = None,
) -> dict:
    """Stratified k-fold ROC AUC, PR AUC and Brier score of the retention pipeline on any frame.

    Column types are detected (numbers, booleans, dates -> numeric; text -> categorical;
    identifier-like text dropped), missing numerics are imputed with a missing flag, categoricals
    one-hot encoded, numerics scaled. The target may be yes/no, true/false, 0/1 or boolean; rows
    without a target are not used and are counted in `rows_without_target`.

    The leakage guard (`analytics.leakage`) refuses identifiers and columns recorded at or after
    the outcome before any fit; `leakage_dropped` lists them with the reason. `as_of` is the
    prediction date (or the column holding it), for dates recorded later. A near-perfect result
    is flagged: `suspect` is True and `verdict` says why, whatever the folds scored.
    """
    if target not in frame.columns:
        raise KeyError(f"no target column {target!r}")
    usable = frame.filter(pl.col(target).is_not_null())
    y = encode_target(usable[target])
    if y.sum() < folds or (len(y) - y.sum()) < folds:
        raise ValueError(f"need at least {folds} rows of each class for {folds} folds")
    spec, screen = leakage.guard_spec(
        detect_features(usable, target=target), usable, y, as_of=as_of, seed=seed
    )
    if not spec.columns:
        raise ValueError(f"no usable feature columns (dropped: {spec.dropped})")
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
        leakage_dropped=dict(screen.dropped),
        out_of_fold_calibration_error=expected_calibration_error(y, oof),
        suspect=leakage.is_suspect(result["roc_auc"]),
        verdict=leakage.verdict(result["roc_auc"]),
    )
    return result


# Columns of `ml.retention_metrics` that are empty when no recalibration could be learned.
METRICS_NULLABLE = {
    "calibration_slope": pl.Float64,
    "calibration_intercept": pl.Float64,
    "calibrated_from": pl.Date,
    "calibrated_to": pl.Date,
}
# Probabilities are kept this far from 0 and 1 before taking log-odds.
PROB_FLOOR = 1e-6


@dataclass(frozen=True)
class Calibration:
    """Platt recalibration: calibrated log-odds = slope x model log-odds + intercept.

    Learned on a snapshot the model never saw, a year after the ones it learned from, so it
    corrects what a model trained on the past gets wrong about the next year (over-confidence of
    a model fitted on few leavers, a leaving rate that moved). Two figures: sound with a few
    dozen leavers, where a free-form (isotonic) map would follow their noise.
    """

    slope: float
    intercept: float
    # The snapshots it was learned on (from, to), and their rows and leavers.
    first_snapshot: date
    last_snapshot: date
    rows: int
    leavers: int

    @property
    def leaving_rate(self) -> float:
        return self.leavers / self.rows

    def apply_logit(self, z: np.ndarray) -> np.ndarray:
        return expit(self.slope * z + self.intercept)


def fit_calibration(
    p: np.ndarray, y: np.ndarray, first_snapshot: date, last_snapshot: date
) -> Calibration:
    """Platt scaling of probabilities `p` against outcomes `y` (unpenalised, two parameters)."""
    z = logit(np.clip(p, PROB_FLOOR, 1 - PROB_FLOOR))[:, None]
    platt = LogisticRegression(C=np.inf, max_iter=1000).fit(z, y)
    return Calibration(
        float(platt.coef_[0, 0]),
        float(platt.intercept_[0]),
        first_snapshot,
        last_snapshot,
        len(y),
        int(y.sum()),
    )


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
    # Platt recalibration learned a year later (see `calibrate_later`); identity when None.
    calibration: Calibration | None = None

    def calibrate(self, p: np.ndarray) -> np.ndarray:
        """The pipeline's probabilities as calibrated ones."""
        if self.calibration is None:
            return p
        return self.calibration.apply_logit(logit(np.clip(p, PROB_FLOOR, 1 - PROB_FLOOR)))

    def calibrate_logit(self, z: np.ndarray) -> np.ndarray:
        """Calibrated probabilities from the pipeline's log-odds (the logistic model's score)."""
        return expit(z) if self.calibration is None else self.calibration.apply_logit(z)

    def predict(self, frame: pl.DataFrame) -> np.ndarray:
        """Probability of leaving for each row, scored in chunks of PREDICT_CHUNK_ROWS rows."""
        parts = [
            self.calibrate(self.pipeline.predict_proba(to_model_input(chunk, self.spec))[:, 1])
            for chunk in frame.iter_slices(PREDICT_CHUNK_ROWS)
        ]
        return np.concatenate(parts) if parts else np.zeros(0)

    @property
    def band_edges(self) -> tuple[float, float]:
        """Medium from the average risk, high from twice the average (see docs/models.md)."""
        return (self.base_rate, 2 * self.base_rate)

    def band(self, p: np.ndarray) -> list[str]:
        low_edge, high_edge = self.band_edges
        p = np.asarray(p)
        return np.where(p >= high_edge, "high", np.where(p >= low_edge, "medium", "low")).tolist()


def feature_spec(
    frame: pl.DataFrame,
    exclude: tuple[str, ...] = (),
    seed: int = 0,
    refused: dict[str, str] | None = None,
) -> FeatureSpec:
    """The model's columns: the mart's features less NON_FEATURES, `exclude` and what the leakage
    guard refuses on the labelled rows (each row's prediction date is its snapshot date).

    With `refused` (the guard's verdict on the validation rows) those columns are dropped with
    their reasons and the screen is not run again: the final fit of `run_retention` reuses it."""
    spec = detect_features(frame, target=LABEL, exclude=NON_FEATURES + exclude)
    if refused is not None:
        return FeatureSpec(
            tuple(c for c in spec.numeric if c not in refused),
            tuple(c for c in spec.categorical if c not in refused),
            {**spec.dropped, **refused},
            dict(refused),
        )
    labelled = labelled_rows(frame)
    if labelled.is_empty():
        return spec
    y = encode_target(labelled[LABEL])
    return leakage.guard_spec(spec, labelled, y, as_of="snapshot_date", seed=seed)[0]


def _has_data(columns: list[str], frame: pl.DataFrame) -> pl.Expr:
    """True when any column of the group holds a value (non-null, and non-zero for counts)."""
    parts = []
    for c in columns:
        expr = pl.col(c).is_not_null()
        if frame.schema[c].is_numeric():
            expr = expr & (pl.col(c) != 0)
        parts.append(expr)
    return pl.any_horizontal(parts)


def rows_with_column(group: str) -> str:
    """The profile column counting rows that hold data of a history group."""
    return f"rows_with_{group}"


def snapshot_profile(features: pl.DataFrame) -> pl.DataFrame:
    """Rows per snapshot date and outcome, and how many of them hold each history group's data.

    This is all the training plan needs to know about the whole table, so that only the rows it
    keeps have to be loaded; `analytics.inputs.retention_profile` computes the same in DuckDB.
    """
    aggs = [pl.len().cast(pl.Int64).alias("rows")]
    for group, cols in history_groups(features.columns).items():
        present = [c for c in cols if c in features.columns]
        if present:
            aggs.append(
                _has_data(present, features).sum().cast(pl.Int64).alias(rows_with_column(group))
            )
    return features.group_by("snapshot_date", LABEL).agg(aggs).sort("snapshot_date", LABEL)


def covered_snapshots(profile: pl.DataFrame, group: str) -> list[date]:
    """Snapshots where the group's data coverage is at least COVERAGE_RATIO of the latest's."""
    cov = (
        profile.group_by("snapshot_date")
        .agg((pl.col(rows_with_column(group)).sum() / pl.col("rows").sum()).alias("share"))
        .sort("snapshot_date")
    )
    latest = cov["share"][-1]
    if latest is None or latest == 0:
        return []
    return cov.filter(pl.col("share") >= COVERAGE_RATIO * latest)["snapshot_date"].to_list()


def _leavers(strata: pl.DataFrame) -> int:
    """Rows with a positive outcome, from labelled strata (snapshot_date, LABEL, rows)."""
    if strata.is_empty():
        return 0
    return int((encode_target(strata[LABEL]) * strata["rows"].to_numpy()).sum())


def _enough(strata: pl.DataFrame) -> bool:
    rows = int(strata["rows"].sum())
    if rows < MIN_TRAIN_ROWS:
        return False
    return MIN_TRAIN_LEAVERS <= _leavers(strata) < rows


def history_plan(
    profile: pl.DataFrame, columns: Collection[str], train_snapshots: list[date]
) -> tuple[list[date] | None, tuple[str, ...], dict[str, str]]:
    """Which training snapshots to keep and which feature groups to leave out, and why.

    A group is kept when the snapshots that cover it still leave enough training rows (training
    is then limited to those snapshots); otherwise the group is left out of the model.
    `columns` are the table's columns, `profile` is `snapshot_profile` of the table.
    """
    keep: set[date] | None = None
    excluded: list[str] = []
    notes: dict[str, str] = {}
    labelled = profile.filter(pl.col(LABEL).is_not_null())
    for group, cols in history_groups(columns).items():
        present = [c for c in cols if c in columns]
        if not present:
            continue
        covered = set(covered_snapshots(profile, group))
        candidate = covered if keep is None else keep & covered
        strata = labelled.filter(
            pl.col("snapshot_date").is_in(sorted(candidate & set(train_snapshots)))
        )
        if candidate and _enough(strata):
            if candidate != set(train_snapshots):
                notes[group] = f"training limited to snapshots from {min(candidate)}"
            keep = candidate
        else:
            excluded.extend(present)
            notes[group] = "left out: no training snapshot has this history"
    return (sorted(keep) if keep is not None else None), tuple(excluded), notes


def labelled_rows(features: pl.DataFrame) -> pl.DataFrame:
    return features.filter(pl.col(LABEL).is_not_null())


@dataclass(frozen=True)
class TrainingPlan:
    """Which snapshots the models learn from and are tested on, and what share of rows is used.

    Made from the table's profile alone (`snapshot_profile`), before any row is loaded:
    `load_fractions` says how much of each snapshot is needed.
    """

    cutoff: date
    # Snapshots the validation models learn from (window closed by the cutoff, history rule).
    train_snapshots: list[date]
    # Labelled snapshots from the cutoff on: the models are tested on every row of these.
    test_snapshots: list[date]
    # Labelled snapshots the final model learns from (the history rule, test snapshots included).
    final_snapshots: list[date]
    latest_snapshot: date
    # Snapshots allowed by the history rule (None: all), feature groups left out, and why.
    history_snapshots: list[date] | None
    excluded_features: tuple[str, ...]
    notes: dict[str, str]
    # Full row counts per (snapshot_date, LABEL) stratum.
    strata: pl.DataFrame
    train_rows_available: int
    final_rows_available: int
    test_rows_available: int
    train_fraction: float
    final_fraction: float
    test_fraction: float

    def load_fractions(self) -> dict[date, float]:
        """Share of each snapshot's rows (per outcome) that the run needs."""
        fractions = dict.fromkeys(self.final_snapshots, self.final_fraction)
        # The validation sample is the larger share of fewer rows and contains the final one.
        fractions.update(dict.fromkeys(self.train_snapshots, self.train_fraction))
        fractions.update(dict.fromkeys([*self.test_snapshots, self.latest_snapshot], 1.0))
        return fractions


def _fraction(available: int, max_rows: int | None) -> float:
    if max_rows is None or available <= max_rows:
        return 1.0
    return max_rows / available


def plan_training(
    profile: pl.DataFrame,
    columns: Collection[str],
    cutoff: date | None = None,
    max_train_rows: int | None = TRAIN_SAMPLE_ROWS,
    max_test_rows: int | None = TEST_SAMPLE_ROWS,
) -> TrainingPlan:
    """The time split of `split_by_time`, the history rule and the sample shares, from the profile.

    `max_train_rows` caps the rows each model learns from, `max_test_rows` the test rows the two
    models are compared on (None: no cap).
    """
    labelled = profile.filter(pl.col(LABEL).is_not_null())
    if labelled.is_empty():
        raise ValueError("no snapshot has an observed outcome")
    if cutoff is None:
        cutoff = labelled["snapshot_date"].max()
    window_end = pl.col("snapshot_date").dt.offset_by("12mo")
    train_all = labelled.filter(window_end <= cutoff)["snapshot_date"].unique().sort().to_list()
    test = labelled.filter(pl.col("snapshot_date") >= cutoff)["snapshot_date"].unique().sort()
    snapshots, excluded, notes = history_plan(profile, columns, train_all)
    train = train_all if snapshots is None else sorted(set(train_all) & set(snapshots))
    labelled_dates = labelled["snapshot_date"].unique().sort()
    # The same history rule for the final model, plus the test snapshots themselves.
    final = (
        labelled_dates
        if snapshots is None
        else labelled_dates.filter(labelled_dates >= min(snapshots))
    )
    strata = profile.select("snapshot_date", LABEL, "rows")

    def available(dates: list[date]) -> int:
        return int(labelled.filter(pl.col("snapshot_date").is_in(dates))["rows"].sum())

    train_rows, final_rows = available(train), available(final.to_list())
    test_rows = available(test.to_list())
    return TrainingPlan(
        cutoff=cutoff,
        train_snapshots=train,
        test_snapshots=test.to_list(),
        final_snapshots=final.to_list(),
        latest_snapshot=profile["snapshot_date"].max(),
        history_snapshots=snapshots,
        excluded_features=excluded,
        notes=notes,
        strata=strata,
        train_rows_available=train_rows,
        final_rows_available=final_rows,
        test_rows_available=test_rows,
        train_fraction=_fraction(train_rows, max_train_rows),
        final_fraction=_fraction(final_rows, max_train_rows),
        test_fraction=_fraction(test_rows, max_test_rows),
    )


def with_sample_rank(features: pl.DataFrame, seed: int = 0) -> pl.DataFrame:
    """Add SAMPLE_RANK: each row's place within its snapshot date x outcome in a seeded order.

    `analytics.inputs.retention_rows` computes it in DuckDB while loading (there with DuckDB's
    hash); either way a sample is the first ranks of every stratum.
    """
    if SAMPLE_RANK in features.columns:
        return features
    order = pl.struct("employee_key", "snapshot_date").hash(seed)
    return features.with_columns(
        order.rank("ordinal").over("snapshot_date", LABEL).cast(pl.Int64).alias(SAMPLE_RANK)
    )


def sample_rows(
    features: pl.DataFrame, snapshots: list[date], fraction: float, strata: pl.DataFrame
) -> pl.DataFrame:
    """Labelled rows of `snapshots`, the first ceil(fraction x rows) ranks of every stratum.

    `strata` holds the full row count per stratum (the table may be loaded partly), `features`
    must carry SAMPLE_RANK.
    """
    rows = features.filter(pl.col("snapshot_date").is_in(snapshots) & pl.col(LABEL).is_not_null())
    if fraction >= 1.0:
        return rows
    quota = strata.select(
        "snapshot_date",
        LABEL,
        (pl.col("rows").cast(pl.Float64) * fraction).ceil().cast(pl.Int64).alias("_quota"),
    )
    return (
        rows.join(quota, on=["snapshot_date", LABEL], how="left", maintain_order="left")
        .filter(pl.col(SAMPLE_RANK) <= pl.col("_quota"))
        .drop("_quota")
    )


def fit_retention_models(
    labelled: pl.DataFrame,
    kinds: tuple[ModelKind, ...],
    seed: int = 0,
    spec: FeatureSpec | None = None,
) -> dict[str, RetentionModel]:
    """Fit each model kind on labelled snapshot rows.

    The kinds share one preprocessing (imputation, scaling, one-hot encoding), fitted once: it
    depends on the rows only, not on the model that follows it.
    """
    spec = spec or feature_spec(labelled)
    x = to_model_input(labelled, spec)
    y = encode_target(labelled[LABEL])
    baselines: dict[str, object] = {}
    for name in spec.numeric:
        baselines[name] = float(np.nanmedian(x[name].to_numpy())) if x[name].notna().any() else 0.0
    for name in spec.categorical:
        baselines[name] = x[name].mode().iloc[0]
    prep = make_classifier(kinds[0], spec, seed).named_steps["prep"]
    xt = prep.fit_transform(x)
    models: dict[str, RetentionModel] = {}
    for kind in kinds:
        pipe = make_classifier(kind, spec, seed)
        pipe.steps[0] = ("prep", prep)
        pipe.named_steps["model"].fit(xt, y)
        models[kind] = RetentionModel(kind, pipe, spec, float(y.mean()), baselines, len(y))
    return models


def fit_retention_model(
    labelled: pl.DataFrame, kind: ModelKind, seed: int = 0, spec: FeatureSpec | None = None
) -> RetentionModel:
    """Fit one model kind on labelled snapshot rows."""
    return fit_retention_models(labelled, (kind,), seed, spec)[kind]


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
    plan: TrainingPlan | None = None
    # The kept kind's recalibration, learned on later training snapshots (None: too few).
    recalibration: Calibration | None = None


# A recalibration needs at least this many leavers in the later snapshots it is learned on.
MIN_CALIBRATION_LEAVERS = 10
# It is learned on (at most) the last this many training snapshots: one year of a small bank has
# a few dozen leavers, and a slope learned on one year moved from 0.5 to 1.2 between years.
CALIBRATION_YEARS = 3


@dataclass(frozen=True)
class LaterScores:
    """Scores of models that learned from earlier training snapshots, on the later ones."""

    scores: dict[str, np.ndarray]
    y: np.ndarray
    first_snapshot: date
    last_snapshot: date


def later_scores(
    train: pl.DataFrame,
    kinds: tuple[ModelKind, ...],
    spec: FeatureSpec,
    seed: int = 0,
) -> LaterScores | None:
    """Models of each kind learn from the training snapshots whose 12-month window closed by the
    first of the last CALIBRATION_YEARS training snapshots, and score those later snapshots (one
    to three years ahead). One extra fit per kind, sharing one preprocessing; no test row is used.
    None when there are too few snapshots or leavers."""
    snapshots = train["snapshot_date"].unique().sort().to_list()
    years = min(CALIBRATION_YEARS, len(snapshots) - 1)
    if years < 1:
        return None
    first = snapshots[-years]
    earlier = train.filter(pl.col("snapshot_date").dt.offset_by("12mo") <= first)
    later = train.filter(pl.col("snapshot_date") >= first)
    y_later = encode_target(later[LABEL])
    strata = earlier.group_by("snapshot_date", LABEL).agg(pl.len().alias("rows"))
    if not _enough(strata) or y_later.sum() < MIN_CALIBRATION_LEAVERS:
        return None
    models = fit_retention_models(earlier, kinds, seed, spec)
    scores = {kind: model.predict(later) for kind, model in models.items()}
    return LaterScores(scores, y_later, first, snapshots[-1])


def calibrate_later(
    train: pl.DataFrame,
    kinds: tuple[ModelKind, ...],
    spec: FeatureSpec,
    seed: int = 0,
) -> dict[str, Calibration]:
    """Learn how each model kind's risks turn out later, from the training rows alone: Platt
    scaling of `later_scores` against who left. Empty when they cannot be had."""
    later = later_scores(train, kinds, spec, seed)
    if later is None:
        return {}
    return {
        kind: fit_calibration(p, later.y, later.first_snapshot, later.last_snapshot)
        for kind, p in later.scores.items()
    }


def _calibrated(model: RetentionModel, calibration: Calibration | None, base_rate: float) -> None:
    """Give the model its recalibration and, with it, the average risk the bands start from:
    the leaving rate of the latest year(s) known, which the recalibration aims at."""
    model.calibration = calibration
    if calibration is not None:
        model.base_rate = base_rate


def refused_text(spec: FeatureSpec) -> str:
    """The columns the leakage guard refused, with why, as one line for `ml.retention_metrics`."""
    return "; ".join(f"{name}: {why}" for name, why in spec.refused.items())


def _plan_for(
    features: pl.DataFrame,
    cutoff: date | None,
    plan: TrainingPlan | None,
    max_train_rows: int | None,
    max_test_rows: int | None,
) -> TrainingPlan:
    if plan is not None:
        return plan
    return plan_training(
        snapshot_profile(features), features.columns, cutoff, max_train_rows, max_test_rows
    )


def evaluate_models(
    features: pl.DataFrame,
    cutoff: date | None = None,
    seed: int = 0,
    plan: TrainingPlan | None = None,
    max_train_rows: int | None = TRAIN_SAMPLE_ROWS,
    max_test_rows: int | None = TEST_SAMPLE_ROWS,
) -> RetentionEvaluation:
    """Fit both model kinds on earlier snapshots, score later ones, keep the better Brier score.

    The models learn from a stratified sample of at most `max_train_rows` training rows and are
    compared on a stratified sample of at most `max_test_rows` test rows; the kept model's
    predictions (the back-test) cover every test row. `features` may hold only the rows `plan`
    needs (with SAMPLE_RANK), as `analytics.inputs.retention_rows` loads them.
    """
    plan = _plan_for(features, cutoff, plan, max_train_rows, max_test_rows)
    features = with_sample_rank(features, seed)
    train = sample_rows(features, plan.train_snapshots, plan.train_fraction, plan.strata)
    test_all = labelled_rows(features).filter(pl.col("snapshot_date").is_in(plan.test_snapshots))
    test = sample_rows(features, plan.test_snapshots, plan.test_fraction, plan.strata)
    if train.is_empty() or test.is_empty():
        raise ValueError(
            f"time split at {plan.cutoff} leaves train={train.height} test={test.height}"
        )
    spec = feature_spec(train, plan.excluded_features)
    y_test = encode_target(test[LABEL])
    rows: list[dict] = []
    calibrations: list[pl.DataFrame] = []
    raw: dict[str, np.ndarray] = {}
    models = fit_retention_models(train, MODEL_KINDS, seed, spec)
    recalibrations = calibrate_later(train, MODEL_KINDS, spec, seed)
    for kind, model in models.items():
        raw[kind] = model.predict(test)
        recal = recalibrations.get(kind)
        _calibrated(model, recal, recal.leaving_rate if recal else model.base_rate)
        p = model.calibrate(raw[kind])
        scored = classification_metrics(y_test, raw[kind])
        calibrated = classification_metrics(y_test, p)
        rows.append(
            {
                "model": kind,
                **scored,
                "calibrated_brier": calibrated["brier"],
                "calibrated_calibration_error": calibrated["calibration_error"],
                "calibration_slope": recal.slope if recal else None,
                "calibration_intercept": recal.intercept if recal else None,
                "calibrated_from": recal.first_snapshot if recal else None,
                "calibrated_to": recal.last_snapshot if recal else None,
                "is_suspect": leakage.is_suspect(scored["roc_auc"]),
                "verdict": leakage.verdict(scored["roc_auc"]),
                "refused_columns": refused_text(spec),
                "train_rows": train.height,
                "train_positives": int(encode_target(train[LABEL]).sum()),
                "train_rows_available": plan.train_rows_available,
                "test_rows": test.height,
                "test_positives": int(y_test.sum()),
                "test_rows_available": plan.test_rows_available,
                "train_snapshots": train["snapshot_date"].n_unique(),
                "test_snapshots": test["snapshot_date"].n_unique(),
                "cutoff_date": plan.cutoff,
                "train_from": train["snapshot_date"].min(),
                "history_note": "; ".join(f"{g}: {n}" for g, n in plan.notes.items())
                or "full history",
            }
        )
        calibrations.append(
            calibration_table(y_test, p)
            .with_columns(pl.lit(kind).alias("model"))
            .select("model", pl.exclude("model"))
        )
    metrics = pl.DataFrame(rows, schema_overrides=METRICS_NULLABLE)
    # The kept kind is the one whose (recalibrated) risks come closest to who left: the Brier
    # score rewards ranking and calibration together, and moves less with a few dozen leavers
    # than the PR AUC does.
    chosen: ModelKind = metrics.sort("calibrated_brier")["model"][0]
    metrics = metrics.with_columns((pl.col("model") == chosen).alias("is_chosen"))
    best = models[chosen]
    # The back-test covers every test row: score the rows the comparison left out, if any.
    same = test.height == test_all.height
    p_all = best.calibrate(raw[chosen]) if same else best.predict(test_all)
    scored = test if same else test_all
    test_predictions = scored.select(*KEYS, LABEL).with_columns(
        pl.Series("p_exit_12m", p_all),
        pl.Series("risk_band", best.band(p_all)),
        pl.lit(chosen).alias("model"),
    )
    return RetentionEvaluation(
        chosen,
        plan.cutoff,
        metrics,
        pl.concat(calibrations),
        test_predictions,
        models,
        plan.history_snapshots,
        plan.excluded_features,
        plan,
        recalibrations.get(chosen),
    )


def _output_columns(model: RetentionModel) -> list[np.ndarray]:
    """For each feature of the spec, the columns of the preprocessed matrix that it makes.

    The preprocessing works column by column (impute + missing flag + scale, or one-hot), so
    resetting a feature to its baseline means resetting exactly these columns.
    """
    prep = model.pipeline.named_steps["prep"]
    names = list(prep.get_feature_names_out())
    index = {name: i for i, name in enumerate(names)}
    out: list[np.ndarray] = []
    onehot = prep.named_transformers_["cat"] if model.spec.categorical else None
    infrequent = getattr(onehot, "infrequent_categories_", None)
    for name in model.spec.numeric:
        cols = [index[f"num__{name}"]]
        if f"num__missingindicator_{name}" in index:
            cols.append(index[f"num__missingindicator_{name}"])
        out.append(np.array(cols))
    for j, name in enumerate(model.spec.categorical):
        rare = set() if infrequent is None or infrequent[j] is None else set(infrequent[j])
        labels = [f"cat__{name}_{c}" for c in onehot.categories_[j] if c not in rare]
        if rare:
            labels.append(f"cat__{name}_infrequent_sklearn")
        out.append(np.array([index[label] for label in labels]))
    mapped = np.concatenate(out) if out else np.zeros(0, int)
    if sorted(mapped.tolist()) != list(range(len(names))):
        raise RuntimeError("preprocessed columns do not map one to one onto the features")
    return out


def _contributions(model: RetentionModel, x: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Each row's risk, and its risk minus the risk with each feature reset to its baseline."""
    prep = model.pipeline.named_steps["prep"]
    estimator = model.pipeline.named_steps["model"]
    names = list(model.spec.columns)
    baseline_row = pd.DataFrame(
        {
            n: np.array(
                [model.baselines[n]], dtype=np.float64 if n in model.spec.numeric else object
            )
            for n in names
        },
        columns=names,
    )
    base = prep.transform(baseline_row)[0]
    xt = np.asarray(prep.transform(x), dtype=np.float64)
    linear = isinstance(estimator, LogisticRegression) and len(estimator.classes_) == 2
    if linear:
        # A binary logistic regression's risk is expit(xt @ coef + intercept) (its
        # predict_proba): resetting a feature moves the sum by the reset columns' share, so the
        # rows need not be scored again (its calibration is a line in log-odds too).
        coef = estimator.coef_[0]
        z = xt @ coef + estimator.intercept_[0]
        p = model.calibrate_logit(z)
    else:
        p = model.calibrate(estimator.predict_proba(xt)[:, 1])
    contributions = np.zeros((len(x), len(names)))
    for j, cols in enumerate(_output_columns(model)):
        if linear:
            reset_z = z - (xt[:, cols] - base[cols]) @ coef[cols]
            contributions[:, j] = p - model.calibrate_logit(reset_z)
            continue
        # Rows already at the baseline contribute exactly nothing: only the others are rescored.
        rows = np.flatnonzero((xt[:, cols] != base[cols]).any(axis=1))
        if rows.size:
            reset = xt[rows]
            reset[:, cols] = base[cols]
            contributions[rows, j] = p[rows] - model.calibrate(estimator.predict_proba(reset)[:, 1])
    return p, contributions


def _explain_chunk(
    model: RetentionModel, frame: pl.DataFrame, top: int
) -> tuple[np.ndarray, pl.DataFrame]:
    x = to_model_input(frame, model.spec)
    names = np.array(model.spec.columns)
    labels = np.array([feature_label(n) for n in names])
    p, contributions = _contributions(model, x)
    # A factor with no value recorded for the person is not shown as a reason: "not recorded
    # raises risk" tells HR nothing they can act on.
    missing = np.zeros_like(contributions, dtype=bool)
    for j, name in enumerate(names):
        col = x[name]
        missing[:, j] = col.isna().to_numpy() | (col == MISSING).to_numpy()
    strength = np.where(missing, -1.0, np.abs(contributions))
    order = np.argsort(-strength, axis=1, kind="stable")[:, :top]
    columns = [x[name].to_numpy() for name in names]
    rows = np.arange(len(x))
    name_series = pl.Series(names, dtype=pl.String)
    label_series = pl.Series(labels, dtype=pl.String)
    # A phrased driver's text is its phrase alone (feature_words.PHRASED_COMPANIONS).
    text_label_series = pl.Series(
        [
            ("" if n in PHRASED_COMPANIONS else label)
            for n, label in zip(names, labels, strict=True)
        ],
        dtype=pl.String,
    )
    out: dict[str, object] = {}
    for k in range(top):
        if k >= order.shape[1]:
            # A model with fewer features than drivers asked for (a small export leaves few):
            # the missing drivers are empty, never an error that stops the build.
            for suffix, dtype in _DRIVER_COLUMNS.items():
                out[f"driver_{k + 1}_{suffix}"] = pl.Series([None] * len(x), dtype=dtype)
            continue
        idx = order[:, k]
        contrib = contributions[rows, idx]
        # The value of each row's driving feature in words: each distinct value of a feature is
        # worded once, and the rows pick their words by index.
        words: list[str] = []
        codes = np.empty(len(x), dtype=np.int64)
        for j in np.unique(idx):
            at = idx == j
            if names[j] in PHRASED_COMPANIONS:
                companion = PHRASED_COMPANIONS[names[j]]
                partner = x[companion].to_numpy()[at] if companion in x.columns else None
                texts, inverse = source_phrase_codes(names[j], columns[j][at], partner)
            else:
                texts, inverse = format_value_codes(columns[j][at], names[j])
            codes[at] = inverse + len(words)
            words.extend(texts)
        positions = pl.Series(idx, dtype=pl.UInt32)
        labels_k = label_series.gather(positions)
        out[f"driver_{k + 1}_feature"] = name_series.gather(positions)
        out[f"driver_{k + 1}_label"] = labels_k
        out[f"driver_{k + 1}_contribution"] = pl.Series(contrib, dtype=pl.Float64)
        out[f"driver_{k + 1}_text"] = driver_texts(
            text_label_series.gather(positions),
            pl.Series(words, dtype=pl.String).gather(pl.Series(codes)),
            contrib,
        )
    return p, pl.DataFrame(out)


_DRIVER_COLUMNS: dict[str, pl.DataType] = {
    "feature": pl.String(),
    "label": pl.String(),
    "contribution": pl.Float64(),
    "text": pl.String(),
}


def _explained(
    model: RetentionModel, frame: pl.DataFrame, top: int
) -> tuple[np.ndarray, pl.DataFrame]:
    parts = [_explain_chunk(model, chunk, top) for chunk in frame.iter_slices(PREDICT_CHUNK_ROWS)]
    if not parts:
        return _explain_chunk(model, frame, top)
    return np.concatenate([p for p, _ in parts]), pl.concat([d for _, d in parts])


def explain(model: RetentionModel, frame: pl.DataFrame, top: int = TOP_DRIVERS) -> pl.DataFrame:
    """Signed contribution of each feature to each row's risk, top `top` by size, in HR words.

    A feature's contribution is the row's predicted risk minus the risk with that feature reset to
    its typical value (median or most common): positive raises the risk, negative lowers it.
    Features with no value for the row are not ranked. Works the same for either model kind.
    Rows are explained in chunks of PREDICT_CHUNK_ROWS.
    """
    return _explained(model, frame, top)[1]


def score_employees(model: RetentionModel, frame: pl.DataFrame) -> pl.DataFrame:
    """Risk, band and top drivers for each row of `frame` (typically the current snapshot)."""
    p, drivers = _explained(model, frame, TOP_DRIVERS)
    scored = frame.select(*KEYS).with_columns(
        pl.Series("p_exit_12m", p, dtype=pl.Float64),
        pl.Series("risk_band", model.band(p), dtype=pl.String),
        pl.lit(model.kind).alias("model"),
    )
    return pl.concat([scored, drivers], how="horizontal")


BAND_WORDS = {
    "en": {"low": "Low risk", "medium": "Medium risk", "high": "High risk"},
    "zh": {"low": "低风险", "medium": "中风险", "high": "高风险"},
}


def _pct(rate: float) -> str:
    return f"{100 * rate:.1f}%"


def backtest_reading(row: dict, lang: str) -> str:
    """One back-test band in words: predicted against actual, the interval, and whether it held."""
    band = BAND_WORDS[lang][row["risk_band"]]
    predicted, actual = _pct(row["predicted_rate"]), _pct(row["actual_rate"])
    low, high = _pct(row["actual_rate_ci_low"]), _pct(row["actual_rate_ci_high"])
    people = f"{row['employees']:,}"
    if lang == "zh":
        verdict = {
            "within": "预测在区间内，与实际相符",
            "too_high": "预测偏高，超出区间",
            "too_low": "预测偏低，低于区间",
        }[row["calibration_verdict"]]
        return (
            f"{band}（{people} 人）：预测离职率 {predicted}，实际 {actual}"
            f"（95% 区间 {low}–{high}），{verdict}。"
        )
    verdict = {
        "within": "the prediction held (within the interval)",
        "too_high": "the prediction was too high (above the interval)",
        "too_low": "the prediction was too low (below the interval)",
    }[row["calibration_verdict"]]
    return (
        f"{band} ({people} people): predicted {predicted} would leave, {actual} did "
        f"(95% interval {low} to {high}): {verdict}."
    )


def backtest_by_band(test_predictions: pl.DataFrame) -> pl.DataFrame:
    """Predictions made at the test snapshot against who actually left in the next 12 months.

    Each band's actual leaving rate comes with its 95% (Wilson) interval, and the predicted rate
    is judged against it (`calibration_verdict`: within, too_high, too_low), in words in
    English and Chinese (`reading_en`, `reading_zh`) for the page and the report to print.
    """
    order = {b: i for i, b in enumerate(BAND_ORDER)}
    table = (
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
    bounds = [
        wilson_interval(leavers, n)
        for leavers, n in zip(table["actual_leavers"], table["employees"], strict=True)
    ]
    table = table.with_columns(
        pl.Series("actual_rate_ci_low", [b[0] for b in bounds], dtype=pl.Float64),
        pl.Series("actual_rate_ci_high", [b[1] for b in bounds], dtype=pl.Float64),
    ).with_columns(
        pl.when(pl.col("predicted_rate") > pl.col("actual_rate_ci_high"))
        .then(pl.lit("too_high"))
        .when(pl.col("predicted_rate") < pl.col("actual_rate_ci_low"))
        .then(pl.lit("too_low"))
        .otherwise(pl.lit("within"))
        .alias("calibration_verdict")
    )
    rows = table.to_dicts()
    return table.with_columns(
        pl.Series("reading_en", [backtest_reading(r, "en") for r in rows], dtype=pl.String),
        pl.Series("reading_zh", [backtest_reading(r, "zh") for r in rows], dtype=pl.String),
    )


@dataclass
class RetentionRun:
    """Everything the retention asset writes."""

    evaluation: RetentionEvaluation
    final_model: RetentionModel
    scores: pl.DataFrame
    backtest: pl.DataFrame


def run_retention(
    features: pl.DataFrame,
    cutoff: date | None = None,
    seed: int = 0,
    plan: TrainingPlan | None = None,
    max_train_rows: int | None = TRAIN_SAMPLE_ROWS,
    max_test_rows: int | None = TEST_SAMPLE_ROWS,
) -> RetentionRun:
    """Evaluate, choose, refit the chosen kind on known outcomes and score the latest snapshot.

    Both fits learn from a stratified sample of at most `max_train_rows` rows (TRAIN_SAMPLE_ROWS),
    the models are compared on at most `max_test_rows` test rows (TEST_SAMPLE_ROWS); the back-test
    and today's scores cover every row. With `plan`, `features` may hold only the rows the plan
    needs (`analytics.inputs.retention_rows`).
    """
    plan = _plan_for(features, cutoff, plan, max_train_rows, max_test_rows)
    features = with_sample_rank(features, seed)
    evaluation = evaluate_models(features, seed=seed, plan=plan)
    labelled = sample_rows(features, plan.final_snapshots, plan.final_fraction, plan.strata)
    refused = evaluation.models[evaluation.chosen].spec.refused
    spec = feature_spec(labelled, plan.excluded_features, seed, refused)
    final = fit_retention_model(labelled, evaluation.chosen, seed, spec)
    # The final model keeps the recalibration the back-test has just checked; its bands start
    # from the leaving rate of the latest year known (the test snapshot's).
    test_rate = float(evaluation.test_predictions[LABEL].cast(pl.Float64).mean())
    _calibrated(final, evaluation.recalibration, test_rate)
    latest = features.filter(pl.col("snapshot_date") == plan.latest_snapshot)
    scores = score_employees(final, latest)
    return RetentionRun(evaluation, final, scores, backtest_by_band(evaluation.test_predictions))
