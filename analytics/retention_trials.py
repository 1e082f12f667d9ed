"""Candidate retention models measured against the one in production, on a time-honest hold-out.

The same split as `retention.evaluate_models` (learn from snapshots whose 12-month window closed
by the test snapshot, score the test snapshot) and the same recalibration (models of the kind
learn from the training snapshots before the last CALIBRATION_YEARS ones and are Platt-scaled on
those calibration years, never on the test one), so a candidate wins only by what it would have
done a year ago. Candidates:
* logistic, boosting: the two kinds the production run compares (logistic is the reference);
* blend: the mean of the two recalibrated probabilities;
* stack: a logistic stacker of both kinds' log-odds, fitted on the calibration years only;
* logistic + tenure band x job family (one category per pair);
* logistic + tenure band x performance trend (the trend taken within each band);
* logistic + a linear spline of tenure (hinges at the HR bands' edges, 12, 24, 60, 120 months);
* logistic + early-tenure interactions (AI scores, performance, attendance in the first 2 years);
* logistic with stronger regularisation (C=0.1 instead of 0.5).

Every candidate's ROC AUC, PR AUC, Brier score and calibration error on the test snapshot come
with a 95% bootstrap interval, and its difference from the logistic model with a paired one (the
same resampled rows for both): a difference whose interval holds 0 is noise. The band back-test
is the product's (`retention.backtest_by_band`: Wilson interval of each band's actual rate).

    .venv/bin/python -m analytics.retention_trials HOME/warehouse.duckdb [--boot N]

prints the figures table, the paired differences and the bands (docs/models.md, "Trying for a
better model", has them). With `--lift` it prints instead what the optional pay, engagement and
time sources add: the production evaluation with and without their columns (`source_lift`).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import duckdb
import numpy as np
import polars as pl
from scipy.special import logit
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, brier_score_loss, roc_auc_score

from analytics import inputs, retention
from analytics.competency import competency_features
from analytics.retention import LABEL, PROB_FLOOR, RetentionModel
from analytics.tabular import FeatureSpec, encode_target

REFERENCE = "logistic"
METRICS = ("roc_auc", "pr_auc", "brier", "calibration_error")
# For the AUCs higher is better, for the Brier score and the calibration error lower is.
HIGHER_IS_BETTER = {"roc_auc": True, "pr_auc": True, "brier": False, "calibration_error": False}
BOOTSTRAP_SAMPLES = 1000
EARLY_MONTHS = 24
# Taken also within the first EARLY_MONTHS of service, beside each AI interview score (one per
# competency of the customer's vocabulary: `competency_features`).
INTERACTED_ALSO = ("perf_score_avg_8q", "training_attendance_rate_24m")
TENURE_BANDS = ("0-1y", "1-2y", "2-5y", "5-10y", "10y+")
# The HR bands' edges: where the generator, and HR's own reading, put the steps of exit risk.
TENURE_KNOTS = (12, 24, 60, 120)

# A frame transform adds a candidate's columns; it is given the features the plan left out, so
# it never builds a column from a source the history rule excluded.
Transform = Callable[[pl.DataFrame, tuple[str, ...]], pl.DataFrame]


@dataclass(frozen=True)
class TrialSplit:
    """The product's time-honest split, with the calibration split inside the training rows."""

    train: pl.DataFrame  # snapshots whose 12-month window closed by the test snapshot
    test: pl.DataFrame  # the latest labelled snapshot(s): never used to fit or calibrate
    earlier: pl.DataFrame  # training snapshots whose window closed by the first calibration year
    later: pl.DataFrame  # the calibration years: the last CALIBRATION_YEARS training snapshots
    excluded: tuple[str, ...]  # feature groups the history rule left out
    cutoff: date

    @property
    def y_test(self) -> np.ndarray:
        return encode_target(self.test[LABEL])

    @property
    def y_later(self) -> np.ndarray:
        return encode_target(self.later[LABEL])


