"""Agreement of AI and human interview scores on the candidates both assessed.

Input is one row per (assessment, competency) pair with both scores; `pair_scores` builds it from
the long interview-score fact. Output is long: one row per cell and metric, with the number of
pairs, the value, its 95% interval and a status ("ok", "insufficient" below the minimum sample,
"undefined" when the statistic has no value, e.g. kappa when every score is the same).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import polars as pl

from analytics.pilot import stats
from analytics.pilot.thresholds import Thresholds

ALL = "all"
METRICS: tuple[str, ...] = (
    "within_one",
    "kappa_quadratic",
    "icc",
    "mean_difference",
    "loa_lower",
    "loa_upper",
)
# The grouping levels reported, from the finest cell to the competency overall. "all" marks a
# rolled-up dimension so that every key column stays non-null.
LEVELS: dict[str, tuple[str, ...]] = {
    "competency_family_version_month": ("competency", "job_family", "model_version", "month"),
    "competency_family_version": ("competency", "job_family", "model_version"),
    "competency_family_month": ("competency", "job_family", "month"),
    "competency_family": ("competency", "job_family"),
    "competency": ("competency",),
}
KEY_COLUMNS: tuple[str, ...] = ("competency", "job_family", "model_version", "month")
PAIR_COLUMNS: tuple[str, ...] = (
    "assessment_id",
    "competency",
    "job_family",
    "model_version",
    "month",
    "ai_score",
    "human_score",
    "is_blind",
)
OUTPUT_SCHEMA: dict[str, Any] = {
    "level": pl.String,
    "competency": pl.String,
    "job_family": pl.String,
    "model_version": pl.String,
    "month": pl.String,
    "metric": pl.String,
    "n_pairs": pl.Int64,
    "n_blind": pl.Int64,
    "value": pl.Float64,
    "ci_low": pl.Float64,
    "ci_high": pl.Float64,
    "status": pl.String,
}


def pair_scores(scores: pl.DataFrame) -> pl.DataFrame:
    """Pair each AI score with one human score of the same assessment and competency.

    `scores` is long: assessment_id, competency, rater_type ("ai"/"human"), score, is_blind,
    job_family, model_version, assessed_date, and optionally recorded_at. A blind human score is
    preferred over one given after seeing the AI score, then the latest. Assessments without a
    human score (or without an AI score) are not pairs and drop out here.
    """
    rater = pl.col("rater_type").str.to_lowercase()
    ai = (
        scores.filter((rater == "ai") & pl.col("score").is_not_null())
        .group_by("assessment_id", "competency")
        .agg(
            pl.col("score").last().alias("ai_score"),
            pl.col("job_family").last(),
            pl.col("model_version").last(),
            pl.col("assessed_date").last(),
        )
    )
    human = scores.filter((rater == "human") & pl.col("score").is_not_null())
    order = ["is_blind"] + (["recorded_at"] if "recorded_at" in human.columns else [])
    human = (
        human.with_columns(pl.col("is_blind").fill_null(False))
        .sort(order, nulls_last=False)
        .group_by("assessment_id", "competency")
        .agg(pl.col("score").last().alias("human_score"), pl.col("is_blind").last())
    )
    return ai.join(human, on=["assessment_id", "competency"], how="inner").select(
        "assessment_id",
        "competency",
        "job_family",
        "model_version",
        pl.col("assessed_date").dt.strftime("%Y-%m").alias("month"),
        "ai_score",
        "human_score",
        "is_blind",
    )


# The powers x^i y^j (AI score x, human score y) summed per cell: with the number of pairs they
# are the sufficient statistics of the ICC and of its moments' covariance (stats.moment_sums).
POWERS: tuple[tuple[int, int], ...] = tuple(
    (i, j) for i in range(5) for j in range(5 - i) if i + j > 0
)


def _power(i: int, j: int) -> str:
    return f"_s{i}{j}"


def _band(i: int, j: int) -> str:
    return f"_t{i}{j}"


def _cell_sums(pairs: pl.DataFrame, keys: list[str], thresholds: Thresholds) -> pl.DataFrame:
    """Per-cell sums every figure is computed from: additive, so coarser cells add them up."""
    x = pl.col("ai_score").cast(pl.Float64)
    y = pl.col("human_score").cast(pl.Float64)
    top = thresholds.n_bands - 1
    band = (x / thresholds.band_width).floor().clip(0, top).cast(pl.Int32) * thresholds.n_bands + (
        y / thresholds.band_width
    ).floor().clip(0, top).cast(pl.Int32)
    frame = pairs.select(
        *keys,
        x.alias(_power(1, 0)),
        y.alias(_power(0, 1)),
        pl.col("is_blind").fill_null(False).alias("_blind"),
        (x - y).alias("_d"),  # positive: the AI scores higher (softer) than the human
        band.alias("_band"),
    )
    # Each power x^i y^j as the product of one of lower degree with x (or y): one pass each.
    for degree in range(2, 5):
        frame = frame.with_columns(
            (
                pl.col(_power(i - 1, j)) * pl.col(_power(1, 0))
                if i
                else pl.col(_power(i, j - 1)) * pl.col(_power(0, 1))
            ).alias(_power(i, j))
            for i, j in POWERS
            if i + j == degree
        )
    return frame.group_by(keys).agg(
        pl.len().cast(pl.Int64).alias("n"),
        pl.col("_blind").sum().cast(pl.Int64).alias("n_blind"),
        # Within one point; a small tolerance so that 7.0 vs 8.0 counts despite float storage.
        (pl.col("_d").abs() <= 1.0 + 1e-9).sum().cast(pl.Int64).alias("_hits"),
        pl.col("_d").sum(),
        (pl.col("_d") * pl.col("_d")).sum().alias("_dd"),
        pl.col(_power(1, 0)).min().alias("_x_min"),
        pl.col(_power(1, 0)).max().alias("_x_max"),
        pl.col(_power(0, 1)).min().alias("_y_min"),
        pl.col(_power(0, 1)).max().alias("_y_max"),
        *[pl.col(_power(i, j)).sum() for i, j in POWERS],
        *[
            (pl.col("_band") == i * thresholds.n_bands + j).sum().cast(pl.Int64).alias(_band(i, j))
            for i in range(thresholds.n_bands)
            for j in range(thresholds.n_bands)
        ],
    )


def _rollup_exprs(columns: list[str]) -> list[pl.Expr]:
    exprs = []
    for c in columns:
        if c.endswith("_min"):
            exprs.append(pl.col(c).min())
        elif c.endswith("_max"):
            exprs.append(pl.col(c).max())
        else:
            exprs.append(pl.col(c).sum())
    return exprs


def _metrics_from_sums(
    sums: dict[str, Any],
    pair_arrays: tuple[np.ndarray, np.ndarray] | None,
    thresholds: Thresholds,
) -> list[tuple[str, float, float, float, str]]:
    """The six figures of one cell from its sums (and, for a small cell, its pairs)."""
    n = int(sums["n"])
    if n < thresholds.min_pairs:
        return [(m, math.nan, math.nan, math.nan, "insufficient") for m in METRICS]
    out: list[tuple[str, float, float, float, str]] = []
    hits = int(sums["_hits"])
    low, high = stats.wilson_interval(hits, n)
    out.append(("within_one", hits / n, low, high, "ok"))

    k = thresholds.n_bands
    table = np.array([[sums[_band(i, j)] for j in range(k)] for i in range(k)], dtype=np.int64)
    kappa = stats.kappa_from_table(table)
    klow, khigh = stats.kappa_interval_from_table(table, thresholds.bootstrap_resamples)
    out.append(("kappa_quadratic", kappa, klow, khigh, _status(kappa)))

    moments = {p: float(sums[_power(*p)]) for p in POWERS}
    no_spread = sums["_x_min"] == sums["_x_max"] == sums["_y_min"] == sums["_y_max"]
    if no_spread:
        icc, ilow, ihigh = math.nan, math.nan, math.nan
    else:
        icc = stats.icc_from_sums(moments, n)
        if n <= stats.ICC_EXACT_PAIRS and pair_arrays is not None:
            ai, human = pair_arrays
            ilow, ihigh = stats.bootstrap_interval(
                "icc", ai, human, resamples=thresholds.bootstrap_resamples
            )
        else:
            ilow, ihigh = stats.icc_interval_from_sums(moments, n, thresholds.bootstrap_resamples)
    out.append(("icc", icc, ilow, ihigh, _status(icc)))

    mean = float(sums["_d"]) / n
    sd = math.sqrt(max(float(sums["_dd"]) - n * mean * mean, 0.0) / (n - 1)) if n > 1 else math.nan
    mean, mlow, mhigh = stats.mean_interval_from(mean, sd, n)
    out.append(("mean_difference", mean, mlow, mhigh, "ok"))
    (lo, lo_low, lo_high), (up, up_low, up_high) = stats.limits_of_agreement_from(mean, sd, n)
    out.append(("loa_lower", lo, lo_low, lo_high, "ok"))
    out.append(("loa_upper", up, up_low, up_high, "ok"))
    return out


def cell_metrics(
    ai: np.ndarray, human: np.ndarray, thresholds: Thresholds
) -> list[tuple[str, float, float, float, str]]:
    """The six agreement figures of one cell as (metric, value, ci_low, ci_high, status)."""
    frame = pl.DataFrame(
        {
            "ai_score": np.asarray(ai, dtype=float),
            "human_score": np.asarray(human, dtype=float),
            "is_blind": np.zeros(len(ai), dtype=bool),
        }
    )
    sums = _cell_sums(frame.with_columns(pl.lit(0).alias("_cell")), ["_cell"], thresholds).row(
        0, named=True
    )
    return _metrics_from_sums(
        sums, (frame["ai_score"].to_numpy(), frame["human_score"].to_numpy()), thresholds
    )


def _status(value: float) -> str:
    return "undefined" if math.isnan(value) else "ok"


def agreement_table(pairs: pl.DataFrame, thresholds: Thresholds) -> pl.DataFrame:
    """Agreement figures at every level of `LEVELS` (long format, see module doc).

    Every figure depends on a cell's pairs only through a few sums (counts, the 5 x 5 band
    table, sums of powers of the scores), so the pairs are summed once per finest cell and the
    coarser levels add those sums up: the cost after that pass does not grow with the pairs.
    Only the ICC interval of a cell of at most ICC_EXACT_PAIRS pairs resamples its pairs.
    """
    missing = set(PAIR_COLUMNS) - set(pairs.columns)
    if missing:
        raise ValueError(f"pairs lack columns {sorted(missing)}")
    if pairs.is_empty():
        return pl.DataFrame(schema=OUTPUT_SCHEMA)
    finest_keys = list(next(iter(LEVELS.values())))
    finest = _cell_sums(pairs, finest_keys, thresholds)
    value_columns = [c for c in finest.columns if c not in finest_keys]
    rows: list[dict[str, Any]] = []
    for level, keys in LEVELS.items():
        cells = finest.group_by(list(keys)).agg(_rollup_exprs(value_columns))
        small = cells.filter(
            pl.col("n").is_between(thresholds.min_pairs, stats.ICC_EXACT_PAIRS)
        ).select(keys)
        pair_arrays: dict[tuple, tuple[np.ndarray, np.ndarray]] = {}
        if not small.is_empty():
            grouped = (
                pairs.join(
                    small, on=list(keys), how="semi", nulls_equal=True, maintain_order="left"
                )
                .group_by(list(keys), maintain_order=True)
                .agg(pl.col("ai_score"), pl.col("human_score"))
            )
            for rec in grouped.iter_rows(named=True):
                pair_arrays[tuple(rec[k] for k in keys)] = (
                    np.asarray(rec["ai_score"], dtype=float),
                    np.asarray(rec["human_score"], dtype=float),
                )
        for sums in cells.iter_rows(named=True):
            key = {c: sums[c] for c in keys}
            arrays = pair_arrays.get(tuple(key[k] for k in keys))
            for metric, value, low, high, status in _metrics_from_sums(sums, arrays, thresholds):
                rows.append(
                    {
                        "level": level,
                        **{c: str(key.get(c, ALL)) for c in KEY_COLUMNS},
                        "metric": metric,
                        "n_pairs": int(sums["n"]),
                        "n_blind": int(sums["n_blind"]),
                        "value": None if math.isnan(value) else value,
                        "ci_low": None if math.isnan(low) else low,
                        "ci_high": None if math.isnan(high) else high,
                        "status": status,
                    }
                )
    return pl.DataFrame(rows, schema=OUTPUT_SCHEMA).sort(
        "level", "competency", "job_family", "model_version", "month", "metric"
    )
