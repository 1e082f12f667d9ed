"""Small statistical building blocks shared by the pilot figures (numpy/scipy, no frames)."""

from __future__ import annotations

import math

import numpy as np
from scipy import special, stats

Z95 = 1.959963984540054  # two-sided 95% normal quantile


def wilson_interval(successes: float, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for a proportion: sound near 0 and 1 and for small n."""
    if n <= 0:
        return (math.nan, math.nan)
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    # Clamp rounding noise so that 0/n and n/n give exactly 0 and 1 as bounds.
    return (max(0.0, centre - half), min(1.0, centre + half))


def band_scores(scores: np.ndarray, band_width: float = 2.0, n_bands: int = 5) -> np.ndarray:
    """Band 0-10 scores into ordinal bands 0..n_bands-1 ([0,2), [2,4), ... [8,10])."""
    bands = np.floor(np.asarray(scores, dtype=float) / band_width).astype(int)
    return np.clip(bands, 0, n_bands - 1)


def _quadratic_weights(n_cat: int) -> np.ndarray:
    idx = np.arange(n_cat)
    return (idx[:, None] - idx[None, :]) ** 2 / (n_cat - 1) ** 2


def quadratic_weighted_kappa(a: np.ndarray, b: np.ndarray, n_cat: int) -> float:
    """Cohen's kappa with quadratic weights over the fixed categories 0..n_cat-1.

    1 - observed weighted disagreement / disagreement expected from the two marginals.
    NaN when the expected disagreement is zero (both raters used a single, same category).
    """
    return float(_kappa_batch(np.asarray(a)[None, :], np.asarray(b)[None, :], n_cat)[0])


def _kappa_batch(a: np.ndarray, b: np.ndarray, n_cat: int) -> np.ndarray:
    """Kappa of each row of two (samples x n) integer arrays: vectorised for the bootstrap."""
    w = _quadratic_weights(n_cat)
    observed = w[a, b].mean(axis=1)
    cats = np.arange(n_cat)
    pa = (a[..., None] == cats).mean(axis=1)
    pb = (b[..., None] == cats).mean(axis=1)
    expected = np.einsum("si,ij,sj->s", pa, w, pb)
    with np.errstate(divide="ignore", invalid="ignore"):
        kappa = 1.0 - observed / expected
    return np.where(expected > 0, kappa, np.nan)


def icc_absolute_agreement(x: np.ndarray, y: np.ndarray) -> float:
    """ICC(A,1) of McGraw & Wong (= Shrout & Fleiss ICC(2,1)) for two raters.

    Two-way model, absolute agreement, single rater: a systematic offset between AI and human
    lowers it, unlike a correlation. NaN when all scores are equal (no variance to explain).
    """
    return float(_icc_batch(np.asarray(x, float)[None, :], np.asarray(y, float)[None, :])[0])


def _icc_a1(ss_rows, ss_cols, ss_total, n: int, k: int) -> np.ndarray:
    """ICC(A,1) (McGraw & Wong) from the two-way sums of squares; NaN when every score is equal."""
    ss_err = ss_total - ss_rows - ss_cols
    msr = ss_rows / (n - 1)
    msc = ss_cols / (k - 1)
    mse = ss_err / ((n - 1) * (k - 1))
    denom = msr + (k - 1) * mse + k * (msc - mse) / n
    with np.errstate(divide="ignore", invalid="ignore"):
        icc = (msr - mse) / denom
    return np.where(ss_total > 1e-12, icc, np.nan)


def _icc_batch(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    n = x.shape[1]
    k = 2
    data = np.stack([x, y], axis=2)  # samples x n x k
    grand = data.mean(axis=(1, 2))
    row_means = data.mean(axis=2)
    col_means = data.mean(axis=1)
    ss_rows = k * ((row_means - grand[:, None]) ** 2).sum(axis=1)
    ss_cols = n * ((col_means - grand[:, None]) ** 2).sum(axis=1)
    ss_total = ((data - grand[:, None, None]) ** 2).sum(axis=(1, 2))
    return _icc_a1(ss_rows, ss_cols, ss_total, n, k)


# Above this many pairs the ICC bootstrap draws the five moment averages it depends on from
# their normal approximation instead of resampling every pair, so its cost no longer grows with
# the number of pairs. Measured on real cells (100,000-employee bank, 20,000 resamples each way):
# from 200 pairs on, the two intervals' ends differ by at most a third of the Monte Carlo spread
# of a 500-resample bootstrap (under 0.002 on intervals 0.03-0.12 wide); at 100 pairs by about
# as much as that spread, at 30 pairs by several times it (the moments' own skew still matters).
ICC_EXACT_PAIRS = 200
# The five averages ICC(A,1) of two raters depends on, as powers (i, j) of x^i y^j.
ICC_MOMENTS: tuple[tuple[int, int], ...] = ((1, 0), (0, 1), (2, 0), (0, 2), (1, 1))


def _icc_resampled(x: np.ndarray, y: np.ndarray, idx: np.ndarray) -> np.ndarray:
    """ICC(A,1) of each resample (a row of indices into the pairs), from its five moments.

    Each resample's moments are its pair counts times the pairs' moments: one matrix product
    instead of gathering every resampled pair. The scores are centred on their common mean
    first (ICC does not change when both raters' scores shift together), so that a resample
    without any spread comes out as exactly no spread.
    """
    resamples, n = idx.shape
    xf, yf = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    centre = (xf.mean() + yf.mean()) / 2
    xc, yc = xf - centre, yf - centre
    moments = np.column_stack([xc, yc, xc * xc, yc * yc, xc * yc])
    flat = (idx + (np.arange(resamples) * n)[:, None]).ravel()
    counts = np.bincount(flat, minlength=resamples * n).reshape(resamples, n)
    return _icc_from_moments(counts @ moments / n, n)


def _kappa_from_tables(tables: np.ndarray, n_cat: int) -> np.ndarray:
    """Quadratic-weighted kappa of each (n_cat x n_cat) confusion table of a (samples, ...) stack."""
    w = _quadratic_weights(n_cat)
    totals = tables.sum(axis=(1, 2)).astype(float)
    observed = (tables * w).sum(axis=(1, 2)) / totals
    pa = tables.sum(axis=2) / totals[:, None]
    pb = tables.sum(axis=1) / totals[:, None]
    expected = np.einsum("si,ij,sj->s", pa, w, pb)
    with np.errstate(divide="ignore", invalid="ignore"):
        kappa = 1.0 - observed / expected
    return np.where(expected > 0, kappa, np.nan)


def _icc_from_moments(m: np.ndarray, n: int) -> np.ndarray:
    """ICC(A,1) of two raters from the averages (x, y, x², y², xy) of each row of `m`."""
    k = 2
    mx, my, mxx, myy, mxy = (m[:, i] for i in range(5))
    grand = (mx + my) / 2
    ss_rows = k * n * ((mxx + 2 * mxy + myy) / 4 - grand**2)
    ss_cols = n * ((mx - grand) ** 2 + (my - grand) ** 2)
    ss_total = n * (mxx + myy) - 2 * n * grand**2
    return _icc_a1(ss_rows, ss_cols, ss_total, n, k)


def moment_sums(x: np.ndarray, y: np.ndarray) -> dict[tuple[int, int], float]:
    """Sums of x^i y^j for 1 <= i + j <= 4: with n, the sufficient statistics of ICC(A,1) and of
    its moments' covariance (products of two of the five moments are of degree up to four)."""
    xf, yf = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    return {
        (i, j): float((xf**i * yf**j).sum()) for i in range(5) for j in range(5 - i) if i + j > 0
    }


def icc_moments(sums: dict[tuple[int, int], float], n: int) -> tuple[np.ndarray, np.ndarray]:
    """Mean and covariance (ddof 1) of the five ICC moments over n pairs, from `moment_sums`."""
    mean = np.array([sums[p] / n for p in ICC_MOMENTS])
    cov = np.empty((5, 5))
    for a, (i1, j1) in enumerate(ICC_MOMENTS):
        for b, (i2, j2) in enumerate(ICC_MOMENTS):
            cov[a, b] = (sums[(i1 + i2, j1 + j2)] - n * mean[a] * mean[b]) / (n - 1)
    return mean, cov


def icc_from_sums(sums: dict[tuple[int, int], float], n: int) -> float:
    """ICC(A,1) from `moment_sums` (NaN without spread; see `icc_absolute_agreement`)."""
    mean, _ = icc_moments(sums, n)
    return float(_icc_from_moments(mean[None, :], n)[0])


def kappa_from_table(table: np.ndarray) -> float:
    """Quadratic-weighted kappa of one (n_cat x n_cat) confusion table of counts."""
    table = np.asarray(table)
    return float(_kappa_from_tables(table[None, ...], table.shape[0])[0])


def _percentile_interval(values: np.ndarray, resamples: int) -> tuple[float, float]:
    values = values[~np.isnan(values)]
    if len(values) < resamples / 2:
        return (math.nan, math.nan)
    low, high = np.quantile(values, [0.025, 0.975])
    return (float(low), float(high))


def kappa_interval_from_table(
    table: np.ndarray, resamples: int = 500, seed: int = 20240601
) -> tuple[float, float]:
    """Percentile bootstrap 95% interval of quadratic kappa from the pairs' confusion table.

    Kappa depends on the pairs only through their table, so resampling pairs is a multinomial
    draw of the table's cells: exact, and as fast for a million pairs as for fifty.
    """
    table = np.asarray(table)
    n_cat = table.shape[0]
    n = int(table.sum())
    if n < 2:
        return (math.nan, math.nan)
    rng = np.random.default_rng(seed)
    cells = table.ravel()
    tables = rng.multinomial(n, cells / n, size=resamples).reshape(resamples, n_cat, n_cat)
    return _percentile_interval(_kappa_from_tables(tables, n_cat), resamples)


def icc_interval_from_sums(
    sums: dict[tuple[int, int], float], n: int, resamples: int = 500, seed: int = 20240601
) -> tuple[float, float]:
    """95% interval of ICC(A,1) from the normal approximation of its five moments' averages.

    What the pair bootstrap converges to; used from ICC_EXACT_PAIRS pairs on, where it matches
    the pair bootstrap to within its own resampling noise (see ICC_EXACT_PAIRS).
    """
    if n < 2:
        return (math.nan, math.nan)
    rng = np.random.default_rng(seed)
    mean, cov = icc_moments(sums, n)
    draws = rng.multivariate_normal(mean, cov / n, size=resamples)
    return _percentile_interval(_icc_from_moments(draws, n), resamples)


def bootstrap_interval(
    statistic: str,
    x: np.ndarray,
    y: np.ndarray,
    n_cat: int = 5,
    resamples: int = 500,
    seed: int = 20240601,
) -> tuple[float, float]:
    """Percentile bootstrap 95% interval of 'kappa' or 'icc' over resampled pairs.

    Kappa depends on the pairs only through their confusion table, so resampling pairs is a
    multinomial draw of the table's cells (exact, whatever the number of pairs). ICC resamples
    pairs up to ICC_EXACT_PAIRS and uses the normal approximation of its moments above.
    Resamples where the statistic is undefined are dropped; NaNs when fewer than half remain.
    The seed is fixed so that two builds on the same data give the same interval.
    """
    n = len(x)
    if n < 2:
        return (math.nan, math.nan)
    x, y = np.asarray(x), np.asarray(y)
    if statistic == "kappa":
        cells = np.bincount(x.astype(int) * n_cat + y.astype(int), minlength=n_cat * n_cat)
        return kappa_interval_from_table(cells.reshape(n_cat, n_cat), resamples, seed)
    if statistic == "icc" and n <= ICC_EXACT_PAIRS:
        rng = np.random.default_rng(seed)
        idx = rng.integers(0, n, size=(resamples, n))
        return _percentile_interval(_icc_resampled(x, y, idx), resamples)
    if statistic == "icc":
        return icc_interval_from_sums(moment_sums(x, y), n, resamples, seed)
    raise ValueError(f"unknown statistic {statistic!r}")


def _t975(df: int) -> float:
    """The 97.5% quantile of Student's t (what stats.t.ppf computes, without its overhead)."""
    return float(special.stdtrit(df, 0.975))


def mean_interval(values: np.ndarray) -> tuple[float, float, float]:
    """Mean with its t-based 95% interval (mean, low, high)."""
    v = np.asarray(values, dtype=float)
    n = len(v)
    sd = float(v.std(ddof=1)) if n > 1 else math.nan
    return mean_interval_from(float(v.mean()), sd, n)


def mean_interval_from(mean: float, sd: float, n: int) -> tuple[float, float, float]:
    """`mean_interval` from the mean, standard deviation (ddof 1) and size of a sample."""
    if n < 2:
        return (mean, math.nan, math.nan)
    se = sd / math.sqrt(n)
    t = _t975(n - 1)
    return (mean, mean - t * se, mean + t * se)


def limits_of_agreement(
    differences: np.ndarray,
) -> tuple[tuple[float, float, float], tuple[float, float, float]]:
    """Bland-Altman 95% limits of agreement, each as (value, low, high).

    Limits = mean difference -/+ 1.96 SD; the interval of each limit uses the approximate
    standard error sqrt(3 SD^2 / n) of Bland & Altman (1986) with a t quantile.
    """
    d = np.asarray(differences, dtype=float)
    n = len(d)
    sd = float(d.std(ddof=1)) if n > 1 else math.nan
    return limits_of_agreement_from(float(d.mean()), sd, n)


def limits_of_agreement_from(
    mean: float, sd: float, n: int
) -> tuple[tuple[float, float, float], tuple[float, float, float]]:
    """`limits_of_agreement` from the mean, standard deviation (ddof 1) and number of differences."""
    lower, upper = mean - Z95 * sd, mean + Z95 * sd
    if n < 2:
        return ((lower, math.nan, math.nan), (upper, math.nan, math.nan))
    half = _t975(n - 1) * math.sqrt(3 * sd * sd / n)
    return ((lower, lower - half, lower + half), (upper, upper - half, upper + half))


def fisher_p_value(hits_a: int, n_a: int, hits_b: int, n_b: int) -> float:
    """Two-sided Fisher exact test that two groups have the same rate."""
    table = [[hits_a, n_a - hits_a], [hits_b, n_b - hits_b]]
    return float(stats.fisher_exact(table, alternative="two-sided").pvalue)


def holm_adjust(p_values: list[float | None]) -> list[float | None]:
    """Holm-Bonferroni adjusted p-values (None stays None): controls the chance of any false
    flag across all comparisons of one audit, without Bonferroni's loss of power."""
    indexed = sorted((p, i) for i, p in enumerate(p_values) if p is not None)
    m = len(indexed)
    out: list[float | None] = [None] * len(p_values)
    running = 0.0
    for rank, (p, i) in enumerate(indexed):
        running = max(running, min(1.0, (m - rank) * p))
        out[i] = running
    return out
