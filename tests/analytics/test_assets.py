"""The talent-model assets, materialized in-process on a tiny warehouse built in a temp dir."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import dagster as dg
import duckdb
import numpy as np
import polars as pl
import pytest

from analytics import inputs, retention
from analytics.io import read_table, write_table
from orchestration.defs import analytics as analytics_defs
from orchestration.resources import WarehouseResource
from sample_enterprise.bank.bank_vocabulary import COMPETENCIES
from tests.analytics import synthetic

FAMILIES = {
    "teller": {"customer_service": 50, "risk_awareness": 30, "communication": 20},
    "it_developer": {"problem_solving": 60, "stability": 40},
}


def _tiny_marts(con: duckdb.DuckDBPyConnection) -> None:
    """The marts the model assets read, filled with small synthetic data."""
    features = synthetic.retention_features(employees=300, years=3, seed=7).drop("true_p")
    features = features.with_columns(
        (pl.col("employee_key") + ":" + pl.col("snapshot_date").cast(pl.String)).alias(
            "retention_feature_key"
        ),
        (pl.col("snapshot_date") == pl.col("snapshot_date").max()).alias("is_current_snapshot"),
    )
    write_table(con, "retention_features", features, schema="marts")

    perf = synthetic.competency_frame(FAMILIES, hires_per_family=200, seed=8)
    keys = [f"{i:08d}" for i in range(perf.height)]
    perf = perf.with_columns(
        pl.when(pl.col("is_hired")).then(pl.Series(keys)).alias("employee_key"),
        pl.lit("BR001").alias("branch_code"),
        pl.lit("social").alias("recruiting_channel"),
        pl.lit("v2.1").alias("model_version"),
    )
    write_table(con, "competency_performance", perf, schema="marts")

    model = pl.DataFrame(
        [
            {
                "job_family": f,
                "competency_code": c,
                "required_level": 6.5,
                "hiring_weight_pct": 100 / 7,
                "is_current": True,
            }
            for f in FAMILIES
            for c in COMPETENCIES
        ]
    )
    write_table(con, "dim_job_competency", model, schema="marts")

    hires = perf.filter(pl.col("is_hired"))
    employees = hires.select(
        "employee_key",
        "job_family",
        pl.lit(date(2015, 1, 1)).alias("valid_from"),
        pl.lit(date(9999, 12, 31)).alias("valid_to"),
        pl.lit(True).alias("is_current"),
        pl.lit(True).alias("is_active"),
    )
    write_table(con, "dim_employee", employees, schema="marts")
    scores = hires.select(
        "employee_key",
        pl.col("assessment_id"),
        pl.lit("ai").alias("rater_type"),
        pl.lit(date(2022, 3, 1)).alias("interview_date"),
        *[pl.col(f"ai_score_{c}").alias(c) for c in COMPETENCIES],
    ).unpivot(
        index=["employee_key", "assessment_id", "rater_type", "interview_date"],
        variable_name="competency_code",
        value_name="score",
    )
    write_table(con, "fct_interview_scores", scores, schema="marts")

    rng = np.random.default_rng(9)
    rows = []
    for key in hires["employee_key"].to_list():
        for q in range(8):
            start = date(2023 + q // 4, 1 + 3 * (q % 4), 1)
            rows.append((key, f"{start.year}Q{q % 4 + 1}", start, float(rng.normal(6, 1))))
    reviews = pl.DataFrame(
        rows,
        schema=["employee_key", "review_period", "period_start_date", "review_score"],
        orient="row",
    )
    write_table(con, "fct_performance_reviews", reviews, schema="marts")
    courses = pl.DataFrame(
        {
            "course_code": [f"CRS{i:03d}" for i in range(len(COMPETENCIES))],
            "competency_code": list(COMPETENCIES),
            "course_name_en": [f"Course on {c}" for c in COMPETENCIES],
            "course_hours": [8.0] * len(COMPETENCIES),
        }
    )
    write_table(con, "dim_course", courses, schema="marts")
    takers = hires["employee_key"].to_list()[::4]
    enroll = pl.DataFrame(
        {
            "employee_key": takers,
            "course_code": ["CRS000"] * len(takers),
            "is_completed": [True] * len(takers),
            "completed_date": [date(2024, 2, 10)] * len(takers),
            "enrolled_at": [datetime(2024, 1, 5)] * len(takers),
        }
    )
    write_table(con, "fct_training_enrollments", enroll, schema="marts")


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> WarehouseResource:
    home = tmp_path_factory.mktemp("tl_home")
    path = Path(home) / "warehouse.duckdb"
    with duckdb.connect(str(path)) as con:
        _tiny_marts(con)
    return WarehouseResource(path=str(path), landing=str(home / "landing"), home=str(home))


@pytest.fixture(scope="module")
def result(warehouse: WarehouseResource) -> dg.ExecuteInProcessResult:
    defs = analytics_defs.defs
    return dg.materialize(
        [*defs.assets, *defs.asset_checks],
        resources={"warehouse": warehouse},
        raise_on_error=True,
    )


def test_all_assets_materialize_and_checks_pass(result: dg.ExecuteInProcessResult) -> None:
    assert result.success
    keys = {
        e.event_specific_data.materialization.asset_key
        for e in result.get_asset_materialization_events()
    }
    expected = {
        analytics_defs.ml_key(t)
        for t in [
            *analytics_defs.RETENTION_TABLES,
            *analytics_defs.COMPETENCY_TABLES,
            *analytics_defs.HIRING_TABLES,
            *analytics_defs.TRAINING_TABLES,
        ]
    }
    assert keys == expected
    checks = result.get_asset_check_evaluations()
    assert len(checks) == 3 and all(c.passed for c in checks)


def test_metrics_reported_as_metadata(result: dg.ExecuteInProcessResult) -> None:
    mats = {
        e.event_specific_data.materialization.asset_key: e.event_specific_data.materialization
        for e in result.get_asset_materialization_events()
    }
    meta = mats[analytics_defs.ml_key("retention_metrics")].metadata
    assert meta["chosen_model"].value in ("logistic", "boosting")
    assert 0.5 < meta["logistic_roc_auc"].value <= 1
    assert "boosting_pr_auc" in meta and "test_rows" in meta
    weights = mats[analytics_defs.ml_key("competency_weights")].metadata
    assert weights["families_fitted"].value == 2
    assert weights["top3_it_developer"].value.startswith("problem_solving")


def test_ml_tables_written(warehouse: WarehouseResource, result: dg.ExecuteInProcessResult) -> None:
    with warehouse.connect(read_only=True) as con:
        scores = read_table(con, "ml.retention_scores")
        current = con.execute(
            "select count(*) from marts.retention_features where is_current_snapshot"
        ).fetchall()[0][0]
        weights = read_table(con, "ml.competency_weights")
        recs = read_table(con, "ml.training_recommendations")
        hires = read_table(con, "ml.hire_predictions")
        hired = con.execute(
            "select count(*) from marts.competency_performance where is_hired"
        ).fetchall()[0][0]
    assert scores.height == current
    assert weights.group_by("job_family").agg(pl.col("recommended_weight_pct").sum())[
        "recommended_weight_pct"
    ].to_list() == pytest.approx([100, 100])
    assert recs.height > 0 and recs["reason"].null_count() == 0
    assert hires.height == hired  # every hire kept, with or without a prediction


def test_profile_in_duckdb_equals_the_polars_profile(warehouse: WarehouseResource) -> None:
    with warehouse.connect(read_only=True) as con:
        in_sql = inputs.retention_profile(con)
        frame = read_table(con, "marts.retention_features")
    assert in_sql.equals(retention.snapshot_profile(frame))


def test_only_the_planned_rows_and_model_columns_are_loaded(
    warehouse: WarehouseResource,
) -> None:
    with warehouse.connect(read_only=True) as con:
        frame = read_table(con, "marts.retention_features")
        plan = retention.plan_training(
            inputs.retention_profile(con), inputs.retention_columns(con), max_train_rows=150
        )
        loaded = inputs.retention_rows(con, plan, seed=0)
    assert retention.SAMPLE_RANK in loaded.columns
    assert not {"retention_feature_key", "is_current_snapshot"} & set(loaded.columns)
    counts = loaded.group_by("snapshot_date", retention.LABEL).agg(
        pl.len().alias("loaded"), pl.col(retention.SAMPLE_RANK).max().alias("top_rank")
    )
    full = frame.group_by("snapshot_date", retention.LABEL).len()
    joined = full.join(counts, on=["snapshot_date", retention.LABEL], how="left", nulls_equal=True)
    fractions = plan.load_fractions()
    for day, label, rows, got, top in joined.iter_rows():
        share = fractions.get(day, 0.0)
        want = int(np.ceil(rows * share)) if share < 1 else rows
        assert (got or 0) == want, (day, label)
        assert top is None or top == want  # the first ranks of the stratum
    # Run on the loaded rows, the model sees the capped sample and every test row.
    run = retention.run_retention(loaded, seed=0, plan=plan)
    metrics = run.evaluation.metrics.row(0, named=True)
    assert metrics["train_rows"] <= 150 + plan.strata.height
    assert (
        metrics["test_rows"]
        == frame.filter(
            (pl.col("snapshot_date") == plan.cutoff) & pl.col(retention.LABEL).is_not_null()
        ).height
    )
    assert run.scores.height == frame.filter(pl.col("is_current_snapshot")).height


def test_review_job_family_is_the_version_valid_at_the_period_start() -> None:
    """A review takes the family of the version covering its period's start; in a gap between
    versions, or before the first, the current version's family."""
    con = duckdb.connect()
    con.execute("create schema marts")
    con.execute(
        """
        create table marts.dim_employee as select * from (values
            ('A', date '2023-01-01', date '2023-06-30', 'teller', false),
            ('A', date '2023-07-01', date '9999-12-31', 'it_developer', true),
            ('B', date '2023-01-01', date '2023-03-31', 'teller', false),
            ('B', date '2023-07-01', date '9999-12-31', 'manager', true),
            ('C', date '2024-01-01', date '9999-12-31', 'teller', true)
        ) as t(employee_key, valid_from, valid_to, job_family, is_current)
        """
    )
    con.execute(
        """
        create table marts.fct_performance_reviews as select * from (values
            ('A', '2023Q1', date '2023-01-01', 3.0),
            ('A', '2023Q3', date '2023-07-01', 4.0),
            ('A', '2023Q2', date '2023-04-01', 3.5),
            ('B', '2023Q2', date '2023-04-01', 2.0),
            ('B', '2023Q1', date '2023-01-01', 2.5),
            ('C', '2023Q4', date '2023-10-01', 5.0)
        ) as t(employee_key, review_period, period_start_date, review_score)
        """
    )
    got = inputs.performance_reviews(con)
    assert got.select("employee_key", "job_family", "period_start").rows() == [
        ("A", "it_developer", date(2023, 7, 1)),
        ("A", "teller", date(2023, 1, 1)),
        ("A", "teller", date(2023, 4, 1)),
        ("B", "manager", date(2023, 4, 1)),  # in the gap: the current family
        ("B", "teller", date(2023, 1, 1)),
        ("C", "teller", date(2023, 10, 1)),  # before the first version: the current family
    ]
