"""Competency weighting: which interview competencies and resume fields predict later performance.

Input is the `competency_performance` mart: one row per AI assessment with the seven competency
scores, resume fields, whether the candidate was hired and, for hires, their later performance.
Per job family we report each feature's correlation with performance (bootstrap interval) and
its standardized regression coefficient; the recommended hiring weights are the positive
standardized coefficients of the competencies, scaled to sum to 100.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from ingest.contract import COMPETENCIES

COMPETENCY_FEATURES: tuple[str, ...] = tuple(f"ai_score_{c}" for c in COMPETENCIES)
RESUME_FEATURES: tuple[str, ...] = ("education_level", "years_experience")
OUTCOME = "performance_score"
GROUP = "job_family"
# Below this many hires with performance a family gets no recommendation (too noisy to act on).
MIN_HIRES = 30


def competency_of(feature: str) -> str:
    return feature.removeprefix("ai_score_")


def _zscore(a: np.ndarray) -> np.ndarray:
    sd = a.std(axis=0)
    sd[sd == 0] = 1.0
    return (a - a.mean(axis=0)) / sd


def _std_coefs(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Standardized multiple-regression coefficients (all features together)."""
    coef, *_ = np.linalg.lstsq(_zscore(x), _zscore(y[:, None])[:, 0], rcond=None)
    return coef


