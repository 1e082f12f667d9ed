"""AI-human agreement on small tables computed by hand."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime

import numpy as np
import polars as pl
import pytest

from analytics.pilot import agreement_table, load_thresholds, pair_scores, stats
from analytics.pilot.agreement import cell_metrics

T = dataclasses.replace(load_thresholds(), min_pairs=4, bootstrap_resamples=200)


def _pairs(ai: list[float], human: list[float], **keys) -> pl.DataFrame:
    n = len(ai)
    return pl.DataFrame(
        {
            "assessment_id": [f"A{i}" for i in range(n)],
            "competency": [keys.get("competency", "communication")] * n,
            "job_family": [keys.get("job_family", "teller")] * n,
            "model_version": [keys.get("model_version", "v1")] * n,
            "month": [keys.get("month", "2025-01")] * n,
            "ai_score": [float(v) for v in ai],
            "human_score": [float(v) for v in human],
            "is_blind": [True] * n,
        }
    )


def _metric(table: pl.DataFrame, level: str, metric: str) -> dict:
    return table.filter((pl.col("level") == level) & (pl.col("metric") == metric)).row(
        0, named=True
    )


def test_figures_of_a_small_cell_by_hand():
    table = agreement_table(_pairs([7, 5, 8, 3], [8, 7, 8, 3.5]), T)
    level = "competency_family_version_month"
    within = _metric(table, level, "within_one")
    assert within["value"] == pytest.approx(3 / 4)  # differences -1, -2, 0, -0.5
    assert within["n_pairs"] == 4 and within["status"] == "ok"
    assert within["ci_low"] < 0.75 < within["ci_high"]
    assert _metric(table, level, "mean_difference")["value"] == pytest.approx(-0.875)  # AI harsher
    assert _metric(table, level, "loa_lower")["value"] == pytest.approx(
        -0.875 - 1.959964 * 0.853913, abs=1e-5
    )
    # Bands (width 2): AI 3,2,4,1 vs human 4,3,4,1 -> quadratic kappa over 5 bands.
    # Observed: (1+1+0+0)/16/4 = 0.03125; marginals AI (0,.25,.25,.25,.25), human
    # (0,.25,0,.25,.5): expected = sum pa_i pb_j (i-j)^2/16 = 0.1875 -> kappa = 1 - 1/6.
    assert _metric(table, level, "kappa_quadratic")["value"] == pytest.approx(1 - 0.03125 / 0.1875)


def test_every_level_is_reported_with_all_for_rolled_up_keys():
    table = agreement_table(_pairs([7, 5, 8, 3], [8, 7, 8, 3.5]), T)
    overall = _metric(table, "competency", "within_one")
    assert (overall["job_family"], overall["model_version"], overall["month"]) == (
        "all",
        "all",
        "all",
    )
    assert set(table["level"]) == {
        "competency_family_version_month",
        "competency_family_version",
        "competency_family_month",
        "competency_family",
        "competency",
    }


def test_below_minimum_sample_the_figure_is_withheld():
    table = agreement_table(_pairs([7, 5, 8], [8, 7, 8]), T)
    assert set(table["status"]) == {"insufficient"}
    assert table["value"].null_count() == table.height


def test_all_scores_equal_leaves_kappa_and_icc_undefined():
    table = agreement_table(_pairs([6.0] * 5, [6.0] * 5), T)
    level = "competency_family_version_month"
    assert _metric(table, level, "within_one")["value"] == 1.0
    assert _metric(table, level, "mean_difference")["value"] == 0.0
    for metric in ("kappa_quadratic", "icc"):
        row = _metric(table, level, metric)
        assert row["status"] == "undefined" and row["value"] is None


def test_pair_scores_prefers_the_blind_human_score():
    ts = datetime(2025, 3, 1)
    scores = pl.DataFrame(
        {
            "assessment_id": ["A1", "A1", "A1", "A2", "A3"],
            "competency": ["risk_awareness"] * 5,
            "rater_type": ["ai", "human", "human", "ai", "human"],
            "score": [6.0, 9.0, 5.0, 7.0, 4.0],
            "is_blind": [None, False, True, None, True],
            "job_family": ["teller"] * 5,
            "model_version": ["v2"] * 5,
            "assessed_date": [date(2025, 3, 2)] * 5,
            "recorded_at": [ts] * 5,
        }
    )
    pairs = pair_scores(scores)
    # A2 has no human score and A3 no AI score: only A1 pairs, with its blind human score.
    assert pairs.height == 1
    row = pairs.row(0, named=True)
    assert (row["ai_score"], row["human_score"], row["is_blind"], row["month"]) == (
        6.0,
        5.0,
        True,
        "2025-03",
    )


def _random_pairs(n: int, seed: int, **keys) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    ai = np.round(np.clip(rng.normal(6, 1.5, n), 0, 10), 1)
    human = np.round(np.clip(ai + rng.normal(0, 0.8, n), 0, 10), 1)
    return _pairs(ai.tolist(), human.tolist(), **keys)


def test_rolled_up_figures_equal_those_computed_from_the_pairs():
    """The coarser levels add up the finest cells' sums: the same figures as from the pairs."""
    pairs = pl.concat(
        [
            _random_pairs(80, 1, month="2025-01"),
            _random_pairs(90, 2, month="2025-02"),
            _random_pairs(120, 3, month="2025-03", model_version="v2"),
        ]
    )
    table = agreement_table(pairs, T)
    expected = cell_metrics(pairs["ai_score"].to_numpy(), pairs["human_score"].to_numpy(), T)
    for metric, value, low, high, status in expected:
        row = _metric(table, "competency", metric)
        assert row["n_pairs"] == 290 and row["status"] == status
        assert row["value"] == pytest.approx(value, abs=1e-12)
        assert row["ci_low"] == pytest.approx(low, abs=1e-12)
        assert row["ci_high"] == pytest.approx(high, abs=1e-12)


def test_small_cells_resample_pairs_and_large_ones_use_the_moments():
    T500 = dataclasses.replace(T, bootstrap_resamples=500)
    for n in (150, stats.ICC_EXACT_PAIRS + 50, 5000):
        pairs = _random_pairs(n, n)
        ai, human = pairs["ai_score"].to_numpy(), pairs["human_score"].to_numpy()
        row = _metric(agreement_table(pairs, T500), "competency", "icc")
        low, high = stats.bootstrap_interval("icc", ai, human, resamples=500)
        assert (row["ci_low"], row["ci_high"]) == pytest.approx((low, high), abs=1e-12)
        assert row["ci_low"] < row["value"] < row["ci_high"]
        kappa = _metric(agreement_table(pairs, T500), "competency", "kappa_quadratic")
        bands = [stats.band_scores(v) for v in (ai, human)]
        assert (kappa["ci_low"], kappa["ci_high"]) == pytest.approx(
            stats.bootstrap_interval("kappa", *bands, resamples=500), abs=1e-12
        )
