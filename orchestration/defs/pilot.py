"""The AI-interview pilot scorecard as Dagster assets.

Four `ml.*` tables computed by `analytics.pilot` from the star schema (AI-human agreement,
adverse-impact audit, satisfaction, integration health), then `ml.pilot_scorecard_history`: every
build appends each criterion with its figure, threshold, status and the trend against the previous
build. The dbt model `pilot_scorecard` (models/marts/pilot) serves the latest build of it. A
criterion that enters or leaves "fail"/"review" is appended to `ml.pilot_alerts` and sent through
`orchestration.alerting.send_alert` (channels, grouping, `ops.alerts`).

No `from __future__ import annotations` here: Dagster inspects the `context` annotation.
"""

import os
from datetime import UTC, datetime

import dagster as dg
import duckdb
import polars as pl

from analytics.pilot import (
    add_trend,
    agreement_table,
    alert_message,
    build_scorecard,
    impact_ratios,
    integration_health_table,
    load_thresholds,
    satisfaction_table,
)
from analytics.pilot.adverse_impact import OUTPUT_SCHEMA as AUDIT_SCHEMA
from analytics.pilot.scorecard import CRITERIA
from analytics.threads import one_blas_thread
from ingest.contract import SOURCES
from orchestration.alerting import Alert, AlertConfig, load_alert_config, send_alert
from orchestration.resources import WarehouseResource

GROUP = "pilot"
AGREEMENT_KEY = dg.AssetKey(["ml", "ai_human_agreement"])
IMPACT_KEY = dg.AssetKey(["ml", "adverse_impact"])
SATISFACTION_KEY = dg.AssetKey(["ml", "satisfaction"])
HEALTH_KEY = dg.AssetKey(["ml", "integration_health"])
SCORECARD_KEY = dg.AssetKey(["ml", "pilot_scorecard_history"])

# --- reading the star schema -------------------------------------------------------------------
# The only place that knows the marts' column names: analytics.pilot works on plain frames.

SCORES_SQL = """
select
    assessment_id,
    competency_code as competency,
    rater_type,
    score,
    is_blind,
    job_family,
    model_version,
    interview_date as assessed_date,
    interview_date as recorded_at
from marts.fct_interview_scores
where assessment_id is not null
"""

# `analytics.pilot.pair_scores` of SCORES_SQL, done where the scores are: one row per assessment
# and competency scored by both the AI and a human (the blind human score preferred, then the
# latest), so that only the pairs, not every score, are loaded (tests/pilot compares the two).
# The human scores, the fewer, are reduced to one per assessment and competency first; the AI
# scores are then only joined to them, never grouped whole.
_SCORES_CTE = """
scores as (
    select
        assessment_id,
        competency_code as competency,
        lower(rater_type) as rater,
        score,
        coalesce(is_blind, false) as is_blind,
        job_family,
        model_version,
        interview_date as assessed_date,
        -- An unknown time ranks below every known one.
        coalesce(interview_date, date '0001-01-01') as recorded_at
    from marts.fct_interview_scores
    where assessment_id is not null and score is not null
)
"""
PAIRS_SQL = f"""
with {_SCORES_CTE},
human as (
    select
        assessment_id,
        competency,
        arg_max({{'score': score, 'is_blind': is_blind}}, {{'b': is_blind, 'r': recorded_at}})
            as pick
    from scores
    where rater = 'human'
    group by assessment_id, competency
),
joined as (
    select
        ai.assessment_id,
        ai.competency,
        ai.job_family,
        ai.model_version,
        ai.assessed_date,
        ai.recorded_at,
        ai.score as ai_score,
        human.pick
    from scores as ai
    inner join human
        on ai.assessment_id = human.assessment_id and ai.competency = human.competency
    where ai.rater = 'ai'
)
select
    assessment_id,
    competency,
    job_family,
    model_version,
    strftime(assessed_date, '%Y-%m') as month,
    ai_score,
    pick.score as human_score,
    pick.is_blind
from joined
qualify row_number() over (
    partition by assessment_id, competency order by recorded_at desc
) = 1
"""
# How many pairs there are, counted independently of PAIRS_SQL: the assessments x competencies
# with a human score that also have an AI score.
PAIR_COUNT_SQL = f"""
with {_SCORES_CTE},
human as (select distinct assessment_id, competency from scores where rater = 'human')
select count(*)
from human
where exists (
    select 1
    from scores as ai
    where ai.rater = 'ai'
        and ai.assessment_id = human.assessment_id
        and ai.competency = human.competency
)
"""