@dataclass(frozen=True)
class Scores:
    """Raw probabilities of one candidate: on the test snapshot from the model fitted on `train`,
    on the calibration years from the model fitted on `earlier`."""

    test: np.ndarray
    later: np.ndarray


def trial_split(features: pl.DataFrame, seed: int = 0) -> TrialSplit:
    """The split `retention.evaluate_models` and `retention.later_scores` make, as frames."""
    features = retention.with_sample_rank(features, seed)
    plan = retention.plan_training(retention.snapshot_profile(features), features.columns)
    train = retention.sample_rows(features, plan.train_snapshots, plan.train_fraction, plan.strata)
    test = retention.labelled_rows(features).filter(
        pl.col("snapshot_date").is_in(plan.test_snapshots)
    )
    snapshots = train["snapshot_date"].unique().sort().to_list()
    years = min(retention.CALIBRATION_YEARS, len(snapshots) - 1)
    if years < 1:
        raise ValueError("too few training snapshots to recalibrate a candidate")
    first = snapshots[-years]
    earlier = train.filter(pl.col("snapshot_date").dt.offset_by("12mo") <= first)
    later = train.filter(pl.col("snapshot_date") >= first)
    return TrialSplit(train, test, earlier, later, plan.excluded_features, plan.cutoff)


def _z(p: np.ndarray) -> np.ndarray:
    return logit(np.clip(p, PROB_FLOOR, 1 - PROB_FLOOR))


def recalibrated(scores: Scores, y_later: np.ndarray) -> np.ndarray:
    """Test probabilities after Platt scaling learned on the calibration years (as production)."""
    platt = LogisticRegression(C=np.inf, max_iter=1000).fit(_z(scores.later)[:, None], y_later)
    return platt.predict_proba(_z(scores.test)[:, None])[:, 1]


def mean_blend(p_a: np.ndarray, p_b: np.ndarray) -> np.ndarray:
    """The mean of two recalibrated probabilities: still a probability, calibrated if both are."""
    return (p_a + p_b) / 2


def stack(a: Scores, b: Scores, y_later: np.ndarray) -> np.ndarray:
    """A logistic stacker of two candidates' log-odds, learned on the calibration years only
    (two weights and an intercept: a Platt scaling in two dimensions), applied to the test."""
    x_later = np.column_stack([_z(a.later), _z(b.later)])
    stacker = LogisticRegression(C=np.inf, max_iter=1000).fit(x_later, y_later)
    return stacker.predict_proba(np.column_stack([_z(a.test), _z(b.test)]))[:, 1]


def with_tenure_interactions(frame: pl.DataFrame, excluded: tuple[str, ...] = ()) -> pl.DataFrame:
    """Each AI score, the two-year performance and the attendance also as its value within the
    first EARLY_MONTHS of service (0 after)."""
    if "tenure_months" not in frame.columns:
        return frame
    early = (pl.col("tenure_months") < EARLY_MONTHS).cast(pl.Float64)
    return frame.with_columns(
        (pl.col(c).cast(pl.Float64) * early).alias(f"{c}_first_2y")
        for c in (*competency_features(), *INTERACTED_ALSO)
        if c in frame.columns and c not in excluded
    )


def with_tenure_family(frame: pl.DataFrame, excluded: tuple[str, ...] = ()) -> pl.DataFrame:
    """Tenure band x job family as one category (missing when either is)."""
    if not {"tenure_band", "job_family"} <= set(frame.columns):
        return frame
    pair = pl.concat_str(["tenure_band", "job_family"], separator=" x ")
    return frame.with_columns(pair.alias("tenure_band_x_job_family"))


def with_tenure_trend(frame: pl.DataFrame, excluded: tuple[str, ...] = ()) -> pl.DataFrame:
    """The performance trend taken within each tenure band (0 in the other bands)."""
    if not {"tenure_band", "perf_trend"} <= set(frame.columns) or "perf_trend" in excluded:
        return frame
    return frame.with_columns(
        (pl.col("perf_trend") * (pl.col("tenure_band") == band).cast(pl.Float64)).alias(
            f"perf_trend_in_{band}"
        )
        for band in TENURE_BANDS
    )


