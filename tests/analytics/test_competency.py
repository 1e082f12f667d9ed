"""Competency weighting on hires with planted competency effects."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from analytics import competency
from sample_enterprise.bank.bank_vocabulary import COMPETENCIES
from tests.analytics import synthetic

PLANTED = {
    "teller": {"customer_service": 45, "risk_awareness": 30, "communication": 25},
    "it_developer": {"problem_solving": 50, "product_knowledge": 30, "culture_fit": 20},
}


@pytest.fixture(scope="module")
def frame() -> pl.DataFrame:
    return synthetic.competency_frame(PLANTED, hires_per_family=1600, seed=5)


@pytest.fixture(scope="module")
def current() -> pl.DataFrame:
    return pl.DataFrame(
        [
            {"job_family": f, "competency_code": c, "hiring_weight_pct": 100 / 7}
            for f in PLANTED
            for c in COMPETENCIES
        ]
    )


@pytest.fixture(scope="module")
def weights(frame: pl.DataFrame, current: pl.DataFrame) -> pl.DataFrame:
    fits = competency.fit_families(frame, n_boot=200, seed=0)
    return competency.weights_table(fits, current)


def test_weights_sum_to_100_and_recover_planted(weights: pl.DataFrame) -> None:
    for family, planted in PLANTED.items():
        fam = weights.filter(pl.col("job_family") == family).sort("recommended_rank")
        assert fam["recommended_weight_pct"].sum() == pytest.approx(100)
        assert fam["competency_code"].to_list()[:3] == sorted(
            planted, key=planted.get, reverse=True
        )
        got = dict(zip(fam["competency_code"], fam["recommended_weight_pct"], strict=True))
        for code in COMPETENCIES:
            assert got[code] == pytest.approx(planted.get(code, 0), abs=5)


def test_significance_against_current_weights(weights: pl.DataFrame) -> None:
    top = weights.filter(
        (pl.col("job_family") == "it_developer") & (pl.col("competency_code") == "problem_solving")
    ).row(0, named=True)
    assert top["current_weight_pct"] == pytest.approx(100 / 7)
    assert top["recommended_ci_low"] <= top["recommended_weight_pct"] <= top["recommended_ci_high"]
    assert top["is_difference_significant"]
    assert top["difference_pts"] == pytest.approx(top["recommended_weight_pct"] - 100 / 7)


def test_effects_table_has_correlation_intervals(frame: pl.DataFrame) -> None:
    fits = competency.fit_families(frame, n_boot=100, seed=1)
    effects = competency.effects_table(fits)
    assert effects.height == len(PLANTED) * (len(COMPETENCIES) + 2)
    assert (effects["correlation_ci_low"] <= effects["correlation"]).all()
    assert (effects["correlation"] <= effects["correlation_ci_high"]).all()
    ps = effects.filter(
        (pl.col("job_family") == "it_developer") & (pl.col("feature") == "ai_score_problem_solving")
    ).row(0, named=True)
    assert ps["is_significant"] and ps["correlation"] > 0.3
    resume = effects.filter(pl.col("feature_kind") == "resume")
    assert set(resume["feature"].unique().to_list()) == {"education_level", "years_experience"}
    # Hires are only those with a performance figure.
    assert (
        ps["hires"]
        == frame.filter(
            (pl.col("job_family") == "it_developer") & pl.col("performance_score").is_not_null()
        ).height
    )


def test_small_family_gets_no_recommendation(frame: pl.DataFrame) -> None:
    tiny = frame.filter(pl.col("job_family") == "teller").head(40)
    assert competency.fit_families(tiny, n_boot=10) == []


def test_reranking_ranks_every_candidate_and_recommended_predicts_better(
    frame: pl.DataFrame, weights: pl.DataFrame
) -> None:
    reranked = competency.rerank_candidates(frame, weights)
    assert reranked.height == frame.height
    for family in PLANTED:
        fam = reranked.filter(pl.col("job_family") == family)
        assert sorted(fam["rank_recommended"].to_list()) == list(range(1, fam.height + 1))
    summary = competency.reranking_summary(reranked)
    assert summary.height == 2
    assert (summary["correlation_recommended"] > summary["correlation_current"]).all()
    assert (
        summary["performance_top_half_recommended"] > summary["performance_bottom_half_recommended"]
    ).all()


def test_families_too_small_give_typed_empty_tables(current: pl.DataFrame) -> None:
    tiny = synthetic.competency_frame(PLANTED, hires_per_family=20, seed=1)
    fits = competency.fit_families(tiny, n_boot=10)
    weights = competency.weights_table(fits, current)
    reranked = competency.rerank_candidates(tiny, weights)
    summary = competency.reranking_summary(reranked)
    assert fits == [] and weights.is_empty() and reranked.is_empty() and summary.is_empty()
    assert "recommended_weight_pct" in weights.columns and "correlation_current" in summary.columns
    assert "std_coefficient" in competency.effects_table(fits).columns


def test_bootstrap_from_moments_equals_refitting_every_resample(frame: pl.DataFrame) -> None:
    """Each resample's figures from its counts times the hires' moments are those of refitting
    the regression on the resampled hires (same seed, same resamples)."""
    features = competency.competency_features() + competency.RESUME_FEATURES
    family = frame.filter(pl.col("job_family") == "teller")
    fit = competency.fit_family(family, "teller", features, n_boot=40, seed=3)
    x, y, _ = competency._family_matrix(family, features, competency.OUTCOME)
    mask = np.array([f in competency.competency_features() for f in features])
    assert np.allclose(fit.coefficient, competency._std_coefs(x, y), atol=1e-10)
    assert np.allclose(fit.correlation, competency._correlations(x, y), atol=1e-10)
    rng = np.random.default_rng(3)
    for b in range(40):
        idx = rng.integers(0, len(y), len(y))
        coefs = competency._std_coefs(x[idx], y[idx])
        assert np.allclose(fit.boot_coefficient[b], coefs, atol=1e-10)
        assert np.allclose(fit.boot_correlation[b], competency._correlations(x[idx], y[idx]))
        assert np.allclose(fit.boot_weight[b], competency._weights(coefs, mask), atol=1e-8)


def test_a_feature_without_spread_gets_no_effect(frame: pl.DataFrame) -> None:
    family = frame.filter(pl.col("job_family") == "teller").with_columns(
        pl.lit(3.0).alias("education_level")
    )
    features = competency.competency_features() + competency.RESUME_FEATURES
    fit = competency.fit_family(family, "teller", features, n_boot=20, seed=0)
    j = features.index("education_level")
    assert fit.correlation[j] == 0 and fit.coefficient[j] == pytest.approx(0, abs=1e-12)
    assert np.all(fit.boot_coefficient[:, j] == pytest.approx(0, abs=1e-12))


# The bank's competency model in force: product knowledge over-weighted everywhere.
BANK_CURRENT = {c: (25.0 if c == "product_knowledge" else 12.5) for c in COMPETENCIES}


def _without_signal(families: int, hires: int, seed: int) -> pl.DataFrame:
    """Hires whose later performance has nothing to do with their interview scores."""
    planted = {f"family_{k}": {"communication": 50, "stability": 50} for k in range(families)}
    frame = synthetic.competency_frame(planted, hires_per_family=hires, seed=seed)
    rng = np.random.default_rng(seed)
    noise = pl.Series(np.clip(rng.normal(6, 1.0, frame.height), 1, 10))
    return frame.with_columns(
        pl.when(pl.col("is_hired")).then(noise).otherwise(None).alias("performance_score")
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_no_signal_no_family_is_told_to_change(seed: int) -> None:
    frame = _without_signal(families=6, hires=500, seed=seed)
    current = pl.DataFrame(
        [
            {"job_family": f, "competency_code": c, "hiring_weight_pct": w}
            for f in frame["job_family"].unique().to_list()
            for c, w in BANK_CURRENT.items()
        ]
    )
    fits = competency.fit_families(frame, n_boot=200, seed=0)
    weights = competency.weights_table(fits, current)
    assert weights["job_family"].n_unique() == 6
    # What the data alone say is noise that can reach far (before: 100% on one competency).
    assert weights["data_ci_high"].max() > 40
    # The recommendation stays near the weight in force, and says why.
    gap = (weights["recommended_weight_pct"] - weights["current_weight_pct"]).abs()
    assert gap.max() < 3, weights.filter(gap == gap.max())
    assert weights["recommended_weight_pct"].max() < 30
    assert (weights["evidence"] == competency.EVIDENCE_WEAK).all()
    assert not weights["is_difference_significant"].any()
    assert weights["reading_en"].str.starts_with("Not enough evidence to change").all()
    assert weights["reading_zh"].str.starts_with("证据不足").all()
    for family in weights["job_family"].unique():
        fam = weights.filter(pl.col("job_family") == family)
        assert fam["recommended_weight_pct"].sum() == pytest.approx(100)


def test_planted_weights_within_3_points_where_the_evidence_is(current: pl.DataFrame) -> None:
    """A bank with the evidence (2,500 hires with a review per family): shrinkage moves the data's
    figures by a fraction of a point, and every weight is within 3 points of the planted one."""
    frame = synthetic.competency_frame(PLANTED, hires_per_family=5000, seed=6)
    weights = competency.weights_table(competency.fit_families(frame, n_boot=200), current)
    for family, planted in PLANTED.items():
        fam = weights.filter(pl.col("job_family") == family)
        got = dict(zip(fam["competency_code"], fam["recommended_weight_pct"], strict=True))
        for code in COMPETENCIES:
            assert got[code] == pytest.approx(planted.get(code, 0), abs=3)
        assert (fam["shrinkage"] > 0.98).all()
        moved = (fam["recommended_weight_pct"] - fam["data_weight_pct"]).abs()
        assert moved.max() < 0.5
        top = fam.filter(pl.col("competency_code").is_in(list(planted)))
        assert (top["evidence"] == competency.EVIDENCE_CHANGE).all()
        assert top["reading_en"].str.starts_with("Change from 14% to").all()


def test_shrinkage_keeps_weak_weights_near_the_current_one() -> None:
    """Precise data keep their figure, vague data leave the current weights where they are."""
    current = np.array([50.0, 50.0])
    point = np.array([70.0, 30.0])
    rng = np.random.default_rng(0)
    precise = point + rng.normal(0, 1.0, (500, 2))
    vague = point + rng.normal(0, 30.0, (500, 2))
    sharp, _, lam_sharp = competency.shrink_weights(point, precise, current, True)
    blurred, _, lam_vague = competency.shrink_weights(point, vague, current, True)
    assert lam_sharp > 0.99 and sharp == pytest.approx(point, abs=0.5)
    assert lam_vague == 0 and blurred == pytest.approx(current)
    flat, _, lam = competency.shrink_weights(point, precise, current, False)
    assert lam == 0 and flat == pytest.approx(current)


def test_signal_is_a_joint_test_of_the_coefficients() -> None:
    rng = np.random.default_rng(1)
    noise = rng.normal(0, 0.05, (300, 7))
    assert competency.has_signal(np.full(7, 0.2), noise + 0.2)
    assert not competency.has_signal(np.full(7, 0.01), noise + 0.01)
