"""The trial harness of candidate retention models: a time-honest split, sound blends, and a
paired comparison that calls a difference of noise noise."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from analytics import retention, retention_trials
from analytics.retention import LABEL
from analytics.retention_trials import Scores
from tests.analytics import synthetic


@pytest.fixture(scope="module")
def history() -> pl.DataFrame:
    return synthetic.retention_features(employees=600, years=6, seed=3).drop("true_p")


@pytest.fixture(scope="module")
def split(history: pl.DataFrame) -> retention_trials.TrialSplit:
    return retention_trials.trial_split(history)


def _keys(frame: pl.DataFrame) -> set[tuple]:
    return set(frame.select("employee_key", "snapshot_date").iter_rows())


def test_the_split_uses_no_test_row(split: retention_trials.TrialSplit) -> None:
    closes = pl.col("snapshot_date").dt.offset_by("12mo")
    assert split.test["snapshot_date"].unique().to_list() == [split.cutoff]
    for part in (split.train, split.earlier, split.later):
        # Every row's outcome window closed by the test snapshot: no test-year exit is known.
        assert part.select(closes.max()).item() <= split.cutoff
        assert not _keys(part) & _keys(split.test)
    # The calibration years are the last training snapshots; the inner models learn from
    # snapshots whose window closed before the first of them.
    snapshots = split.train["snapshot_date"].unique().sort().to_list()
    assert split.later["snapshot_date"].unique().sort().to_list() == snapshots[-3:]
    assert split.earlier.select(closes.max()).item() <= split.later["snapshot_date"].min()
    assert _keys(split.later) | _keys(split.earlier) <= _keys(split.train)


def test_a_blend_of_two_identical_models_equals_either() -> None:
    rng = np.random.default_rng(0)
    p = rng.uniform(0.01, 0.3, size=500)
    assert np.array_equal(retention_trials.mean_blend(p, p), p)
    later = rng.uniform(0.01, 0.3, size=2000)
    y_later = (rng.random(2000) < later).astype(int)
    scores = Scores(test=p, later=later)
    stacked = retention_trials.stack(scores, scores, y_later)
    np.testing.assert_allclose(stacked, retention_trials.recalibrated(scores, y_later), atol=1e-4)


def test_the_paired_comparison_calls_noise_noise_and_a_loss_a_loss() -> None:
    rng = np.random.default_rng(1)
    risk = rng.uniform(0.01, 0.4, size=3000)
    y = (rng.random(3000) < risk).astype(int)
    probs = {
        "logistic": risk,
        "same": risk.copy(),
        "a little jitter": np.clip(risk + rng.normal(0, 1e-4, 3000), 0.001, 0.999),
        "random": rng.uniform(0.01, 0.4, size=3000),
    }
    table = retention_trials.compare(y, probs, samples=200)
    verdict = {(r["candidate"], r["metric"]): r["verdict"] for r in table.iter_rows(named=True)}
    for metric in retention_trials.METRICS:
        assert verdict[("logistic", metric)] == "reference"
        assert verdict[("same", metric)] == "noise"
        assert verdict[("a little jitter", metric)] == "noise"
    assert verdict[("random", "roc_auc")] == "worse"
    assert verdict[("random", "brier")] == "worse"
    same = table.filter(pl.col("candidate") == "same")
    # (The calibration error's deciles may order tied risks differently: rounding noise only.)
    assert (
        same.select(pl.col("diff", "diff_low", "diff_high").abs().max()).max_horizontal()[0] < 1e-12
    )
    # Each figure's interval holds the figure itself.
    assert (table["ci_low"] <= table["value"]).all() and (table["value"] <= table["ci_high"]).all()


def test_tenure_columns_are_made_only_from_sources_the_plan_keeps() -> None:
    frame = pl.DataFrame(
        {
            "tenure_months": [6, 30, 200],
            "tenure_band": ["0-1y", "2-5y", "10y+"],
            "job_family": ["teller", None, "teller"],
            "perf_trend": [0.5, -1.0, None],
        }
    )
    spline = retention_trials.with_tenure_spline(frame)
    assert spline["tenure_past_24m"].to_list() == [0, 6, 176]
    assert spline["tenure_past_120m"].to_list() == [0, 0, 80]
    pair = retention_trials.with_tenure_family(frame)["tenure_band_x_job_family"]
    assert pair.to_list() == ["0-1y x teller", None, "10y+ x teller"]
    trend = retention_trials.with_tenure_trend(frame)
    assert trend["perf_trend_in_0-1y"].to_list() == [0.5, 0.0, None]
    assert trend["perf_trend_in_2-5y"].to_list() == [0.0, -1.0, None]
    # Left out by the history rule: no column is built from it.
    assert retention_trials.with_tenure_trend(frame, ("perf_trend",)).columns == frame.columns


def test_the_trial_measures_every_candidate_on_the_test_snapshot(history: pl.DataFrame) -> None:
    result = retention_trials.trial(history, samples=50)
    y = retention.labelled_rows(history).filter(pl.col("snapshot_date") == result.cutoff)[LABEL]
    assert (result.test_rows, result.test_leavers) == (len(y), int(y.sum()))
    # The synthetic history has no tenure band: the candidates built on it are not run, and say so.
    assert set(result.skipped) == {
        "logistic + tenure band x job family",
        "logistic + tenure band x perf trend",
    }
    candidates = result.comparison["candidate"].unique(maintain_order=True).to_list()
    assert candidates[0] == "logistic" and "stack (logistic on calibration years)" in candidates
    assert result.comparison.height == 4 * len(candidates)
    reference = result.comparison.filter(pl.col("candidate") == "logistic")
    assert (reference["diff"] == 0).all() and (reference["verdict"] == "reference").all()
    assert set(result.bands["candidate"]) == set(candidates)
    summary = retention_trials.summary(result)
    assert summary.height == len(candidates)
    assert summary["bands_within"].max() <= 3
