"""Competency weighting: which interview competencies and resume fields predict later performance.

Input is the `competency_performance` mart: one row per AI assessment with the seven competency
scores, resume fields, whether the candidate was hired and, for hires, their later performance.
Per job family we report each feature's correlation with performance (bootstrap interval) and
its standardized regression coefficient. The data's hiring weights are the positive
standardized coefficients of the competencies, scaled to sum to 100; the recommended weights are
those shrunk towards the weights in force as far as the evidence is weak (empirical Bayes), and a
weight the evidence does not move is reported as "not enough evidence to change".
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl
from scipy.stats import chi2

from ingest import vocabulary

RESUME_FEATURES: tuple[str, ...] = ("education_level", "years_experience")


def competency_features() -> tuple[str, ...]:
    """`ai_score_<code>` per competency of the customer's reference data (ingest.vocabulary)."""
    return tuple(f"ai_score_{c}" for c in vocabulary.active().competencies)


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
    scored = competency_features()
    complete = rated.drop_nulls(list(c for c in features if c in scored))
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
    weighted: tuple[str, ...] | None = None,
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
    weighted = competency_features() if weighted is None else weighted
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
    features: tuple[str, ...] | None = None,
    weighted: tuple[str, ...] | None = None,
    outcome: str = OUTCOME,
    n_boot: int = 300,
    seed: int = 0,
    min_hires: int = MIN_HIRES,
) -> list[FamilyFit]:
    """One fit per job family with at least `min_hires` hires that have a performance figure."""
    if features is None:
        features = competency_features() + RESUME_FEATURES
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
    "data_weight_pct": pl.Float64,
    "data_ci_low": pl.Float64,
    "data_ci_high": pl.Float64,
    "shrinkage": pl.Float64,
}
# A recommendation that moves a weight by less than this many points is no change worth making.
MIN_CHANGE_PTS = 1.0
EVIDENCE_CHANGE = "change"
EVIDENCE_WEAK = "not_enough_evidence"


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
    scored = competency_features()
    for fit in fits:
        for j, feat in enumerate(fit.features):
            lo, hi = np.percentile(fit.boot_correlation[:, j], [2.5, 97.5])
            blo, bhi = np.percentile(fit.boot_coefficient[:, j], [2.5, 97.5])
            rows.append(
                {
                    "job_family": fit.family,
                    "feature": feat,
                    "feature_kind": "competency" if feat in scored else "resume",
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


def shrink_weights(
    point: np.ndarray, boots: np.ndarray, current: np.ndarray, has_signal: bool
) -> tuple[np.ndarray, np.ndarray, float]:
    """Empirical-Bayes (James-Stein) shrinkage of one family's data weights towards the current.

    The data's weights differ from the current ones by d, each measured with bootstrap variance
    s_j^2. The share of the spread of d that is real is lambda = max(0, 1 - mean(s^2) /
    mean(d^2)) (positive-part James-Stein; one factor for the family, because a weight clipped
    at 0 in every resample has no variance of its own to go by), and the recommendation is
    current + lambda x d: where the data pin the weights down it is their figure, where they do
    not it stays near the current weights. When the competencies jointly explain nothing
    (`has_signal` False) nothing moves. Result and resamples are scaled back to sum 100.
    Returns (recommended, recommended resamples, lambda).
    """
    diff = point - current
    spread = float(np.mean(diff**2))
    noise = float(np.mean(boots.var(axis=0, ddof=1))) if len(boots) > 1 else 0.0
    lam = max(0.0, 1.0 - noise / spread) if has_signal and spread > 0 else 0.0

    def shrink(w: np.ndarray) -> np.ndarray:
        moved = current + lam * (w - current)
        total = moved.sum(axis=-1, keepdims=True)
        return np.where(total > 0, moved / np.where(total > 0, total, 1) * 100, current)

    return shrink(point), shrink(boots), lam


# The competencies together must explain performance at this level (Wald test of all their
# coefficients at once, bootstrap covariance) before any weight may move: one test per family,
# not seven. Strict, because a bank runs it for every family every month and a chance "signal"
# would move hiring weights; a real one (the planted weights, even from 500 hires) scores
# p < 1e-20.
SIGNAL_P = 0.001


def has_signal(coefficients: np.ndarray, boot_coefficients: np.ndarray) -> bool:
    """Whether the coefficients are jointly distinguishable from zero (Wald chi-square)."""
    if len(boot_coefficients) <= coefficients.size:
        return bool(
            (
                (np.percentile(boot_coefficients, 2.5, axis=0) > 0)
                | (np.percentile(boot_coefficients, 97.5, axis=0) < 0)
            ).any()
        )
    cov = np.cov(boot_coefficients, rowvar=False)
    wald = float(coefficients @ np.linalg.pinv(cov) @ coefficients)
    return bool(chi2.sf(wald, coefficients.size) < SIGNAL_P)


def weight_reading(row: dict, lang: str) -> str:
    """One competency's recommendation in words: the change, or why the weight stays."""
    current = row["current_weight_pct"]
    now = "–" if current is None else f"{current:.0f}%"
    low, high = f"{row['data_ci_low']:.0f}%", f"{row['data_ci_high']:.0f}%"
    if row["evidence"] == EVIDENCE_CHANGE:
        new = f"{row['recommended_weight_pct']:.0f}%"
        if lang == "zh":
            return f"建议由 {now} 调整为 {new}（数据的 95% 区间 {low}–{high}）。"
        return f"Change from {now} to {new} (the data's 95% interval is {low} to {high})."
    if lang == "zh":
        return f"证据不足，不建议调整：保持 {now}（数据的 95% 区间 {low}–{high}，无法确定）。"
    return (
        f"Not enough evidence to change: keep {now} (the data allow anything from {low} to {high})."
    )


def weights_table(fits: list[FamilyFit], current: pl.DataFrame) -> pl.DataFrame:
    """Recommended weights beside the current ones, with the evidence for each change.

    `current` has job_family, competency_code, hiring_weight_pct (the competency model in force;
    a family without one is compared with equal weights). `data_weight_pct` is what the
    regression alone says (its positive coefficients scaled to 100), with its 95% bootstrap
    interval; `recommended_weight_pct` is that figure shrunk towards the current weight as far
    as the evidence is weak (`shrink_weights`; `shrinkage` 1 = the data's figure, 0 = the
    current one). A change is recommended (`evidence` = 'change', `is_difference_significant`)
    only when the current weight lies outside the data's interval and the recommendation moves
    it by at least MIN_CHANGE_PTS; otherwise `evidence` is 'not_enough_evidence' and the reading
    says so instead of a figure to act on.
    """
    cur = current.select(
        "job_family", "competency_code", pl.col("hiring_weight_pct").cast(pl.Float64)
    ).rename({"hiring_weight_pct": "current_weight_pct"})
    rows = []
    for fit in fits:
        idx = [j for j, f in enumerate(fit.features) if f in competency_features()]
        codes = [competency_of(fit.features[j]) for j in idx]
        known = dict(
            cur.filter(pl.col("job_family") == fit.family)
            .select("competency_code", "current_weight_pct")
            .iter_rows()
        )
        now = np.array([known.get(c) if known.get(c) is not None else np.nan for c in codes])
        anchor = np.where(np.isnan(now), 100 / len(idx), now)
        if not np.isnan(now).any() and now.sum() > 0:
            anchor = now / now.sum() * 100
        point, boots = fit.weight[idx], fit.boot_weight[:, idx]
        signal = has_signal(fit.coefficient[idx], fit.boot_coefficient[:, idx])
        shrunk, shrunk_boots, lam = shrink_weights(point, boots, anchor, signal)
        data_lo, data_hi = np.percentile(boots, [2.5, 97.5], axis=0)
        rec_lo, rec_hi = np.percentile(shrunk_boots, [2.5, 97.5], axis=0)
        for k, j in enumerate(idx):
            rows.append(
                {
                    "job_family": fit.family,
                    "competency_code": codes[k],
                    "hires": fit.rows,
                    "std_coefficient": float(fit.coefficient[j]),
                    "recommended_weight_pct": float(shrunk[k]),
                    "recommended_ci_low": float(rec_lo[k]),
                    "recommended_ci_high": float(rec_hi[k]),
                    "data_weight_pct": float(point[k]),
                    "data_ci_low": float(data_lo[k]),
                    "data_ci_high": float(data_hi[k]),
                    "shrinkage": lam,
                }
            )
    table = pl.DataFrame(rows, schema=WEIGHTS_SCHEMA)
    table = (
        table.join(cur, on=["job_family", "competency_code"], how="left")
        .with_columns(
            (pl.col("recommended_weight_pct") - pl.col("current_weight_pct")).alias(
                "difference_pts"
            ),
            (
                (
                    (pl.col("current_weight_pct") < pl.col("data_ci_low"))
                    | (pl.col("current_weight_pct") > pl.col("data_ci_high"))
                )
                & (
                    (pl.col("recommended_weight_pct") - pl.col("current_weight_pct")).abs()
                    >= MIN_CHANGE_PTS
                )
            )
            .fill_null(False)
            .alias("is_difference_significant"),
            pl.col("recommended_weight_pct")
            .rank("ordinal", descending=True)
            .over("job_family")
            .cast(pl.Int32)
            .alias("recommended_rank"),
        )
        .with_columns(
            pl.when(pl.col("is_difference_significant"))
            .then(pl.lit(EVIDENCE_CHANGE))
            .otherwise(pl.lit(EVIDENCE_WEAK))
            .alias("evidence")
        )
        .sort("job_family", "recommended_rank")
    )
    rows = table.to_dicts()
    return table.with_columns(
        pl.Series("reading_en", [weight_reading(r, "en") for r in rows], dtype=pl.String),
        pl.Series("reading_zh", [weight_reading(r, "zh") for r in rows], dtype=pl.String),
    )


def _weighted_score(frame: pl.DataFrame, weights: pl.DataFrame, column: str) -> pl.Expr:
    """Sum over competencies of weight% x score / 100, with the family's weights."""
    expr = pl.lit(0.0)
    for feat in competency_features():
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
