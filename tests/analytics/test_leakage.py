"""The leakage guard on an HR export with planted leaks, in cross-validation and the production fit.

The export is shaped like the public IBM attrition data set; the leaks are the ones a real HRIS
export brought (employment status, termination reason and date, numeric employee IDs) and a
near-copy of the outcome under a name that says nothing.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import polars as pl
import pytest

from analytics import leakage, retention
from analytics.retention import LABEL, cross_validate
from tests.analytics import synthetic

LEGITIMATE = (
    "Age",
    "BusinessTravel",
    "Department",
    "JobLevel",
    "MaritalStatus",
    "MonthlyIncome",
    "OverTime",
    "YearsAtCompany",
    "JobSatisfaction",
    "TotalWorkingYears",
)


def _with_hris_leaks(frame: pl.DataFrame, seed: int = 3) -> pl.DataFrame:
    """The columns a real HRIS export carries beside the outcome."""
    rng = np.random.default_rng(seed)
    left = (frame["Attrition"] == "Yes").to_numpy()
    n = frame.height
    reasons = rng.choice(["Another position", "More money", "Relocation", "Career change"], n)
    exit_days = rng.integers(0, 365, n)
    return frame.with_columns(
        pl.Series("EmploymentStatus", np.where(left, "Voluntarily Terminated", "Active")),
        pl.Series("TermReason", np.where(left, reasons, "N/A - still employed")),
        pl.Series(
            "DateofTermination",
            [
                date(2025, 1, 1) + timedelta(days=int(d)) if v else None
                for v, d in zip(left, exit_days, strict=True)
            ],
            dtype=pl.Date,
        ),
        pl.Series(
            "离职日期",
            [
                f"2025-{1 + d % 12:02d}-01" if v else None
                for v, d in zip(left, exit_days, strict=True)
            ],
        ),
        # Numeric IDs, shuffled (not in row order) but handed out in sequence.
        pl.Series("EmpID", rng.permutation(np.arange(10_001, 10_001 + n))),
        # A near-copy of the outcome under a name that says nothing (a field HR fills at exit).
        pl.Series("q17", left.astype(float) + rng.normal(0, 0.1, n)),
    )


PLANTED = ("EmploymentStatus", "TermReason", "DateofTermination", "离职日期", "EmpID", "q17")


@pytest.fixture(scope="module")
def export() -> pl.DataFrame:
    return synthetic.attrition_export(rows=1470, seed=7)


def test_planted_leaks_are_refused_with_reasons_and_the_score_is_the_clean_one(
    export: pl.DataFrame,
) -> None:
    clean = cross_validate(export, "Attrition", folds=5, seed=0)
    leaky = cross_validate(_with_hris_leaks(export), "Attrition", folds=5, seed=0)
    refused = leaky["leakage_dropped"]
    assert set(PLANTED) <= set(refused), refused
    assert "the name says" in refused["EmploymentStatus"]
    assert "the name says" in refused["TermReason"]
    assert "the name says" in refused["DateofTermination"]
    assert "离职" in refused["离职日期"]
    assert refused["EmpID"].startswith("identifier")
    assert "almost perfectly" in refused["q17"]
    # The IBM-style employee number runs with the row order: an identifier as well.
    assert refused["EmployeeNumber"].startswith("identifier")
    # Every legitimate column is kept, and the result is the one without the leaks.
    kept = set(leaky["numeric_features"]) | set(leaky["categorical_features"])
    assert set(LEGITIMATE) <= kept
    assert not set(PLANTED) & kept
    assert leaky["roc_auc"] == pytest.approx(clean["roc_auc"])
    assert 0.7 < leaky["roc_auc"] < 0.95
    assert not leaky["suspect"] and leaky["verdict"] == "ok"
    # The constant columns of the export are dropped as before, not as leaks.
    assert leaky["dropped_columns"]["EmployeeCount"] == "a single value"
    assert "EmployeeCount" not in refused


def test_a_near_perfect_result_is_suspect_never_a_plain_success(export: pl.DataFrame) -> None:
    """Six answers of an exit survey, each alone below the single-column bar, together give the
    outcome away: the guard cannot name them, so the verdict must."""
    rng = np.random.default_rng(5)
    left = (export["Attrition"] == "Yes").to_numpy().astype(float)
    items = {f"item_{k}": left + rng.normal(0, 0.8, export.height) for k in range(6)}
    result = cross_validate(export.with_columns(**items), "Attrition", folds=5, seed=0)
    assert not {f"item_{k}" for k in range(6)} & set(result["leakage_dropped"])
    assert result["roc_auc"] > leakage.SUSPECT_MODEL_AUC
    assert result["suspect"] and result["verdict"].startswith("suspect")


def test_dates_after_the_prediction_date_are_refused(export: pl.DataFrame) -> None:
    rng = np.random.default_rng(2)
    left = (export["Attrition"] == "Yes").to_numpy()
    # The last review is dated before the export date for stayers; the leavers' file was closed
    # with a review after it. Neither the name nor (here) a single-column AUC gives it away.
    days = np.where(left & (rng.random(export.height) < 0.5), 30, -30) + rng.integers(
        -20, 20, export.height
    )
    frame = export.with_columns(
        pl.Series("LastReviewDate", [date(2025, 6, 30) + timedelta(days=int(d)) for d in days])
    )
    as_of = date(2025, 6, 30)
    result = cross_validate(frame, "Attrition", folds=5, seed=0, as_of=as_of)
    assert "after the prediction date" in result["leakage_dropped"]["LastReviewDate"]
    assert (
        "LastReviewDate" in cross_validate(frame, "Attrition", folds=5, seed=0)["numeric_features"]
    )


@pytest.mark.parametrize(
    ("name", "leaky"),
    [
        ("EmploymentStatus", True),
        ("EmpStatusID", True),
        ("Termd", True),
        ("TermReason", True),
        ("exit_type", True),
        ("separation_date", True),
        ("IsActive", True),
        ("Attrition_Flag", True),
        ("员工状态", True),
        ("离职原因", True),
        ("是否在职", True),
        ("MaritalStatus", False),
        ("MaritalStatusID", False),
        ("Department", False),
        ("long_term_bonus", False),
        ("婚姻状态", False),
        ("在职时长", False),
        ("LastPerformanceReview_Date", False),
    ],
)
def test_outcome_words_in_english_and_chinese(name: str, leaky: bool) -> None:
    assert (leakage.outcome_word(name) is not None) == leaky


def test_identifiers_by_value_not_only_by_name() -> None:
    rng = np.random.default_rng(0)
    n = 500
    assert leakage.identifier_reason(pl.Series("x1", rng.permutation(n) + 70_000)) is not None
    assert leakage.identifier_reason(pl.Series("x2", np.sort(rng.choice(10**6, n)))) is not None
    # Pay can be distinct on every row, but it is not handed out in sequence.
    pay = pl.Series("pay", rng.choice(np.arange(30_000, 250_000), n, replace=False))
    assert leakage.identifier_reason(pay) is None
    assert leakage.identifier_reason(pl.Series("score", rng.normal(size=n))) is None
    assert leakage.identifier_reason(pl.Series("grade", rng.integers(1, 9, n))) is None


def _panel_with_leaks(frame: pl.DataFrame, seed: int = 4) -> pl.DataFrame:
    """The retention mart with what an export may add: status, exit reason, an employee number
    (one per person, repeated each snapshot), a contract end dated after the snapshot for leavers,
    and an exit score."""
    rng = np.random.default_rng(seed)
    left = frame[LABEL].fill_null(False).to_numpy()
    n = frame.height
    ends = np.where(left, rng.integers(1, 300, n), -rng.integers(1, 300, n))
    return frame.with_columns(
        pl.Series("employee_status", np.where(left, "terminated", "active")),
        pl.Series(
            "exit_reason_code", np.where(left, rng.choice(["R1", "R2", "R3"], n), "")
        ).replace("", None),
        pl.col("employee_key").cast(pl.Int64).add(880_000).alias("staff_number"),
        (
            pl.col("snapshot_date")
            + pl.Series(ends)
            .cast(pl.Int64)
            .map_elements(lambda d: timedelta(days=d), return_dtype=pl.Duration)
        ).alias("contract_end_date"),
        pl.Series("exit_score", left + rng.normal(0, 0.05, n)),
    )


def test_the_production_fit_refuses_planted_leaks(retention_frame: pl.DataFrame) -> None:
    frame = _panel_with_leaks(retention_frame.drop("true_p"))
    run = retention.run_retention(frame, seed=0)
    planted = {
        "employee_status",
        "exit_reason_code",
        "staff_number",
        "contract_end_date",
        "exit_score",
    }
    for model in (*run.evaluation.models.values(), run.final_model):
        assert not planted & set(model.spec.columns)
        assert planted <= set(model.spec.refused)
    metrics = run.evaluation.metrics
    for name in planted:
        assert metrics["refused_columns"].str.contains(name).all()
    assert "after the prediction date" in run.final_model.spec.refused["contract_end_date"]
    assert run.final_model.spec.refused["staff_number"].startswith("identifier")
    assert not metrics["is_suspect"].any() and (metrics["verdict"] == "ok").all()
    # The planted features are all still there.
    assert {"ai_score_stability", "tenure_months", "perf_score_avg_8q"} <= set(
        run.final_model.spec.columns
    )