def with_tenure_spline(frame: pl.DataFrame, excluded: tuple[str, ...] = ()) -> pl.DataFrame:
    """A linear spline of tenure: months past each knot (fixed knots, nothing learned from data)."""
    if "tenure_months" not in frame.columns:
        return frame
    return frame.with_columns(
        (pl.col("tenure_months").cast(pl.Float64) - k)
        .clip(lower_bound=0)
        .alias(f"tenure_past_{k}m")
        for k in TENURE_KNOTS
    )


def _transformed(split: TrialSplit, transform: Transform | None) -> TrialSplit:
    if transform is None:
        return split
    t = lambda frame: transform(frame, split.excluded)  # noqa: E731
    return TrialSplit(
        t(split.train),
        t(split.test),
        t(split.earlier),
        t(split.later),
        split.excluded,
        split.cutoff,
    )


def _with_c(model: RetentionModel, frame: pl.DataFrame, c: float) -> RetentionModel:
    """The model's logistic step refitted with regularisation strength `c` (same preprocessing)."""
    x = model.pipeline.named_steps["prep"].transform(retention.to_model_input(frame, model.spec))
    estimator = LogisticRegression(C=c, max_iter=2000).fit(x, encode_target(frame[LABEL]))
    model.pipeline.steps[-1] = ("model", estimator)
    return model


def fit_scores(
    split: TrialSplit,
    kinds: tuple[retention.ModelKind, ...] = retention.MODEL_KINDS,
    seed: int = 0,
    transform: Transform | None = None,
    c: float | None = None,
) -> dict[str, Scores]:
    """Each kind fitted on `train` (scoring the test) and on `earlier` (scoring the calibration
    years), as production does; `transform` adds columns, `c` replaces the logistic C."""
    s = _transformed(split, transform)
    spec: FeatureSpec = retention.feature_spec(s.train, s.excluded)
    outer = retention.fit_retention_models(s.train, kinds, seed, spec)
    inner = retention.fit_retention_models(s.earlier, kinds, seed, spec)
    if c is not None:
        outer = {k: _with_c(m, s.train, c) for k, m in outer.items()}
        inner = {k: _with_c(m, s.earlier, c) for k, m in inner.items()}
    return {k: Scores(outer[k].predict(s.test), inner[k].predict(s.later)) for k in kinds}


def adds_columns(split: TrialSplit, transform: Transform) -> bool:
    """Whether `transform` adds a column on this split (not when its source was left out)."""
    head = split.train.head(1)
    return transform(head, split.excluded).width > head.width


def candidate_probabilities(split: TrialSplit, seed: int = 0) -> tuple[dict, dict, dict]:
    """Every candidate's recalibrated test probabilities, the seconds its fits took, and the
    candidates not run with why (a transform whose source the history rule left out)."""
    y_later = split.y_later
    probs: dict[str, np.ndarray] = {}
    seconds: dict[str, float] = {}
    skipped: dict[str, str] = {}

    def timed(fit: Callable[[], dict[str, Scores]]) -> tuple[dict[str, Scores], float]:
        start = time.perf_counter()
        return fit(), time.perf_counter() - start

    both, t = timed(lambda: fit_scores(split, seed=seed))
    for kind, scores in both.items():
        probs[kind], seconds[kind] = recalibrated(scores, y_later), t / 2
    probs["blend (mean of recalibrated)"] = mean_blend(probs["logistic"], probs["boosting"])
    probs["stack (logistic on calibration years)"] = stack(
        both["logistic"], both["boosting"], y_later
    )
    seconds["blend (mean of recalibrated)"] = t
    seconds["stack (logistic on calibration years)"] = t
    variants: dict[str, dict] = {
        "logistic + tenure band x job family": {"transform": with_tenure_family},
        "logistic + tenure band x perf trend": {"transform": with_tenure_trend},
        "logistic + tenure spline": {"transform": with_tenure_spline},
        "logistic + early-tenure interactions": {"transform": with_tenure_interactions},
        "logistic C=0.1": {"c": 0.1},
    }
    for name, options in variants.items():
        if "transform" in options and not adds_columns(split, options["transform"]):
            skipped[name] = "adds no column: its source is left out by the history rule"
            continue
        scores, t = timed(lambda o=options: fit_scores(split, ("logistic",), seed, **o))
        probs[name], seconds[name] = recalibrated(scores["logistic"], y_later), t
    return probs, seconds, skipped