def _correlations(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    return (_zscore(x) * _zscore(y[:, None])).mean(axis=0)


def _weights(coefs: np.ndarray, weighted: np.ndarray) -> np.ndarray:
    """Positive coefficients of the weighted features as percentages summing to 100."""
    pos = np.where(weighted, np.clip(coefs, 0, None), 0.0)
    total = pos.sum()
    return pos / total * 100 if total > 0 else np.where(weighted, 100 / weighted.sum(), 0.0)


@dataclass
class FamilyFit:
    family: str
    features: tuple[str, ...]
    rows: int
    rows_dropped: int
    correlation: np.ndarray
    coefficient: np.ndarray
    weight: np.ndarray
    boot_correlation: np.ndarray
    boot_coefficient: np.ndarray
    boot_weight: np.ndarray


def _family_matrix(
    frame: pl.DataFrame, features: tuple[str, ...], outcome: str
) -> tuple[np.ndarray, np.ndarray, int]:
    """Hires with a performance figure; missing resume fields imputed with the family median."""
    rated = frame.filter(pl.col(outcome).is_not_null())
    complete = rated.drop_nulls(list(c for c in features if c in COMPETENCY_FEATURES))
    filled = complete.with_columns(
        pl.col(c).cast(pl.Float64).fill_null(pl.col(c).cast(pl.Float64).median()) for c in features
    ).with_columns(pl.col(c).fill_null(0.0) for c in features)
    x = filled.select(features).to_numpy().astype(float)
    y = filled[outcome].cast(pl.Float64).to_numpy()
    return x, y, rated.height - complete.height


# Resamples whose pair counts are multiplied out at once (bounds memory: resamples x hires).
BOOT_CHUNK = 50


def _moment_statistics(
    moments: np.ndarray, p: int, mask: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Correlations, standardized coefficients and weights from averaged moments.

    `moments` is (resamples, p + 1 + pairs): the averages of each column of [x, y] and of each
    product of two of them (upper triangle), as `_moment_columns` lays them out. The same
    figures as `_correlations`, `_std_coefs` (least squares on z-scores, minimum norm when
    singular) and `_weights` on the rows, from their sufficient statistics.
    """
    k = p + 1
    mean = moments[:, :k]
    upper = np.triu_indices(k)
    second = np.zeros((len(moments), k, k))
    second[:, upper[0], upper[1]] = moments[:, k:]
    second = second + np.triu(second, 1).transpose(0, 2, 1)
    cov = second - mean[:, :, None] * mean[:, None, :]
    var = np.diagonal(cov, axis1=1, axis2=2)
    # A column without spread z-scores to zeros (as `_zscore` leaves it): no correlation. The
    # columns come standardized (variance 1 over all hires), so "no spread" is unambiguous.
    sd = np.where(var <= 1e-10, np.inf, np.sqrt(np.clip(var, 0.0, None)))
    corr = cov / (sd[:, :, None] * sd[:, None, :])
    rxx = corr[:, :p, :p].copy()
    idx = np.arange(p)
    rxx[:, idx, idx] = np.where(np.isinf(sd[:, :p]), 0.0, 1.0)
    rxy = corr[:, :p, p]
    coefs = np.einsum("bij,bj->bi", np.linalg.pinv(rxx), rxy)
    weights = np.array([_weights(c, mask) for c in coefs])
    return rxy, coefs, weights


def _moment_columns(z: np.ndarray) -> np.ndarray:
    """Each column of z and each product of two columns (upper triangle): rows x moments."""
    upper = np.triu_indices(z.shape[1])
    return np.hstack([z, z[:, upper[0]] * z[:, upper[1]]])


def fit_family(
    frame: pl.DataFrame,
    family: str,
    features: tuple[str, ...],
    weighted: tuple[str, ...] = COMPETENCY_FEATURES,
    outcome: str = OUTCOME,
    n_boot: int = 300,
    seed: int = 0,
) -> FamilyFit:
    """Correlations, standardized coefficients and weights of one family, with bootstraps.

    Every figure depends on the hires only through the averages of the features, the outcome
    and their pairwise products, so a bootstrap resample is its counts of each hire times those
    products: one matrix product per batch of resamples instead of one regression per resample.
    The resamples are the same as drawing hires with replacement (same seed, same draws).
    """
    x, y, dropped = _family_matrix(frame, features, outcome)
    mask = np.array([f in weighted for f in features])
    n, p = x.shape
    # Standardized once for numerical balance; the figures do not depend on scale or origin.
    z = _zscore(np.column_stack([x, y]))
    products = _moment_columns(z)
    point_c, point_b, point_w = _moment_statistics(products.mean(axis=0)[None, :], p, mask)
    rng = np.random.default_rng(seed)
    boots_c, boots_b, boots_w = [], [], []
    for start in range(0, n_boot, BOOT_CHUNK):
        size = min(BOOT_CHUNK, n_boot - start)
        idx = rng.integers(0, n, size=(size, n))
        flat = (idx + (np.arange(size) * n)[:, None]).ravel()
        counts = np.bincount(flat, minlength=size * n).reshape(size, n)
        c, b, w = _moment_statistics(counts @ products / n, p, mask)
        boots_c.append(c)
        boots_b.append(b)
        boots_w.append(w)
    empty = np.zeros((0, p))
    return FamilyFit(
        family,
        features,
        n,
        dropped,
        point_c[0],
        point_b[0],
        point_w[0],
        np.concatenate(boots_c) if boots_c else empty,
        np.concatenate(boots_b) if boots_b else empty,
        np.concatenate(boots_w) if boots_w else empty,
    )


def fit_families(
    frame: pl.DataFrame,
    features: tuple[str, ...] = COMPETENCY_FEATURES + RESUME_FEATURES,
    weighted: tuple[str, ...] = COMPETENCY_FEATURES,
    outcome: str = OUTCOME,
    n_boot: int = 300,
    seed: int = 0,
    min_hires: int = MIN_HIRES,
) -> list[FamilyFit]:
    """One fit per job family with at least `min_hires` hires that have a performance figure."""
    features = tuple(f for f in features if f in frame.columns)
    fits = []
    for family in sorted(frame[GROUP].drop_nulls().unique().to_list()):
        part = frame.filter(pl.col(GROUP) == family)
        if part.filter(pl.col(outcome).is_not_null()).height >= min_hires:
            fits.append(fit_family(part, family, features, weighted, outcome, n_boot, seed))
    return fits


EFFECTS_SCHEMA = {
    "job_family": pl.String,
    "feature": pl.String,
    "feature_kind": pl.String,
    "hires": pl.Int64,
    "hires_dropped_incomplete_scores": pl.Int64,
    "correlation": pl.Float64,
    "correlation_ci_low": pl.Float64,
    "correlation_ci_high": pl.Float64,
    "std_coefficient": pl.Float64,
    "std_coefficient_ci_low": pl.Float64,
    "std_coefficient_ci_high": pl.Float64,
    "is_significant": pl.Boolean,
}
WEIGHTS_SCHEMA = {
    "job_family": pl.String,
    "competency_code": pl.String,
    "hires": pl.Int64,
    "std_coefficient": pl.Float64,
    "recommended_weight_pct": pl.Float64,
    "recommended_ci_low": pl.Float64,
    "recommended_ci_high": pl.Float64,
}


RERANKING_SUMMARY_SCHEMA = {
    "job_family": pl.String,
    "candidates": pl.Int64,
    "hires_with_performance": pl.Int64,
    **{
        f"{metric}_{name}": pl.Float64
        for name in ("current", "recommended")
        for metric in ("correlation", "performance_top_half", "performance_bottom_half")
    },
}


def effects_table(fits: list[FamilyFit]) -> pl.DataFrame:
    """Per family x feature: correlation with its 95% bootstrap interval, standardized coefficient."""
    rows = []
    for fit in fits:
        for j, feat in enumerate(fit.features):
            lo, hi = np.percentile(fit.boot_correlation[:, j], [2.5, 97.5])
            blo, bhi = np.percentile(fit.boot_coefficient[:, j], [2.5, 97.5])
            rows.append(
                {
                    "job_family": fit.family,
                    "feature": feat,
                    "feature_kind": "competency" if feat in COMPETENCY_FEATURES else "resume",
                    "hires": fit.rows,
                    "hires_dropped_incomplete_scores": fit.rows_dropped,
                    "correlation": float(fit.correlation[j]),
                    "correlation_ci_low": float(lo),
                    "correlation_ci_high": float(hi),
                    "std_coefficient": float(fit.coefficient[j]),
                    "std_coefficient_ci_low": float(blo),
                    "std_coefficient_ci_high": float(bhi),
                    "is_significant": bool(lo > 0 or hi < 0),
                }
            )
    return pl.DataFrame(rows, schema=EFFECTS_SCHEMA)


def weights_table(fits: list[FamilyFit], current: pl.DataFrame) -> pl.DataFrame:
    """Recommended weights beside the current ones, with significance of each difference.

    `current` has job_family, competency_code, hiring_weight_pct (the competency model in force).
    A difference is significant when the current weight lies outside the 95% bootstrap interval
    of the recommended weight.
    """
    rows = []
    for fit in fits:
        for j, feat in enumerate(fit.features):
            if feat not in COMPETENCY_FEATURES:
                continue
            lo, hi = np.percentile(fit.boot_weight[:, j], [2.5, 97.5])
            rows.append(
                {
                    "job_family": fit.family,
                    "competency_code": competency_of(feat),
                    "hires": fit.rows,
                    "std_coefficient": float(fit.coefficient[j]),
                    "recommended_weight_pct": float(fit.weight[j]),
                    "recommended_ci_low": float(lo),
                    "recommended_ci_high": float(hi),
                }
            )
    table = pl.DataFrame(rows, schema=WEIGHTS_SCHEMA)
    cur = current.select(
        "job_family", "competency_code", pl.col("hiring_weight_pct").cast(pl.Float64)
    ).rename({"hiring_weight_pct": "current_weight_pct"})
    return (
        table.join(cur, on=["job_family", "competency_code"], how="left")
        .with_columns(
            (pl.col("recommended_weight_pct") - pl.col("current_weight_pct")).alias(
                "difference_pts"
            ),
            (
                (pl.col("current_weight_pct") < pl.col("recommended_ci_low"))
                | (pl.col("current_weight_pct") > pl.col("recommended_ci_high"))
            )
            .fill_null(False)
            .alias("is_difference_significant"),
            pl.col("recommended_weight_pct")
            .rank("ordinal", descending=True)
            .over("job_family")
            .cast(pl.Int32)
            .alias("recommended_rank"),
        )
        .sort("job_family", "recommended_rank")
    )


def _weighted_score(frame: pl.DataFrame, weights: pl.DataFrame, column: str) -> pl.Expr:
    """Sum over competencies of weight% x score / 100, with the family's weights."""
    expr = pl.lit(0.0)
    for feat in COMPETENCY_FEATURES:
        code = competency_of(feat)
        w = weights.filter(pl.col("competency_code") == code).select("job_family", column)
        mapping = dict(zip(w["job_family"].to_list(), w[column].to_list(), strict=True))
        expr = expr + pl.col(GROUP).replace_strict(
            mapping, default=None, return_dtype=pl.Float64
        ) * (pl.col(feat).cast(pl.Float64) / 100)
    return expr


def rerank_candidates(candidates: pl.DataFrame, weights: pl.DataFrame) -> pl.DataFrame:
    """How past candidates rank under the current and the recommended weights (within family).

    `weights` is the output of `weights_table`. Rank 1 is the best; percentile 100 the best.
    """
    scored = candidates.filter(pl.col(GROUP).is_in(weights["job_family"].unique().to_list()))
    scored = scored.with_columns(
        _weighted_score(scored, weights, "current_weight_pct").alias("score_current_weights"),
        _weighted_score(scored, weights, "recommended_weight_pct").alias(
            "score_recommended_weights"
        ),
    )
    out = scored.with_columns(
        pl.col("score_current_weights")
        .rank("ordinal", descending=True)
        .over(GROUP)
        .cast(pl.Int64)
        .alias("rank_current"),
        pl.col("score_recommended_weights")
        .rank("ordinal", descending=True)
        .over(GROUP)
        .cast(pl.Int64)
        .alias("rank_recommended"),
        pl.len().over(GROUP).alias("candidates_in_family"),
    ).with_columns(
        (pl.col("rank_current") - pl.col("rank_recommended")).alias("rank_change"),
        (100 * (1 - (pl.col("rank_recommended") - 1) / pl.col("candidates_in_family"))).alias(
            "percentile_recommended"
        ),
        (100 * (1 - (pl.col("rank_current") - 1) / pl.col("candidates_in_family"))).alias(
            "percentile_current"
        ),
    )
    return out


def reranking_summary(reranked: pl.DataFrame, outcome: str = OUTCOME) -> pl.DataFrame:
    """Per family: how hires' actual performance lines up with each ranking.

    Correlation of each weighted score with later performance among hires, and the mean
    performance of hires in the top half versus the bottom half under each ranking.
    """
    rows = []
    for family in sorted(reranked[GROUP].unique().to_list()) if reranked.height else []:
        hires = reranked.filter((pl.col(GROUP) == family) & pl.col(outcome).is_not_null())
        if hires.height < 3:
            continue
        row: dict = {
            "job_family": family,
            "candidates": reranked.filter(pl.col(GROUP) == family).height,
        }
        row["hires_with_performance"] = hires.height
        for name in ("current", "recommended"):
            score = hires[f"score_{name}_weights"]
            row[f"correlation_{name}"] = float(
                np.corrcoef(score.to_numpy(), hires[outcome].to_numpy())[0, 1]
            )
            top = hires.filter(pl.col(f"percentile_{name}") >= 50)[outcome].mean()
            bottom = hires.filter(pl.col(f"percentile_{name}") < 50)[outcome].mean()
            row[f"performance_top_half_{name}"] = top
            row[f"performance_bottom_half_{name}"] = bottom
        rows.append(row)
    return pl.DataFrame(rows, schema=RERANKING_SUMMARY_SCHEMA)
