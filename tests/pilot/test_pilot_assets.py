"""The pilot's Dagster assets, materialized in process on a tiny warehouse."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import duckdb
import polars as pl
import pytest

from orchestration.defs import pilot
from orchestration.resources import WarehouseResource
from tests.pilot.tiny_warehouse import build_tiny_warehouse

ASSETS = [
    pilot.ai_human_agreement,
    pilot.adverse_impact,
    pilot.satisfaction,
    pilot.integration_health,
    pilot.pilot_scorecard_history,
]
CHECKS = [
    pilot.agreement_pairs_accounted,
    pilot.adverse_impact_people_accounted,
    pilot.pilot_criteria_pass,
]


def _materialize(tmp: Path) -> dg.ExecuteInProcessResult:
    resource = WarehouseResource(
        path=str(tmp / "warehouse.duckdb"), landing=str(tmp / "landing"), home=str(tmp)
    )
    return dg.materialize([*ASSETS, *CHECKS], resources={"warehouse": resource})


def _sql(tmp: Path, sql: str) -> pl.DataFrame:
    con = duckdb.connect(str(tmp / "warehouse.duckdb"), read_only=True)
    try:
        return con.sql(sql).pl()
    finally:
        con.close()


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("pilot_assets")
    build_tiny_warehouse(tmp / "warehouse.duckdb")
    first = _materialize(tmp)
    assert first.success
    checks = {e.check_name: e for e in first.get_asset_check_evaluations()}
    assert checks["agreement_pairs_accounted"].passed
    assert checks["adverse_impact_people_accounted"].passed
    # The planted weak agreement fails a criterion: the warning check says which.
    warn = checks["pilot_criteria_pass"]
    assert not warn.passed and warn.severity == dg.AssetCheckSeverity.WARN
    assert "risk_awareness" in warn.metadata["criteria"].value
    second = _materialize(tmp)
    assert second.success
    return tmp


def test_agreement_fails_exactly_where_planted(built: Path):
    card = _sql(
        built,
        "select scope, status from ml.pilot_scorecard_history "
        "where criterion = 'ai_human_consistency' and build_id = "
        "(select build_id from ml.pilot_scorecard_history order by built_at desc limit 1)",
    )
    failing = card.filter(pl.col("status") == "fail")["scope"].to_list()
    assert failing == ["customer_manager / risk_awareness"]
    assert card.height == 14 and set(card["status"]) == {"pass", "fail"}


def test_every_ml_table_is_written(built: Path):
    for table in ("ai_human_agreement", "adverse_impact", "satisfaction", "integration_health"):
        assert _sql(built, f"select count(*) as n from ml.{table}")["n"][0] > 0
    # Without a planted bias the AI-score audit flags nothing.
    flagged = _sql(built, "select * from ml.adverse_impact where audit = 'ai_score' and flagged")
    assert flagged.is_empty()


def test_two_builds_give_a_trend_and_alert_once(built: Path):
    history = _sql(built, "select build_id, trend, alert from ml.pilot_scorecard_history")
    assert history["build_id"].n_unique() == 2
    builds = history.group_by("build_id", maintain_order=True).agg(
        pl.col("trend").unique().alias("trends"), pl.col("alert").sum().alias("alerts")
    )
    first, second = builds.row(0, named=True), builds.row(1, named=True)
    assert first["trends"] == ["new"] and first["alerts"] >= 1
    # Same data, second build: every figure flat, no new crossing, no new alert.
    assert second["trends"] == ["flat"] and second["alerts"] == 0
    alerts = _sql(built, "select * from ml.pilot_alerts")
    assert alerts.height == first["alerts"]
    assert "customer_manager / risk_awareness" in alerts["scope"].to_list()
    # Alerts name criteria and figures, never a candidate.
    assert not alerts["message"].str.contains("C0000").any()
    # ... and went through the data-quality alerting, which records them in ops.alerts.
    sent = _sql(built, "select rule, asset, severity from ops.alerts where rule like 'pilot_%'")
    assert sent.height == alerts.height
    assert "pilot_scorecard/customer_manager/risk_awareness" in sent["asset"].to_list()


def test_planted_scoring_bias_is_flagged(tmp_path: Path):
    # 0.4 points is about 0.8 SD of the tiny enterprise's mean AI score. Seed 4: at seed 3 a
    # chance 2-of-9 among young men also survives Holm at 5% (a true false positive of the test).
    build_tiny_warehouse(tmp_path / "warehouse.duckdb", bias_points=0.4, seed=4)
    resource = WarehouseResource(
        path=str(tmp_path / "warehouse.duckdb"), landing=str(tmp_path), home=str(tmp_path)
    )
    assert dg.materialize([pilot.adverse_impact], resources={"warehouse": resource}).success
    flagged = _sql(
        tmp_path,
        "select dimension, category from ml.adverse_impact where audit = 'ai_score' and flagged",
    )
    assert flagged.filter(pl.col("dimension") == "sex")["category"].to_list() == ["F"]
    assert set(flagged["dimension"]) <= {"sex", "sex_x_age_band"}
    assert (
        flagged.filter(pl.col("dimension") == "sex_x_age_band")["category"]
        .str.starts_with("F|")
        .all()
    )


def test_pairs_are_formed_in_duckdb_exactly_as_pair_scores_forms_them(built: Path):
    """The asset pairs scores in SQL (nothing but the pairs is loaded); the pure function is
    the reference."""
    from analytics.pilot import pair_scores

    keys = ["assessment_id", "competency"]
    in_sql = _sql(built, pilot.PAIRS_SQL).sort(keys)
    in_polars = pair_scores(_sql(built, pilot.SCORES_SQL)).sort(keys)
    assert in_sql.height > 0
    assert in_sql.equals(in_polars.select(in_sql.columns))
