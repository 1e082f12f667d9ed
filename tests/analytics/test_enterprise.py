"""End to end on a generated 20,000-employee enterprise: generator -> ingest -> dbt -> models.

Checks the done-when figures of the talent models against the planted truth in `_truth/`:
the retention model's ROC AUC on the later test snapshot against the AUC of the generator's
true probabilities on the same rows, its calibration, and the recovered competency weights.
Slow (several minutes): run with `-m slow`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import dagster as dg
import duckdb
import numpy as np
import polars as pl
import pytest
from sklearn.metrics import roc_auc_score

from analytics.io import read_query, read_table
from analytics.retention import LABEL
from ingest.settings import DBT_PROJECT_DIR, PROJECT_ROOT
from orchestration.defs import analytics as analytics_defs
from orchestration.resources import WarehouseResource
from sample_enterprise.bank.bank_vocabulary import COMPETENCIES

pytestmark = pytest.mark.slow

EMPLOYEES = int(os.environ.get("TL_ANALYTICS_EMPLOYEES", "20000"))
SEED = int(os.environ.get("TL_ANALYTICS_SEED", "11"))
AS_OF = date(2026, 10, 31)
DBT = str(Path(sys.executable).parent / "dbt")


@dataclass(frozen=True)
class Enterprise:
    root: Path
    landing: Path
    warehouse: WarehouseResource

    @property
    def truth(self) -> Path:
        return self.landing / "_truth"


def _dbt(root: Path, warehouse: Path, *args: str) -> None:
    env = {**os.environ, "TALENTLOOP_WAREHOUSE": str(warehouse)}
    cmd = [
        DBT,
        *args,
        "--project-dir",
        str(DBT_PROJECT_DIR),
        "--profiles-dir",
        str(DBT_PROJECT_DIR),
        "--target-path",
        str(root / "dbt_target"),
        "--log-path",
        str(root / "dbt_logs"),
    ]
    done = subprocess.run(cmd, env=env, cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-4000:]


def generator_params():
    """The generator's defaults, except for how far back the bank's records reach.

    The done-when figures compare the models with the planted truth, so the test bank keeps the
    records that truth acts through (see "Sample enterprise" in docs/models.md):
    * the AI interview covers every hire of the whole history (`ai_start_years_before =
      history_years`, full coverage from the start), and the history is long enough that nearly
      everyone on the payroll at the test snapshots was hired within it: with the defaults (four
      years of AI interviews) most staff carry no trace of the stability and culture fit that
      drive their exits;
    * performance reviews cover the whole history too, so every AI-assessed hire is reviewed
      from the start of the employment: a hire seen only because they stayed until the review
      system's first quarter is a survivor, and survival depends on stability and culture fit;
    * training goes back ten years, so every retention snapshot has training figures.
    """
    from sample_enterprise import GeneratorParams

    history = int(os.environ.get("TL_ANALYTICS_HISTORY_YEARS", "30"))
    training = int(os.environ.get("TL_ANALYTICS_TRAINING_YEARS", "10"))
    return GeneratorParams(
        history_years=history,
        ai_start_years_before=history,
        ai_coverage_start=1.0,
        review_history_years=history,
        training_history_years=training,
    )


@pytest.fixture(scope="session")
def enterprise(tmp_path_factory: pytest.TempPathFactory) -> Enterprise:
    from ingest.load import load_landing
    from sample_enterprise import generate

    root = tmp_path_factory.mktemp("analytics_enterprise")
    landing = root / "landing"
    generate(landing, EMPLOYEES, seed=SEED, as_of=AS_OF, params=generator_params())
    path = root / "warehouse.duckdb"
    with duckdb.connect(str(path)) as con:
        load_landing(con, landing, load_id="analytics-e2e", as_of=AS_OF)
    # Upstream marts are built here; their tests belong to the warehouse suite, ours run below.
    _dbt(root, path, "seed")
    _dbt(
        root,
        path,
        "run",
        "--select",
        "+marts.features +marts.people +dim_job_competency",
        "--exclude",
        # The people marts made from the ml.* tables, and everything built on them.
        "employee_portraits+ hiring_quality+",
    )
    warehouse = WarehouseResource(path=str(path), landing=str(landing), home=str(root))
    defs = analytics_defs.defs
    result = dg.materialize([*defs.assets, *defs.asset_checks], resources={"warehouse": warehouse})
    assert result.success
    _dbt(root, path, "build", "--select", "marts.people")
    return Enterprise(root, landing, warehouse)


def true_probability(
    rows: pl.DataFrame, employees: pl.DataFrame, params, hide_unobserved: bool = False
) -> np.ndarray:
    """The generator's own 12-month voluntary-exit probability at each row's snapshot date.

    Uses the planted latent traits and the generator's monthly hazard over the 12 months after
    the snapshot, with the grade held at the snapshot's grade. With `hide_unobserved`, stability
    and culture fit are set to their mean for rows without an AI interview before the snapshot:
    the best any model can do from data the bank actually holds about those people.
    """
    from sample_enterprise.bank.population import voluntary_hazard

    joined = rows.join(employees, on="employee_key", how="left")
    latent = joined.select([f"latent_{c}" for c in COMPETENCIES]).to_numpy().astype(float)
    if hide_unobserved:
        unseen = ~joined["has_ai_interview"].to_numpy()
        for c in ("stability", "culture_fit"):
            latent[unseen, COMPETENCIES.index(c)] = 0.0
    train_z = joined["training_engagement"].to_numpy().astype(float)
    perf_z = joined["true_performance"].to_numpy().astype(float)
    grade = joined["grade"].fill_null(joined["grade_truth"]).to_numpy().astype(float)
    snap = joined["snapshot_date"].cast(pl.Date).cast(pl.Int64).to_numpy()
    hire = joined["hire_date_truth"].cast(pl.Date).cast(pl.Int64).to_numpy()
    survive = np.ones(joined.height)
    for k in range(12):
        tenure = (snap + round(k * 30.44) - hire) / 30.44
        survive *= 1 - voluntary_hazard(params, tenure, grade, latent, train_z, perf_z)
    return 1 - survive


@pytest.fixture(scope="session")
def truth_employees(enterprise: Enterprise) -> pl.DataFrame:
    truth = pl.read_csv(
        enterprise.truth / "employees.csv",
        try_parse_dates=True,
        # Read every row for the types: a long history starts with exited spells, whose empty
        # `p_exit_12m` would otherwise make the column text.
        infer_schema_length=None,
        schema_overrides={"employee_key": pl.String},
    )
    return truth.rename({"hire_date": "hire_date_truth", "grade": "grade_truth"})


@pytest.fixture(scope="session")
def retention_report(enterprise: Enterprise, truth_employees: pl.DataFrame) -> dict:
    """Model against truth on the later test snapshot, written to retention_report.json."""
    with enterprise.warehouse.connect(read_only=True) as con:
        metrics = read_table(con, "ml.retention_metrics")
        cutoff = metrics["cutoff_date"][0]
        rows = read_query(
            con,
            f"select employee_key, snapshot_date, grade, has_ai_interview, {LABEL} "
            f"from marts.retention_features "
            f"where snapshot_date >= date '{cutoff}' and {LABEL} is not null",
        )
        predictions = read_table(con, "ml.retention_scores")
    y = rows[LABEL].cast(pl.Int8).to_numpy()
    params = generator_params()
    p_true = true_probability(rows, truth_employees, params)
    p_seen = true_probability(rows, truth_employees, params, hide_unobserved=True)
    chosen = metrics.filter(pl.col("is_chosen")).row(0, named=True)
    report = {
        "employees": EMPLOYEES,
        "test_rows": rows.height,
        "test_leavers": int(y.sum()),
        "test_rows_with_ai_interview": int(rows["has_ai_interview"].sum()),
        "truth_auc": round(roc_auc_score(y, p_true), 4),
        "truth_auc_observable": round(roc_auc_score(y, p_seen), 4),
        **{
            f"{r['model']}_{m}": round(r[m], 4)
            for r in metrics.iter_rows(named=True)
            for m in ("roc_auc", "pr_auc", "brier", "calibration_error")
        },
        "chosen": chosen["model"],
        "chosen_roc_auc": round(chosen["roc_auc"], 4),
        "chosen_calibration_error": round(chosen["calibration_error"], 4),
        "history_note": chosen["history_note"],
        "current_scored": predictions.height,
    }
    report["ratio_to_truth"] = round(chosen["roc_auc"] / report["truth_auc"], 4)
    report["ratio_to_observable_truth"] = round(
        chosen["roc_auc"] / report["truth_auc_observable"], 4
    )
    truth_p = truth_employees.filter(pl.col("p_exit_12m").is_not_null()).select(
        "employee_key", pl.col("p_exit_12m").alias("p_truth")
    )
    now = predictions.join(truth_p, on="employee_key", how="inner")
    report["current_mean_predicted"] = round(float(now["p_exit_12m"].mean()), 4)
    report["current_mean_truth"] = round(float(now["p_truth"].mean()), 4)
    report["current_auc_against_truth_top_decile"] = round(
        roc_auc_score(
            (now["p_truth"] >= now["p_truth"].quantile(0.9)).to_numpy(),
            now["p_exit_12m"].to_numpy(),
        ),
        4,
    )
    (enterprise.root / "retention_report.json").write_text(json.dumps(report, indent=2))
    print(json.dumps(report))
    assert chosen["test_rows"] == rows.height
    return report


def test_retention_labels_match_truth(
    enterprise: Enterprise, truth_employees: pl.DataFrame
) -> None:
    """The label is a voluntary exit within 12 months of the snapshot, as the generator drew it."""
    with enterprise.warehouse.connect(read_only=True) as con:
        rows = read_query(
            con,
            f"select employee_key, snapshot_date, {LABEL} from marts.retention_features "
            f"where {LABEL} is not null",
        )
    joined = rows.join(truth_employees, on="employee_key", how="inner").with_columns(
        (
            (pl.col("exit_type") == "voluntary")
            & (pl.col("exit_date") >= pl.col("snapshot_date"))
            & (pl.col("exit_date") < pl.col("snapshot_date").dt.offset_by("12mo"))
        )
        .fill_null(False)
        .alias("truth_label")
    )
    assert joined.height == rows.height
    agreement = (joined[LABEL] == joined["truth_label"]).mean()
    # Exit rows the ingest had to quarantine (planted defects) are the only allowed difference.
    assert agreement > 0.995


def test_retention_reaches_95_percent_of_what_the_data_allows(retention_report: dict) -> None:
    assert retention_report["ratio_to_observable_truth"] >= 0.95, retention_report
    assert retention_report["chosen_calibration_error"] < 0.01, retention_report


def test_retention_auc_at_least_95_percent_of_full_truth(retention_report: dict) -> None:
    """Issue 4: ROC AUC on the later test snapshot >= 0.95 x the AUC of the generator's true
    probabilities on the same rows (every latent trait known, not only the observable ones)."""
    assert retention_report["ratio_to_truth"] >= 0.95, retention_report
    assert retention_report["chosen_calibration_error"] < 0.01, retention_report


@pytest.fixture(scope="session")
def weights_report(enterprise: Enterprise) -> dict:
    effects = json.loads((enterprise.truth / "effects.json").read_text())["families"]
    with enterprise.warehouse.connect(read_only=True) as con:
        weights = read_table(con, "ml.competency_weights")
    report = {}
    for family, planted in effects.items():
        fam = weights.filter(pl.col("job_family") == family).sort("recommended_rank")
        got = dict(zip(fam["competency_code"], fam["recommended_weight_pct"], strict=True))
        ideal = planted["ideal_hiring_weights"]
        report[family] = {
            "hires": int(fam["hires"][0]),
            "top3": fam["competency_code"].to_list()[:3],
            "planted_top3": planted["top3"],
            "recommended": {c: round(got[c], 1) for c in COMPETENCIES},
            "planted": ideal,
            "max_abs_diff": round(max(abs(got[c] - ideal[c]) for c in COMPETENCIES), 2),
            "planted_outside_95pct_interval": [
                r["competency_code"]
                for r in fam.iter_rows(named=True)
                if not r["recommended_ci_low"]
                <= ideal[r["competency_code"]]
                <= r["recommended_ci_high"]
            ],
        }
    (enterprise.root / "weights_report.json").write_text(json.dumps(report, indent=2))
    print(json.dumps(report))
    return report


def test_competency_weights_recover_planted_top_three_order(weights_report: dict) -> None:
    for family, r in weights_report.items():
        assert r["top3"] == r["planted_top3"], (family, r)


def test_competency_weights_within_5_points(weights_report: dict) -> None:
    """Issue 4: each recommended weight within 5 points of the planted (ideal) one."""
    for family, r in weights_report.items():
        assert r["max_abs_diff"] <= 5, (family, r)


def test_portraits_cover_every_active_employee(
    enterprise: Enterprise, truth_employees: pl.DataFrame
) -> None:
    active = truth_employees.filter(pl.col("p_exit_12m").is_not_null()).height
    with enterprise.warehouse.connect(read_only=True) as con:
        portraits = read_table(con, "marts.employee_portraits")
        hires = read_table(con, "marts.hiring_quality")
        on_payroll = con.execute(
            "select count(distinct employee_key) from marts.dim_employee "
            "where is_current and is_active"
        ).fetchall()[0][0]
    assert portraits.height == on_payroll
    assert portraits["employee_key"].n_unique() == portraits.height
    # The warehouse's payroll differs from the truth only by planted defects: an exit row the
    # ingest had to quarantine leaves that person on the payroll, a quarantined HR row may drop
    # one. A long history has many exit rows, so the bound is the planted count itself.
    quarantined = (
        pl.read_csv(enterprise.truth / "quarantine.csv")
        .filter(pl.col("source").is_in(["exits", "hr_employees"]))
        .height
    )
    assert abs(portraits.height - active) <= quarantined
    assert portraits["segment"].null_count() == 0
    # Only people who joined in the current (incomplete) month are not scored yet.
    unscored = portraits.filter(pl.col("p_exit_12m").is_null())
    assert unscored.height < 0.02 * active
    assert (unscored["tenure_months"].fill_null(0) <= 1).all()
    assert hires["predicted_performance"].null_count() < hires.height
