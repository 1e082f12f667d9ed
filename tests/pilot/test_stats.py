"""The statistical building blocks against values computed by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score

from analytics.pilot import stats


def test_wilson_interval_of_8_out_of_10():
    # p = 0.8, z = 1.96: centre = (0.8 + 0.19208) / 1.38416, half = 1.96 * sqrt(0.025604) / 1.38416
    low, high = stats.wilson_interval(8, 10)
    assert low == pytest.approx(0.490162, abs=1e-5)
    assert high == pytest.approx(0.943317, abs=1e-5)


def test_wilson_interval_edges():
    assert stats.wilson_interval(0, 5)[0] == 0.0
    assert stats.wilson_interval(5, 5)[1] == 1.0
    assert all(math.isnan(v) for v in stats.wilson_interval(0, 0))


def test_band_scores_cover_the_whole_scale():
    bands = stats.band_scores(np.array([0, 1.99, 2, 5.5, 7.99, 8, 10]))
    assert bands.tolist() == [0, 0, 1, 2, 3, 4, 4]


def test_quadratic_kappa_by_hand():
    # Weights (i-j)^2/4. Observed disagreement = 0.25/3; expected from the marginals
    # (1/3,1/3,1/3) x (1/3,0,2/3) = 1.25/3; kappa = 1 - 0.2 = 0.8.
    a, b = np.array([0, 1, 2]), np.array([0, 2, 2])
    assert stats.quadratic_weighted_kappa(a, b, 3) == pytest.approx(0.8)
    assert cohen_kappa_score(a, b, weights="quadratic", labels=[0, 1, 2]) == pytest.approx(0.8)


def test_quadratic_kappa_agrees_with_scikit_learn_on_random_bands():
    rng = np.random.default_rng(1)
    a = rng.integers(0, 5, 200)
    b = np.clip(a + rng.integers(-1, 2, 200), 0, 4)
    ours = stats.quadratic_weighted_kappa(a, b, 5)
    theirs = cohen_kappa_score(a, b, weights="quadratic", labels=list(range(5)))
    assert ours == pytest.approx(theirs)


def test_kappa_undefined_when_all_scores_equal():
    same = np.array([2, 2, 2, 2])
    assert math.isnan(stats.quadratic_weighted_kappa(same, same, 5))


def test_icc_absolute_agreement_by_hand():
    # x = 1,2,3 and y = x + 1: MSR = 2, MSC = 1.5, MSE = 0 -> ICC(A,1) = 2 / (2 + 2*1.5/3) = 2/3.
    # A constant offset is a disagreement: a consistency ICC would be 1 here.
    x, y = np.array([1.0, 2.0, 3.0]), np.array([2.0, 3.0, 4.0])
    assert stats.icc_absolute_agreement(x, y) == pytest.approx(2 / 3)
    assert stats.icc_absolute_agreement(x, x) == pytest.approx(1.0)


def test_icc_undefined_when_all_scores_equal():
    flat = np.array([5.0, 5.0, 5.0])
    assert math.isnan(stats.icc_absolute_agreement(flat, flat))


def test_mean_and_limits_of_agreement_by_hand():
    d = np.array([-1.0, -2.0, 0.0, -0.5])
    # mean -0.875, SD = sqrt(2.1875/3) = 0.853913, t(0.975, 3) = 3.182446
    mean, low, high = stats.mean_interval(d)
    assert mean == pytest.approx(-0.875)
    assert low == pytest.approx(-0.875 - 3.182446 * 0.853913 / 2, abs=1e-5)
    assert high == pytest.approx(-0.875 + 3.182446 * 0.853913 / 2, abs=1e-5)
    (lo, lo_low, lo_high), (up, _, _) = stats.limits_of_agreement(d)
    assert lo == pytest.approx(-0.875 - 1.959964 * 0.853913, abs=1e-5)
    assert up == pytest.approx(-0.875 + 1.959964 * 0.853913, abs=1e-5)
    half = 3.182446 * math.sqrt(3 * 0.853913**2 / 4)
    assert lo_low == pytest.approx(lo - half, abs=1e-5)
    assert lo_high == pytest.approx(lo + half, abs=1e-5)


def test_bootstrap_interval_brackets_the_estimate_and_is_reproducible():
    rng = np.random.default_rng(7)
    x = rng.normal(6, 1.5, 120)
    y = x + rng.normal(0, 0.8, 120)
    low, high = stats.bootstrap_interval("icc", x, y)
    point = stats.icc_absolute_agreement(x, y)
    assert low < point < high
    assert (low, high) == stats.bootstrap_interval("icc", x, y)


def test_fisher_p_value_by_hand():
    # 2/10 vs 5/10 selected: margins 10, 10 and 7 selected out of 20. Tables as or less likely
    # than the observed one have 0, 1, 2, 5, 6 or 7 selected in the first group.
    total = math.comb(20, 7)
    probs = {k: math.comb(10, k) * math.comb(10, 7 - k) / total for k in range(8)}
    expected = sum(p for p in probs.values() if p <= probs[2] + 1e-12)
    assert expected == pytest.approx(27120 / 77520)
    assert stats.fisher_p_value(2, 10, 5, 10) == pytest.approx(expected)


def test_holm_adjustment_by_hand():
    # Sorted 0.01, 0.03, 0.04 with m = 3: 3*0.01 = 0.03, 2*0.03 = 0.06, max(0.06, 1*0.04) = 0.06.
    adjusted = stats.holm_adjust([0.01, 0.04, 0.03, None])
    assert adjusted[0] == pytest.approx(0.03)
    assert adjusted[1] == pytest.approx(0.06)
    assert adjusted[2] == pytest.approx(0.06)
    assert adjusted[3] is None


def test_icc_resampling_equals_refitting_every_resampled_pair_set():
    """Below ICC_EXACT_PAIRS the pairs are resampled; each resample's ICC from its pair counts
    is that of the resampled pairs themselves."""
    rng = np.random.default_rng(3)
    x = np.round(rng.normal(6, 1.5, 150), 1)
    y = np.round(x + rng.normal(0, 0.8, 150), 1)
    idx = np.random.default_rng(20240601).integers(0, 150, size=(500, 150))
    direct = stats._icc_batch(x[idx], y[idx])
    assert np.allclose(stats._icc_resampled(x, y, idx), direct, atol=1e-12)
    low, high = np.quantile(direct, [0.025, 0.975])
    assert stats.bootstrap_interval("icc", x, y) == pytest.approx((low, high), abs=1e-12)


def test_icc_from_sums_equals_icc_of_the_pairs():
    rng = np.random.default_rng(5)
    x = rng.normal(6, 1.5, 3000)
    y = x + rng.normal(0.2, 0.8, 3000)
    sums = stats.moment_sums(x, y)
    assert stats.icc_from_sums(sums, 3000) == pytest.approx(
        stats.icc_absolute_agreement(x, y), abs=1e-12
    )
    mean, cov = stats.icc_moments(sums, 3000)
    moments = np.column_stack([x, y, x * x, y * y, x * y])
    assert np.allclose(mean, moments.mean(axis=0))
    assert np.allclose(cov, np.cov(moments, rowvar=False))


def test_a_resample_without_spread_has_no_icc():
    x = np.array([6.1] * 40 + [7.3])
    assert np.isnan(stats._icc_resampled(x, x, np.zeros((3, 41), dtype=int))).all()