# One row per candidate (people, not attempts, are what an audit counts): sex and age from the
# latest assessment, the AI's latest recommendation, whether the candidate became an employee, and
# the AI score of the latest assessment = mean of its competency scores. The mean is rounded to
# 9 decimals: DuckDB adds in parallel, in no fixed order, and a candidate whose mean equals the
# median would otherwise fall on either side of it from one build to the next.
AUDIT_UNITS_SQL = """
with ai as (
    select candidate_key, assessment_id, interview_date, round(avg(score), 9) as ai_score
    from marts.fct_interview_scores
    where rater_type = 'ai'
    group by candidate_key, assessment_id, interview_date
),
latest as (
    select candidate_key, ai_score
    from ai
    qualify row_number() over (
        partition by candidate_key order by interview_date desc, assessment_id desc
    ) = 1
)
select
    c.candidate_key,
    c.sex,
    cast(extract(year from c.latest_assessed_at) - c.birth_year as bigint) as age,
    c.latest_ai_recommendation = 'advance' as ai_advanced,
    coalesce(c.is_hired, false) as hired,
    latest.ai_score
from marts.dim_candidate as c
left join latest on c.candidate_key = latest.candidate_key
"""

SURVEY_SQL = """
select response_id, respondent_type, question_code, answer_score as answer
from marts.fct_survey_responses
where answer_score is not null
"""

MANIFEST_SQL = """
select load_id, source, file, status, rows_read, rows_loaded, rows_quarantined, loaded_at
from raw.load_manifest
"""

ID_SUMMARY_SQL = """
select
    source_name as source,
    load_id,
    ids_seen as ids_total,
    ids_matched,
    ids_conflicting
from marts.id_resolution_summary
where not is_all_loads
"""

# (audit name, outcome, column): the AI's own decision, the final hiring decision, the AI score.
AUDITS: tuple[tuple[str, str, str], ...] = (
    ("ai_score", "scoring", "ai_score"),
    ("ai_recommendation", "selection", "ai_advanced"),
    ("hire_decision", "selection", "hired"),
)


def _frame(con: duckdb.DuckDBPyConnection, sql: str) -> pl.DataFrame:
    return con.sql(sql).pl()


def _relation_exists(con: duckdb.DuckDBPyConnection, schema: str, name: str) -> bool:
    found = con.execute(
        "select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
        [schema, name],
    ).fetchall()[0]
    return bool(found and found[0])


def _replace_table(con: duckdb.DuckDBPyConnection, name: str, frame: pl.DataFrame) -> None:
    con.execute("create schema if not exists ml")
    con.register("_pilot_frame", frame)
    try:
        con.execute(f"create or replace table ml.{name} as select * from _pilot_frame")
    finally:
        con.unregister("_pilot_frame")


def _append_table(con: duckdb.DuckDBPyConnection, name: str, frame: pl.DataFrame) -> None:
    con.execute("create schema if not exists ml")
    con.register("_pilot_frame", frame)
    try:
        if _relation_exists(con, "ml", name):
            con.execute(f"insert into ml.{name} by name select * from _pilot_frame")
        else:
            con.execute(f"create table ml.{name} as select * from _pilot_frame")
    finally:
        con.unregister("_pilot_frame")


def _built_at() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


# --- the four figures ------------------------------------------------------------------------------


