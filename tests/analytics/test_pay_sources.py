"""Issue 22 part 4: the optional pay, engagement and time sources in the retention model.

On real DuckDB files: absent sources leave the model's input exactly as it was (no column, no
zero); present ones join with their gaps empty. A planted pay and engagement effect is found and
named in HR words; the leakage guard still refuses leaky columns among the new features.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import polars as pl
import pytest

from analytics import inputs, retention
from analytics.feature_words import source_driver_text, source_phrase
from analytics.io import read_query
from ingest.contract import PAY_ENGAGEMENT_SOURCES
from tests.analytics import synthetic

LABEL = retention.LABEL


def _planted_frame(employees: int = 1500, years: int = 5, seed: int = 4) -> pl.DataFrame:
    """Annual snapshots whose exits depend on pay against the midpoint, months without a raise
    and a falling engagement score (the same story the sample generator plants)."""
    rng = np.random.default_rng(seed)
    stability = rng.normal(size=employees)
    compa = np.clip(rng.normal(1.0, 0.1, employees), 0.7, 1.3)
    level = rng.normal(3.6, 0.5, employees)
    frames = []
    for k in range(years, -1, -1):
        tenure = rng.integers(6, 200, employees).astype(float)
        since_raise = rng.integers(0, 40, employees).astype(float)
        last = np.round(np.clip(level + rng.normal(0, 0.35, employees), 1, 5), 1)
        before = np.round(np.clip(level + rng.normal(0, 0.35, employees), 1, 5), 1)
        logit = (
            -3.0
            - 0.8 * stability
            + 1.2 * ((compa < 1.0) & (since_raise >= 24))
            + 3.0 * np.maximum(0, 1 - compa)
            - 1.0 * (last - 3.6)
            - 0.6 * (last - before)
        )
        left = rng.random(employees) < 1 / (1 + np.exp(-logit))
        frames.append(
            pl.DataFrame(
                {
                    "employee_key": [f"{i:08d}" for i in range(employees)],
                    "snapshot_date": [date(2026 - k, 1, 1)] * employees,
                    "tenure_months": tenure,
                    "ai_score_stability": np.clip(5 + 1.5 * stability, 0, 10),
                    "pay_to_midpoint": np.round(compa, 3),
                    "last_raise_months_ago": since_raise,
                    "engagement_score_last": last,
                    "engagement_score_change": np.round(last - before, 1),
                    LABEL: pl.Series([None] * employees, dtype=pl.Boolean)
                    if k == 0
                    else pl.Series(left),
                },
                strict=False,
            )
        )
    return pl.concat(frames).with_columns(pl.col(LABEL).cast(pl.Boolean))


def test_optional_source_drivers_speak_hr_words() -> None:
    assert source_phrase("pay_to_midpoint", 0.88, None) == "pay 12% below the band midpoint"
    assert source_phrase("pay_to_midpoint", 1.05, None) == "pay 5% above the band midpoint"
    assert source_phrase("last_raise_months_ago", 26, None) == "no raise for 26 months"
    fell = source_phrase("engagement_score_change", -1.2, 2.9)
    assert fell == "engagement score fell from 4.1 to 2.9"
    assert source_phrase("engagement_score_change", -1.2, None) == (
        "engagement score fell by 1.2 points"
    )
    assert source_phrase("overtime_hours_avg_6m", 38.0, None) == (
        "38 hours of overtime a month over the last six months"
    )
    assert source_driver_text("pay_to_midpoint", 0.88, None, 0.031) == (
        "Pay 12% below the band midpoint raises risk by 3.1 pts"
    )
    # The pages word them in Chinese (and French) from the catalogs: tests/dashboard/test_labels.py.


def test_the_model_finds_the_planted_pay_and_engagement_effect_and_names_it() -> None:
    frame = _planted_frame()
    run = retention.run_retention(frame, seed=0)
    groups = retention.history_groups(frame.columns)
    assert groups["pay"] == ("pay_to_midpoint", "last_raise_months_ago")
    assert groups["engagement"] == ("engagement_score_last", "engagement_score_change")
    assert set(groups["pay"] + groups["engagement"]) <= set(run.final_model.spec.columns)
    scores = run.scores.join(
        frame.filter(pl.col("snapshot_date") == date(2026, 1, 1)), on=retention.KEYS
    )
    stalled = (pl.col("pay_to_midpoint") < 0.95) & (pl.col("last_raise_months_ago") >= 24)
    risk = scores.group_by(stalled.alias("stalled")).agg(pl.col("p_exit_12m").mean())
    by = dict(risk.iter_rows())
    assert by[True] > 1.8 * by[False], by  # planted: x3.3 and more below the midpoint
    low = scores.filter(pl.col("engagement_score_last") <= 3.0)["p_exit_12m"].mean()
    high = scores.filter(pl.col("engagement_score_last") >= 4.2)["p_exit_12m"].mean()
    assert low > 2 * high, (low, high)
    texts = pl.concat(
        [scores[f"driver_{k}_text"] for k in range(1, retention.TOP_DRIVERS + 1)]
    ).to_list()
    assert any(t.startswith("Pay ") and "below the band midpoint raises risk" in t for t in texts)
    assert any(t.startswith("No raise for ") and "raises risk" in t for t in texts)
    assert any(t.startswith("Engagement score fell from ") for t in texts)
    # Never a feature name in a driver of these sources.
    for name in groups["pay"] + groups["engagement"]:
        assert not any(name in t for t in texts)
    # The stalled-pay staff hear it among their reasons.
    stalled_rows = scores.filter(stalled & (pl.col("risk_band") == "high"))
    assert stalled_rows.height > 0
    mentioned = stalled_rows.select(
        pl.any_horizontal(
            pl.col(f"driver_{k}_text").str.contains("band midpoint|No raise for")
            for k in range(1, retention.TOP_DRIVERS + 1)
        )
    ).to_series()
    assert mentioned.mean() > 0.8


def _write_mart(path: Path, frame: pl.DataFrame, sources: pl.DataFrame | None) -> None:
    with duckdb.connect(str(path)) as con:
        con.execute("create schema marts")
        mart = frame.drop("true_p")  # noqa: F841 (read by DuckDB below)
        con.execute("create table marts.retention_features as select * from mart")
        if sources is not None:
            con.execute("create table marts.retention_source_features as select * from sources")


def _empty_sources() -> pl.DataFrame:
    return pl.DataFrame(
        schema={
            "employee_key": pl.String,
            "snapshot_date": pl.Date,
            **{c: pl.Float64 for c in inputs.SOURCE_FEATURE_COLUMNS},
        }
    )


def test_absent_sources_leave_the_model_input_and_its_result_as_before(tmp_path: Path) -> None:
    frame = synthetic.retention_features(employees=600, years=4, seed=3)
    before, after = tmp_path / "before.duckdb", tmp_path / "after.duckdb"
    _write_mart(before, frame, None)  # a warehouse from before the optional sources
    _write_mart(after, frame, _empty_sources())  # built today, no source delivered

    def model_input(path: Path) -> tuple[dict, pl.DataFrame, pl.DataFrame]:
        with duckdb.connect(str(path), read_only=True) as con:
            profile = inputs.retention_profile(con)
            plan = retention.plan_training(profile, inputs.retention_columns(con))
            return inputs.retention_columns(con), profile, inputs.retention_rows(con, plan)

    cols_before, profile_before, rows_before = model_input(before)
    cols_after, profile_after, rows_after = model_input(after)
    assert cols_after == cols_before
    assert not set(inputs.SOURCE_FEATURE_COLUMNS) & set(cols_after)
    assert profile_after.equals(profile_before) and rows_after.equals(rows_before)
    a = retention.run_retention(rows_before, seed=0).evaluation.metrics
    b = retention.run_retention(rows_after, seed=0).evaluation.metrics
    assert a.equals(b)
    assert "pay" not in a["history_note"][0] and "engagement" not in a["history_note"][0]


def test_present_sources_join_with_their_gaps_empty_never_zero(tmp_path: Path) -> None:
    frame = synthetic.retention_features(employees=300, years=2, seed=5)
    keys = frame.select(retention.KEYS).head(100)
    sources = pl.concat(
        [_empty_sources(), keys.with_columns(pay_to_midpoint=pl.lit(0.9))], how="diagonal"
    )
    path = tmp_path / "w.duckdb"
    _write_mart(path, frame, sources)
    with duckdb.connect(str(path), read_only=True) as con:
        assert inputs.source_feature_columns(con) == ["pay_to_midpoint"]  # only what has data
        loaded = inputs.retention_features(con)
    assert loaded.height == frame.height
    assert loaded["pay_to_midpoint"].null_count() == frame.height - 100
    assert "engagement_score_last" not in loaded.columns


def test_the_leakage_guard_still_refuses_leaky_columns_among_the_new_features() -> None:
    frame = _planted_frame(employees=600, years=4, seed=9)
    left = pl.col(LABEL).cast(pl.Float64)
    rng = np.random.default_rng(1)
    noise = pl.Series(rng.uniform(0, 3, frame.height))
    leaky = frame.with_columns(
        # A final settlement the payroll books when someone leaves: named for the exit.
        pay_termination_settlement=pl.when(left == 1).then(30000.0).otherwise(0.0),
        # An exit-interview question the survey tool files under the engagement survey.
        engagement_exit_interview=pl.when(left == 1).then(1 + noise / 3).otherwise(None),
        # Absence counted up to the last day of the outcome window: near-perfect on its own
        # (today's staff have their days so far).
        absence_days_window=(left * 20).fill_null(0.0) + noise,
    )
    run = retention.run_retention(leaky, seed=0)
    refused = run.final_model.spec.refused
    assert {
        "pay_termination_settlement",
        "engagement_exit_interview",
        "absence_days_window",
    } <= set(refused), refused
    assert "pay_to_midpoint" in run.final_model.spec.columns
    metrics = run.evaluation.metrics.filter(pl.col("is_chosen")).row(0, named=True)
    assert not metrics["is_suspect"] and metrics["roc_auc"] < 0.95


@pytest.mark.slow
def test_generated_sources_feed_the_model_through_the_warehouse(tmp_path: Path) -> None:
    """Generator -> ingest -> dbt -> retention, on a bank with the three optional sources."""
    from ingest.load import load_landing
    from sample_enterprise import generate
    from sample_enterprise.bank.pay_sources import PaySourceParams
    from tests.analytics.test_enterprise import _dbt

    as_of = date(2026, 12, 4)
    landing, path = tmp_path / "landing", tmp_path / "warehouse.duckdb"
    generate(landing, 800, seed=5, as_of=as_of, pay=PaySourceParams())
    with duckdb.connect(str(path)) as con:
        load_landing(con, landing, load_id="pay-e2e", as_of=as_of)
        rows = dict(
            con.execute(
                "select source, sum(rows_read) from raw.load_manifest group by source"
            ).fetchall()
        )
        assert all(rows.get(s, 0) > 0 for s in PAY_ENGAGEMENT_SOURCES)
    _dbt(tmp_path, path, "seed")
    _dbt(tmp_path, path, "run", "--select", "+retention_source_features")
    with duckdb.connect(str(path), read_only=True) as con:
        assert inputs.source_feature_columns(con) == list(inputs.SOURCE_FEATURE_COLUMNS)
        profile = inputs.retention_profile(con)
        plan = retention.plan_training(profile, inputs.retention_columns(con))
        features = inputs.retention_rows(con, plan)
        stats = con.execute(
            "select min(pay_to_midpoint), max(pay_to_midpoint), max(last_raise_months_ago), "
            "min(engagement_score_last), max(overtime_hours_avg_6m) "
            "from marts.retention_source_features"
        ).fetchall()[0]
    low, high, months, engagement, overtime = stats
    # The generator's planted spread reaches the mart: pay on both sides of the midpoint, raises
    # years apart, disengaged people and heavy overtime.
    assert 0.6 < low < 0.95, low
    assert 1.05 < high < 1.4, high
    assert months >= 36, months
    assert 1 <= engagement < 3, engagement
    assert overtime > 20, overtime
    assert {"pay", "engagement", "time"} <= set(plan.notes) | set(
        retention.history_groups(features.columns)
    )
    run = retention.run_retention(features, seed=0, plan=plan)
    assert set(inputs.SOURCE_FEATURE_COLUMNS) <= set(run.final_model.spec.columns)
    texts = pl.concat([run.scores[f"driver_{k}_text"] for k in (1, 2, 3)]).to_list()
    assert any("band midpoint" in t or t.startswith("No raise for") for t in texts)
    assert any(t.startswith("Engagement score") for t in texts)


MAPPED_EXPORTS = {
    "compensation": (
        "Emp No,Effective,Grade,Monthly Base,Range Min,Range Max,Reason,Entered\r\n"
        "1001,03/01/2024,4,8800,8000,12000,Merit,2024-03-02 10:00:00\r\n"
        "1002,04/01/2024,3,7000,7200,10800,New Hire,2024-04-01 09:00:00\r\n"
        "1003,04/01/2024,3,7000,7200,10800,Bonus,2024-04-01 09:00:00\r\n"
    ),
    "engagement_surveys": (
        "Response,Employee,Submitted,Engagement Index\n"
        "R1,1001,15.04.2025,4.1\n"
        "R2,1002,15.04.2025,2.9\n"
        "R3,1003,15.04.2025,7.5\n"
    ),
    "time_records": (
        "Employee,Period,OT Hours,Sick Days,Updated\n"
        "1001,2025-03,12.5,0,2025-04-03 09:00:00\n"
        "1002,2025-03,41,2,2025-04-03 09:00:00\n"
        "1003,2025-13,3,0,2025-04-03 09:00:00\n"
    ),
}


@pytest.mark.parametrize("source", PAY_ENGAGEMENT_SOURCES)
def test_the_mapping_examples_bring_a_foreign_export_to_the_contract(
    source: str, tmp_path: Path
) -> None:
    """docs/mappings/<source>.toml: two rows load, the third is quarantined with file, line
    and rule (an unknown change reason, a score off the 1-5 scale, a 13th month)."""
    from ingest.load import load_source
    from ingest.mapping import load_mapping
    from ingest.raw_schema import create_raw_tables

    mapping = load_mapping(Path(__file__).parents[2] / "docs" / "mappings" / f"{source}.toml")
    landing = tmp_path / "landing"
    (landing / source).mkdir(parents=True)
    text = MAPPED_EXPORTS[source]
    (landing / source / "export.csv").write_bytes(text.encode("cp1252"))
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        create_raw_tables(con)
        result = load_source(
            con, landing, source, load_id="L1", as_of=date(2025, 6, 30), mapping=mapping
        )
        assert (result.rows_read, result.rows_loaded, result.rows_quarantined) == (3, 2, 1)
        quarantined = con.execute("select file, line, rule, field from raw.quarantine").fetchall()
        loaded = read_query(con, f"select * from raw.{source} order by _line")
    rule, field = {
        "compensation": ("not_allowed", "change_reason"),
        "engagement_surveys": ("out_of_range", "engagement_score"),
        "time_records": ("bad_type", "month"),
    }[source]
    assert quarantined == [(f"{source}/export.csv", 4, rule, field)]
    assert loaded["employee_id"].to_list() == ["1001", "1002"]
    if source == "compensation":
        assert loaded["effective_date"].to_list() == [date(2024, 3, 1), date(2024, 4, 1)]
        assert loaded["change_reason"].to_list() == ["annual_raise", "hire"]
        assert loaded["band_midpoint"].null_count() == 2  # derived in stg_payroll__compensation
    if source == "time_records":
        assert loaded["month"].to_list() == [date(2025, 3, 1)] * 2