def metrics(y: np.ndarray, p: np.ndarray) -> np.ndarray:
    """METRICS of probabilities `p` against outcomes `y`, in that order."""
    return np.array(
        [
            roc_auc_score(y, p),
            average_precision_score(y, p),
            brier_score_loss(y, p),
            retention.expected_calibration_error(y, p),
        ]
    )


def bootstrap_indices(n: int, samples: int, seed: int = 0) -> np.ndarray:
    """Row indices of `samples` resamples with replacement of `n` test rows (one per line)."""
    return np.random.default_rng(seed).integers(0, n, size=(samples, n))


def bootstrap_metrics(y: np.ndarray, p: np.ndarray, indices: np.ndarray) -> np.ndarray:
    """METRICS on each resample (samples x metrics); the same `indices` for every candidate make
    the comparison paired."""
    return np.stack([metrics(y[i], p[i]) for i in indices])


def paired_verdict(metric: str, low: float, high: float) -> str:
    """'better' or 'worse' than the reference when the difference's interval excludes 0."""
    if low <= 0 <= high:
        return "noise"
    better = (low > 0) == HIGHER_IS_BETTER[metric]
    return "better" if better else "worse"


def compare(
    y: np.ndarray, probs: dict[str, np.ndarray], samples: int = BOOTSTRAP_SAMPLES, seed: int = 0
) -> pl.DataFrame:
    """Per candidate and metric: the figure with its 95% bootstrap interval, the paired difference
    from REFERENCE with its interval, and the verdict (better, worse, noise)."""
    indices = bootstrap_indices(len(y), samples, seed)
    reference = bootstrap_metrics(y, probs[REFERENCE], indices)
    rows: list[dict] = []
    for name, p in probs.items():
        point = metrics(y, p)
        boot = reference if name == REFERENCE else bootstrap_metrics(y, p, indices)
        diff = boot - reference
        delta = point - metrics(y, probs[REFERENCE])
        for k, metric in enumerate(METRICS):
            low, high = np.percentile(boot[:, k], [2.5, 97.5])
            d_low, d_high = np.percentile(diff[:, k], [2.5, 97.5])
            rows.append(
                {
                    "candidate": name,
                    "metric": metric,
                    "value": point[k],
                    "ci_low": low,
                    "ci_high": high,
                    "diff": delta[k],
                    "diff_low": d_low,
                    "diff_high": d_high,
                    "verdict": "reference"
                    if name == REFERENCE
                    else paired_verdict(metric, d_low, d_high),
                }
            )
    return pl.DataFrame(rows)


def bands(split: TrialSplit, p: np.ndarray) -> pl.DataFrame:
    """The product's back-test by band of probabilities `p` on the test snapshot: bands start from
    the leaving rate of the calibration years, as production's recalibrated bands do."""
    base = float(split.y_later.mean())
    band = np.where(p >= 2 * base, "high", np.where(p >= base, "medium", "low"))
    frame = split.test.select("snapshot_date", LABEL).with_columns(
        pl.Series("p_exit_12m", p), pl.Series("risk_band", band)
    )
    return retention.backtest_by_band(frame).select(
        "risk_band",
        "employees",
        "predicted_rate",
        "actual_rate",
        "actual_rate_ci_low",
        "actual_rate_ci_high",
        "calibration_verdict",
    )