@dg.asset(
    key=AGREEMENT_KEY,
    group_name=GROUP,
    deps=[dg.AssetKey("fct_interview_scores")],
    kinds={"duckdb", "polars"},
    description=(
        "AI vs human scores on the candidates both assessed (blind human score preferred): share "
        "within one point, quadratic-weighted kappa, ICC(A,1), mean difference and limits of "
        "agreement with 95% intervals, per competency x job family x model version x month and "
        "rolled up."
    ),
)
def ai_human_agreement(warehouse: WarehouseResource) -> dg.MaterializeResult:
    thresholds = load_thresholds()
    with warehouse.connect() as con:
        pairs = _frame(con, PAIRS_SQL)
        with one_blas_thread():
            table = agreement_table(pairs, thresholds)
        table = table.with_columns(pl.lit(_built_at()).alias("built_at"))
        _replace_table(con, "ai_human_agreement", table)
    headline = table.filter(
        (pl.col("level") == "competency_family")
        & (pl.col("metric") == "within_one")
        & (pl.col("status") == "ok")
    )
    return dg.MaterializeResult(
        metadata={
            "pairs": pairs.height,
            "blind_pairs": int(pairs["is_blind"].sum()),
            "rows": table.height,
            "cells_below_threshold": int((headline["value"] < thresholds.within_one_min).sum()),
            "cells_insufficient": table.filter(
                (pl.col("level") == "competency_family") & (pl.col("status") == "insufficient")
            )
            .select("competency", "job_family")
            .unique()
            .height,
        }
    )


