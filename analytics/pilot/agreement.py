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


def cell_metrics(
    ai: np.ndarray, human: np.ndarray, thresholds: Thresholds
) -> list[tuple[str, float, float, float, str]]:
    """The six agreement figures of one cell as (metric, value, ci_low, ci_high, status)."""
    n = len(ai)
    if n < thresholds.min_pairs:
        return [(m, math.nan, math.nan, math.nan, "insufficient") for m in METRICS]
    out: list[tuple[str, float, float, float, str]] = []
    # Within one point; a small tolerance so that 7.0 vs 8.0 counts despite float storage.
    hits = int((np.abs(ai - human) <= 1.0 + 1e-9).sum())
    low, high = stats.wilson_interval(hits, n)
    out.append(("within_one", hits / n, low, high, "ok"))

    ai_band = stats.band_scores(ai, thresholds.band_width, thresholds.n_bands)
    human_band = stats.band_scores(human, thresholds.band_width, thresholds.n_bands)
    kappa = stats.quadratic_weighted_kappa(ai_band, human_band, thresholds.n_bands)
    klow, khigh = stats.bootstrap_interval(
        "kappa", ai_band, human_band, thresholds.n_bands, thresholds.bootstrap_resamples
    )
    out.append(("kappa_quadratic", kappa, klow, khigh, _status(kappa)))

    icc = stats.icc_absolute_agreement(ai, human)
    ilow, ihigh = stats.bootstrap_interval(
        "icc", ai, human, resamples=thresholds.bootstrap_resamples
    )
    out.append(("icc", icc, ilow, ihigh, _status(icc)))

    diff = ai - human  # positive: the AI scores higher (softer) than the human
    mean, mlow, mhigh = stats.mean_interval(diff)
    out.append(("mean_difference", mean, mlow, mhigh, "ok"))
    (lo, lo_low, lo_high), (up, up_low, up_high) = stats.limits_of_agreement(diff)
    out.append(("loa_lower", lo, lo_low, lo_high, "ok"))
    out.append(("loa_upper", up, up_low, up_high, "ok"))
    return out


def _status(value: float) -> str:
    return "undefined" if math.isnan(value) else "ok"


def agreement_table(pairs: pl.DataFrame, thresholds: Thresholds) -> pl.DataFrame:
    """Agreement figures at every level of `LEVELS` (long format, see module doc)."""
    missing = set(PAIR_COLUMNS) - set(pairs.columns)
    if missing:
        raise ValueError(f"pairs lack columns {sorted(missing)}")
    rows: list[dict[str, Any]] = []
    for level, keys in LEVELS.items():
        if pairs.is_empty():
            break
        for key_values, cell in pairs.group_by(list(keys), maintain_order=True):
            key = dict(zip(keys, key_values, strict=True))
            ai = cell["ai_score"].to_numpy().astype(float)
            human = cell["human_score"].to_numpy().astype(float)
            n_blind = int(cell["is_blind"].fill_null(False).sum())
            for metric, value, low, high, status in cell_metrics(ai, human, thresholds):
                rows.append(
                    {
                        "level": level,
                        **{c: str(key.get(c, ALL)) for c in KEY_COLUMNS},
                        "metric": metric,
                        "n_pairs": len(ai),
                        "n_blind": n_blind,
                        "value": None if math.isnan(value) else value,
                        "ci_low": None if math.isnan(low) else low,
                        "ci_high": None if math.isnan(high) else high,
                        "status": status,
                    }
                )
    return pl.DataFrame(rows, schema=OUTPUT_SCHEMA).sort(
        "level", "competency", "job_family", "model_version", "month", "metric"
    )
