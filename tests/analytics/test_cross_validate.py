"""`analytics.retention.cross_validate` on another employer's frame: mixed types, missing values."""

from __future__ import annotations

import polars as pl
import pytest

from analytics.retention import cross_validate
from analytics.tabular import detect_features, encode_target
from tests.analytics import synthetic


@pytest.mark.parametrize("style", ["yes/no", "0/1", "bool"])
def test_cross_validate_mixed_frame_any_target_style(style: str) -> None:
    frame = synthetic.mixed_frame(rows=300, seed=1, target_style=style)
    assert frame["engagement"].null_count() > 0 and frame["department"].null_count() > 0
    result = cross_validate(frame, "attrition", folds=5, seed=0)
    # The planted signal is strong: a working pipeline clearly beats chance.
    assert result["roc_auc"] > 0.75
    assert 0 < result["brier"] < 0.25
    assert result["pr_auc"] > 0.5
    assert result["rows_used"] == 300 and result["rows_without_target"] == 0
    assert set(result["categorical_features"]) == {"department"}
    assert {"engagement", "overtime_hours", "remote", "hired_on"} == set(result["numeric_features"])
    assert "person_id" in result["dropped_columns"] and "constant" in result["dropped_columns"]


def test_same_result_for_equivalent_targets() -> None:
    yes_no = cross_validate(synthetic.mixed_frame(target_style="yes/no"), "attrition")
    zero_one = cross_validate(synthetic.mixed_frame(target_style="0/1"), "attrition")
    assert yes_no["roc_auc"] == pytest.approx(zero_one["roc_auc"])
    assert yes_no["brier"] == pytest.approx(zero_one["brier"])


def test_rows_without_target_are_counted_not_used() -> None:
    frame = synthetic.mixed_frame(rows=200, target_style="yes/no")
    frame = frame.with_columns(
        pl.when(pl.int_range(pl.len()) < 7)
        .then(None)
        .otherwise(pl.col("attrition"))
        .alias("attrition")
    )
    result = cross_validate(frame, "attrition", folds=3, seed=1, model="boosting")
    assert result["rows"] == 200 and result["rows_used"] == 193
    assert result["rows_without_target"] == 7
    assert result["model"] == "boosting" and result["folds"] == 3


def test_target_encoding() -> None:
    assert encode_target(pl.Series("t", ["Yes", "no ", "YES"])).tolist() == [1, 0, 1]
    assert encode_target(pl.Series("t", [0, 1, 1])).tolist() == [0, 1, 1]
    assert encode_target(pl.Series("t", ["是", "否"])).tolist() == [1, 0]
    assert encode_target(pl.Series("t", ["stayer", "leaver"])).tolist() == [0, 1]
    assert encode_target(pl.Series("t", ["apple", "pear"])).tolist() == [0, 1]
    with pytest.raises(ValueError):
        encode_target(pl.Series("t", ["a", "b", "c"]))


def test_type_detection() -> None:
    frame = synthetic.mixed_frame(rows=50)
    spec = detect_features(frame, target="attrition")
    assert "hired_on" in spec.numeric and "remote" in spec.numeric
    assert spec.dropped["constant"] == "a single value"