@dg.asset_check(
    asset=AGREEMENT_KEY,
    description="Every pair is counted once at the competency level (no pair lost or doubled).",
    blocking=True,
)
def agreement_pairs_accounted(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    with warehouse.connect() as con:
        pairs = con.execute(PAIR_COUNT_SQL).fetchall()[0][0]
        counted = con.execute(
            "select coalesce(sum(n_pairs), 0) from ml.ai_human_agreement "
            "where level = 'competency' and metric = 'within_one'"
        ).fetchall()[0][0]
    return dg.AssetCheckResult(
        passed=bool(pairs == counted),
        severity=dg.AssetCheckSeverity.ERROR,
        metadata={"pairs": pairs, "counted": int(counted)},
    )


@dg.asset(
    key=IMPACT_KEY,
    group_name=GROUP,
    deps=[dg.AssetKey("fct_interview_scores"), dg.AssetKey("dim_candidate")],
    kinds={"duckdb", "polars"},
    description=(
        "Adverse-impact audit after NYC's AEDT rules, one row per audit x dimension x category: "
        "AI score (scoring rate above the median), AI recommendation 'advance' and hire decision "
        "(selection rates), by sex, age band, under/over 35 and sex x age band."
    ),
)
def adverse_impact(warehouse: WarehouseResource) -> dg.MaterializeResult:
    thresholds = load_thresholds()
    with warehouse.connect() as con:
        units = _frame(con, AUDIT_UNITS_SQL)
        parts = []
        for audit, outcome, column in AUDITS:
            audited = units.select(
                "sex",
                "age",
                pl.col(column).alias("score" if outcome == "scoring" else "selected"),
            )
            if outcome == "scoring":
                # A candidate without any AI competency score cannot be scored: not in this audit.
                audited = audited.filter(pl.col("score").is_not_null())
            parts.append(impact_ratios(audited, outcome, audit, thresholds))
        table = (pl.concat(parts) if parts else pl.DataFrame(schema=AUDIT_SCHEMA)).with_columns(
            pl.lit(_built_at()).alias("built_at")
        )
        _replace_table(con, "adverse_impact", table)
    flagged = table.filter(pl.col("flagged"))
    return dg.MaterializeResult(
        metadata={
            "candidates": units.height,
            "rows": table.height,
            "flagged": flagged.height,
            # Category labels only (e.g. "F", "35_plus"): aggregates, no personal data.
            "flagged_categories": ", ".join(
                f"{r['audit']}:{r['dimension']}={r['category']}"
                for r in flagged.iter_rows(named=True)
            )
            or "none",
            "below_four_fifths": int(table["below_four_fifths"].fill_null(False).sum()),
        }
    )


@dg.asset_check(
    asset=IMPACT_KEY,
    description="Per audit and dimension the categories (with unknowns) add up to the sample.",
    blocking=True,
)
def adverse_impact_people_accounted(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    with warehouse.connect() as con:
        bad = con.execute(
            "select count(*) from (select audit, dimension, sum(n) as n, max(n_sample) as s "
            "from ml.adverse_impact group by all) where n <> s"
        ).fetchall()[0][0]
    return dg.AssetCheckResult(
        passed=bool(bad == 0), severity=dg.AssetCheckSeverity.ERROR, metadata={"mismatches": bad}
    )


@dg.asset(
    key=SATISFACTION_KEY,
    group_name=GROUP,
    deps=[dg.AssetKey("fct_survey_responses")],
    kinds={"duckdb", "polars"},
    description=(
        "HR users' and candidates' satisfaction with the AI interview: share answering 4-5 per "
        "question and overall (questionnaires with a mean answer of 4 or more), Wilson 95% CI."
    ),
)
def satisfaction(warehouse: WarehouseResource) -> dg.MaterializeResult:
    thresholds = load_thresholds()
    with warehouse.connect() as con:
        responses = _frame(con, SURVEY_SQL)
        table = satisfaction_table(responses, thresholds).with_columns(
            pl.lit(_built_at()).alias("built_at")
        )
        _replace_table(con, "satisfaction", table)
    overall = {
        f"{r['respondent_type']}_overall": r["share_satisfied"]
        for r in table.filter(pl.col("question_code") == "overall").iter_rows(named=True)
    }
    return dg.MaterializeResult(
        metadata={"answers": responses.height, "rows": table.height, **overall}
    )


@dg.asset(
    key=HEALTH_KEY,
    group_name=GROUP,
    deps=[dg.AssetKey("id_resolution_summary")],
    kinds={"duckdb", "polars"},
    description=(
        "Integration health per source and load: files, rows quarantined, ID sync success and "
        "conflict rates from the crosswalk, and whether the source is late against its cadence."
    ),
)
def integration_health(warehouse: WarehouseResource) -> dg.MaterializeResult:
    thresholds = load_thresholds()
    as_of_env = os.environ.get("TALENTLOOP_AS_OF")
    as_of = datetime.fromisoformat(as_of_env) if as_of_env else _built_at()
    with warehouse.connect() as con:
        manifest = _frame(con, MANIFEST_SQL)
        ids = _frame(con, ID_SUMMARY_SQL)
        cadence = {name: s.cadence_days for name, s in SOURCES.items()}
        table = integration_health_table(manifest, ids, cadence, as_of, thresholds).with_columns(
            pl.lit(_built_at()).alias("built_at")
        )
        _replace_table(con, "integration_health", table)
    latest = table.filter(pl.col("is_latest_load"))
    return dg.MaterializeResult(
        metadata={
            "rows": table.height,
            "sources": latest.height,
            "late_sources": ", ".join(latest.filter(pl.col("is_late"))["source"]) or "none",
            "rows_quarantined": int(table["rows_quarantined"].sum()),
            "min_sync_success": latest["sync_success_rate"].min(),
            "max_conflict_rate": latest["conflict_rate"].max(),
        }
    )


# --- the scorecard ---------------------------------------------------------------------------------


def _alert_for(row: dict, run_id: str, config: AlertConfig) -> Alert:
    """An alert for one crossing: criterion, scope and figures only, never a person."""
    # The scope is part of the asset name so that two scopes failing together are not grouped.
    scope = row["scope"].replace(" / ", "/").replace(" ", "_")
    counts = {"sample_size": int(row["n"] or 0)}
    if row["figure"] is not None:
        counts["figure_permille"] = int(round(row["figure"] * 1000))
    counts["threshold_permille"] = int(round(row["threshold"] * 1000))
    return Alert(
        rule=f"pilot_{row['criterion']}",
        severity="ERROR" if row["status"] == "fail" else "WARN",
        counts=counts,
        run_id=run_id,
        run_url=config.run_url(run_id),
        asset=f"pilot_scorecard/{scope}",
        summary=row["message"],
    )


def _send_alerts(
    con: duckdb.DuckDBPyConnection, alerts: pl.DataFrame, run_id: str, home: str
) -> int:
    """Send each crossing through the data-quality alerting (grouping, retries, ops.alerts)."""
    config = load_alert_config(home=home)
    for row in alerts.iter_rows(named=True):
        send_alert(_alert_for(row, run_id, config), config, con=con)
    return alerts.height


def _latest_build(con: duckdb.DuckDBPyConnection) -> pl.DataFrame | None:
    if not _relation_exists(con, "ml", "pilot_scorecard_history"):
        return None
    return _frame(
        con,
        "select * from ml.pilot_scorecard_history "
        "where built_at = (select max(built_at) from ml.pilot_scorecard_history)",
    )


@dg.asset(
    key=SCORECARD_KEY,
    group_name=GROUP,
    deps=[AGREEMENT_KEY, IMPACT_KEY, SATISFACTION_KEY, HEALTH_KEY],
    kinds={"duckdb", "polars"},
    description=(
        "Every pilot criterion per build: figure, threshold (pilot_thresholds.toml), status and "
        "trend vs the previous build; crossings are appended to ml.pilot_alerts and alerted."
    ),
)
def pilot_scorecard_history(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    thresholds = load_thresholds()
    built_at = _built_at()
    with warehouse.connect() as con:
        current = build_scorecard(
            _frame(con, "select * from ml.ai_human_agreement"),
            _frame(con, "select * from ml.adverse_impact"),
            _frame(con, "select * from ml.satisfaction"),
            _frame(con, "select * from ml.integration_health"),
            thresholds,
        )
        card = add_trend(current, _latest_build(con)).with_columns(
            pl.lit(context.run.run_id).alias("build_id"),
            pl.lit(built_at).alias("built_at"),
            pl.col("criterion").replace_strict(CRITERIA, default=None).alias("description"),
        )
        _append_table(con, "pilot_scorecard_history", card)
        alerts = card.filter(pl.col("alert")).with_columns(
            pl.struct(pl.all()).map_elements(alert_message, return_dtype=pl.String).alias("message")
        )
        if alerts.height:
            _append_table(
                con,
                "pilot_alerts",
                alerts.select(
                    "build_id",
                    "built_at",
                    "criterion",
                    "scope",
                    "figure",
                    "threshold",
                    "previous_status",
                    "status",
                    "alert_reason",
                    "message",
                ),
            )
            _send_alerts(con, alerts, context.run.run_id, warehouse.home)
    for message in alerts["message"]:
        context.log.warning(message)
    counts = card.group_by("status").len()
    return dg.MaterializeResult(
        metadata={
            "criteria": card.height,
            **{f"status_{r['status']}": r["len"] for r in counts.iter_rows(named=True)},
            "alerts": alerts.height,
        }
    )


@dg.asset_check(
    asset=SCORECARD_KEY,
    description="The latest build passes every pilot criterion (warns; the build goes on).",
)
def pilot_criteria_pass(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    with warehouse.connect() as con:
        latest = _latest_build(con)
    failing = (
        latest.filter(pl.col("status").is_in(["fail", "review"])) if latest is not None else None
    )
    n_failing = 0 if failing is None else failing.height
    criteria = (
        ", ".join(f"{r['criterion']}({r['scope']})" for r in failing.iter_rows(named=True))
        if n_failing
        else "none"
    )
    return dg.AssetCheckResult(
        passed=n_failing == 0,
        severity=dg.AssetCheckSeverity.WARN,
        # The reason a build's summary and the alert show: never empty.
        description=(
            f"{n_failing} pilot criteria fail or need review: {criteria}"
            if n_failing
            else "every pilot criterion passes"
        ),
        metadata={
            "failing": n_failing,
            "criteria": criteria,
        },
    )


defs = dg.Definitions(
    assets=[
        ai_human_agreement,
        adverse_impact,
        satisfaction,
        integration_health,
        pilot_scorecard_history,
    ],
    asset_checks=[agreement_pairs_accounted, adverse_impact_people_accounted, pilot_criteria_pass],
)
