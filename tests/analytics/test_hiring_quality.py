"""Predicted against observed performance of hires, by dimension."""

from __future__ import annotations

import polars as pl

from analytics import hiring_quality
from tests.analytics import synthetic


def test_predictions_are_out_of_sample_and_every_hire_is_kept() -> None:
    frame = synthetic.competency_frame({"teller": {"customer_service": 100}}, hires_per_family=400)
    frame = frame.with_columns(
        pl.when(pl.int_range(pl.len()) % 2 == 0)
        .then(pl.lit("BR001"))
        .otherwise(pl.lit("BR002"))
        .alias("branch_code"),
        pl.lit("v2.1").alias("model_version"),
        pl.lit("campus").alias("recruiting_channel"),
    )
    predicted = hiring_quality.predict_hire_performance(frame)
    assert predicted.height == frame.height
    rated = predicted.filter(pl.col("performance_score").is_not_null())
    assert rated["predicted_performance"].null_count() == 0
    assert predicted.filter(pl.col("performance_score").is_null())[
        "predicted_performance"
    ].null_count() == (frame["performance_score"].null_count())
    corr = rated.select(pl.corr("predicted_performance", "performance_score")).item()
    assert corr > 0.6
    summary = hiring_quality.summarize_hiring_quality(predicted)
    assert set(summary["dimension"].unique().to_list()) == {
        "job_family",
        "branch_code",
        "recruiting_channel",
        "model_version",
    }
    by_branch = summary.filter(pl.col("dimension") == "branch_code")
    assert by_branch["hires"].sum() == rated.height
    assert (summary["mean_gap"].abs() < 0.2).all()


def test_too_few_hires_gives_typed_empty_tables() -> None:
    frame = synthetic.competency_frame({"teller": {"customer_service": 100}}, hires_per_family=6)
    predicted = hiring_quality.predict_hire_performance(frame)
    assert predicted.height == frame.height
    assert predicted["predicted_performance"].null_count() == frame.height
    summary = hiring_quality.summarize_hiring_quality(predicted)
    assert summary.is_empty() and "mean_gap" in summary.columns