@dataclass(frozen=True)
class TrialResult:
    comparison: pl.DataFrame  # candidate x metric: value, interval, paired difference, verdict
    bands: pl.DataFrame  # candidate x band: predicted and actual rate, Wilson interval, verdict
    seconds: dict[str, float]
    skipped: dict[str, str]
    test_rows: int
    test_leavers: int
    cutoff: date


def trial(features: pl.DataFrame, seed: int = 0, samples: int = BOOTSTRAP_SAMPLES) -> TrialResult:
    """Every candidate fitted, recalibrated and measured on the test snapshot."""
    split = trial_split(features, seed)
    probs, seconds, skipped = candidate_probabilities(split, seed)
    y = split.y_test
    band_tables = [
        bands(split, p).with_columns(pl.lit(name).alias("candidate")) for name, p in probs.items()
    ]
    return TrialResult(
        compare(y, probs, samples, seed),
        pl.concat(band_tables).select("candidate", pl.exclude("candidate")),
        seconds,
        skipped,
        len(y),
        int(y.sum()),
        split.cutoff,
    )


def summary(result: TrialResult) -> pl.DataFrame:
    """One row per candidate: each metric as 'value (low-high)' and the paired verdicts, and the
    bands within their interval."""
    c = result.comparison
    cell = pl.format(
        "{} ({}-{})",
        *(pl.col(x).round_sig_figs(3).cast(pl.String) for x in ("value", "ci_low", "ci_high")),
    )
    wide = (
        c.with_columns(cell.alias("figure"))
        .pivot("metric", index="candidate", values="figure", maintain_order=True)
        .join(
            c.pivot("metric", index="candidate", values="verdict", maintain_order=True),
            on="candidate",
            suffix=" vs logistic",
        )
    )
    within = result.bands.group_by("candidate", maintain_order=True).agg(
        (pl.col("calibration_verdict") == "within").sum().alias("bands_within")
    )
    return wide.join(within, on="candidate").with_columns(
        pl.col("candidate")
        .replace_strict(result.seconds, return_dtype=pl.Float64)
        .round(1)
        .alias("fit_seconds")
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
        backtest = retention.backtest_by_band(evaluation.test_predictions)
        rows.append(
            {
                "features": name,
                "model": kept["model"],
                "roc_auc": kept["roc_auc"],
                "pr_auc": kept["pr_auc"],
                "brier": kept["calibrated_brier"],
                "calibration_error": kept["calibrated_calibration_error"],
                "bands_within_interval": int((backtest["calibration_verdict"] == "within").sum()),
                "bands": "; ".join(
                    f"{b} {100 * pr:.1f}/{100 * ac:.1f}"
                    for b, pr, ac in backtest.select(
                        "risk_band", "predicted_rate", "actual_rate"
                    ).iter_rows()
                ),
                "test_rows": kept["test_rows"],
                "test_leavers": kept["test_positives"],
            }
        )
    return pl.DataFrame(rows)


def _option(argv: list[str], name: str, default: int) -> int:
    return int(argv[argv.index(name) + 1]) if name in argv else default


def main(argv: list[str]) -> None:
    path = argv[1]
    with duckdb.connect(path, read_only=True) as con:
        features = inputs.retention_features(con)
    pl.Config.set_tbl_cols(-1)
    pl.Config.set_tbl_rows(-1)
    pl.Config.set_tbl_width_chars(250)
    pl.Config.set_fmt_str_lengths(100)
    print(path)
    if "--lift" in argv:
        print(source_lift(features))
        return
    result = trial(features, samples=_option(argv, "--boot", BOOTSTRAP_SAMPLES))
    print(f"test snapshot {result.cutoff}: {result.test_rows} rows, {result.test_leavers} leavers")
    print(summary(result))
    for name, why in result.skipped.items():
        print(f"not run: {name}: {why}")
    print(result.comparison.filter(pl.col("verdict") != "reference"))
    print(result.bands)


if __name__ == "__main__":
    main(sys.argv)
