"""End to end on a generated enterprise: generate, load, dbt build, pilot assets, pilot mart.

The generator plants weak AI-human agreement on risk awareness of customer managers and, when
asked, a scoring bias against one category; the pilot must find exactly those.
"""

from __future__ import annotations

import polars as pl
import pytest

from tests.pilot.enterprise_build import Built, dbt, generate_and_load, run_pilot

pytestmark = pytest.mark.slow
EMPLOYEES = 2000
SEED = 7
# The star schema without its own data tests: those belong to the warehouse tests, and a failing
# one would skip the models downstream of it. The pilot mart is built with its tests.
STAR = [
    "--exclude-resource-type",
    "test",
    "--exclude-resource-type",
    "unit_test",
    "--exclude",
    "path:models/marts/people",
    "path:models/marts/pilot",
]


@pytest.fixture(scope="session")
def enterprise(tmp_path_factory: pytest.TempPathFactory) -> Built:
    built = generate_and_load(tmp_path_factory.mktemp("pilot_enterprise"), EMPLOYEES, SEED)
    dbt(["build", *STAR], built)
    run_pilot(built)
    dbt(["build", "--select", "path:models/marts/pilot"], built)
    return built


@pytest.fixture(scope="session")
def biased(tmp_path_factory: pytest.TempPathFactory) -> Built:
    built = generate_and_load(
        tmp_path_factory.mktemp("pilot_biased"), EMPLOYEES, SEED, scoring_bias="sex:F"
    )
    # Only what the audit reads: the candidate dimension and the interview scores.
    dbt(["build", "--select", "+dim_candidate", "+fct_interview_scores", *STAR], built)
    from orchestration.defs import pilot

    run_pilot(built, [pilot.adverse_impact])
    return built


def test_agreement_fails_exactly_where_planted(enterprise: Built):
    card = enterprise.query(
        "select scope, status, figure, sample_size from marts.pilot_scorecard "
        "where criterion = 'ai_human_consistency'"
    )
    assert card.filter(pl.col("status") == "fail")["scope"].to_list() == [
        "customer_manager / risk_awareness"
    ]
    assert set(card.filter(pl.col("scope") != "customer_manager / risk_awareness")["status"]) <= {
        "pass",
        "insufficient",
    }


def test_agreement_matches_the_planted_truth(enterprise: Built):
    truth = enterprise.truth("agreement.json")["families"]
    ours = enterprise.query(
        "select job_family, competency, value, n_pairs from ml.ai_human_agreement "
        "where level = 'competency_family' and metric = 'within_one' and status = 'ok'"
    )
    assert ours.height > 0
    for row in ours.iter_rows(named=True):
        planted = truth[row["job_family"]][row["competency"]]
        # The truth pairs a human score with every AI assessment of the candidate, the mart with
        # the one it belongs to, and defects remove a few rows: close, not equal.
        assert row["value"] == pytest.approx(planted["observed_within_1"], abs=0.06)
        assert row["n_pairs"] <= planted["pairs"] * 1.02


def test_no_bias_planted_no_ai_category_flagged(enterprise: Built):
    flagged = enterprise.query(
        "select audit, dimension, category from ml.adverse_impact "
        "where flagged and audit in ('ai_score', 'ai_recommendation')"
    )
    assert flagged.is_empty(), flagged


def test_planted_bias_flags_exactly_that_category(biased: Built):
    assert biased.truth("bias.json")["category"] in ("sex:F", "F")
    flagged = biased.query(
        "select dimension, category from ml.adverse_impact where audit = 'ai_score' and flagged"
    )
    assert flagged.filter(pl.col("dimension") == "sex")["category"].to_list() == ["F"]
    # Age alone is not flagged; in the intersection only women's cells are.
    assert set(flagged["dimension"]) <= {"sex", "sex_x_age_band"}
    assert (
        flagged.filter(pl.col("dimension") == "sex_x_age_band")["category"]
        .str.starts_with("F|")
        .all()
    )


def test_scorecard_mart_has_every_criterion(enterprise: Built):
    card = enterprise.query("select * from marts.pilot_scorecard")
    assert card["scorecard_key"].is_unique().all()
    assert set(card["criterion"]) == {
        "integration_sync_success",
        "integration_conflict_rate",
        "ai_human_consistency",
        "hr_satisfaction",
        "candidate_satisfaction",
        "adverse_impact",
    }
    assert set(card["trend"].drop_nulls()) == {"new"}
