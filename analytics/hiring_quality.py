"""Hiring quality: the performance each hire's interview predicted against the performance observed.

The prediction is a per-family linear regression of later performance on the seven AI competency
scores, cross-fitted (each hire is predicted by a model that never saw them), so the gap between
predicted and observed is honest. Results are summarised by job family, branch, recruiting
channel and AI model version.
"""

from __future__ import annotations

import numpy as np
import polars as pl
from sklearn.linear_model import Ridge
from sklearn.model_selection import KFold

from analytics.competency import GROUP, OUTCOME, competency_features

DIMENSIONS: tuple[str, ...] = ("job_family", "branch_code", "recruiting_channel", "model_version")
FOLDS = 5
# A hire whose observed performance is this many points below the prediction counts as a miss.
MISS_POINTS = 1.0


SUMMARY_SCHEMA = {
    "dimension": pl.String,
    "value": pl.String,
    "hires": pl.UInt32,
    "mean_predicted": pl.Float64,
    "mean_observed": pl.Float64,
    "mean_gap": pl.Float64,
    "correlation": pl.Float64,
    "miss_rate": pl.Float64,
}


def predict_hire_performance(hires: pl.DataFrame, seed: int = 0) -> pl.DataFrame:
    """Cross-fitted predicted performance for each hire with scores and a performance figure.

    Hires lacking a competency score or a performance figure are kept with a null prediction so
    every input row is accounted for.
    """
    parts = []
    features = list(competency_features())
    for family in sorted(hires[GROUP].drop_nulls().unique().to_list()):
        fam = hires.filter(pl.col(GROUP) == family).with_row_index("_row")
        usable = fam.drop_nulls([*features, OUTCOME])
        pred = np.full(fam.height, np.nan)
        if usable.height >= 2 * FOLDS:
            x = usable.select(features).to_numpy().astype(float)
            y = usable[OUTCOME].cast(pl.Float64).to_numpy()
            rows = usable["_row"].to_numpy()
            for train, test in KFold(FOLDS, shuffle=True, random_state=seed).split(x):
                model = Ridge(alpha=1.0).fit(x[train], y[train])
                pred[rows[test]] = model.predict(x[test])
        parts.append(fam.drop("_row").with_columns(pl.Series("predicted_performance", pred)))
    out = (
        pl.concat(parts)
        if parts
        else hires.with_columns(pl.lit(None, dtype=pl.Float64).alias("predicted_performance"))
    )
    return out.with_columns(pl.col("predicted_performance").fill_nan(None)).with_columns(
        (pl.col(OUTCOME) - pl.col("predicted_performance")).alias("performance_gap"),
        (pl.col(OUTCOME) < pl.col("predicted_performance") - MISS_POINTS).alias("is_miss"),
    )


def summarize_hiring_quality(
    predicted: pl.DataFrame, dimensions: tuple[str, ...] = DIMENSIONS
) -> pl.DataFrame:
    """Long table: one row per dimension and value with predicted vs observed performance."""
    frames = []
    rated = predicted.filter(pl.col("predicted_performance").is_not_null())
    for dim in dimensions:
        if dim not in rated.columns:
            continue
        frames.append(
            rated.group_by(pl.col(dim).cast(pl.String).fill_null("(unknown)").alias("value"))
            .agg(
                pl.len().alias("hires"),
                pl.col("predicted_performance").mean().alias("mean_predicted"),
                pl.col(OUTCOME).mean().alias("mean_observed"),
                pl.col("performance_gap").mean().alias("mean_gap"),
                pl.corr("predicted_performance", OUTCOME).alias("correlation"),
                pl.col("is_miss").mean().alias("miss_rate"),
            )
            .with_columns(pl.lit(dim).alias("dimension"))
        )
    if not frames:
        return pl.DataFrame(schema=SUMMARY_SCHEMA)
    return (
        pl.concat(frames)
        .select("dimension", "value", pl.exclude("dimension", "value"))
        .sort("dimension", "value")
    )
