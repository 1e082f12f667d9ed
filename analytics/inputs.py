"""The mart queries the model assets start from (the read side of the DuckDB layer)."""

from __future__ import annotations

import duckdb
import polars as pl

from analytics import retention
from analytics.io import read_query

MARTS = "marts"
RETENTION = f"{MARTS}.retention_features"
# Features from the optional pay, engagement and time sources (issue 22 part 4), one row per
# employee and snapshot they cover: joined to RETENTION only for the columns that hold data, so
# a bank without those sources reads exactly the mart it read before they existed.
SOURCE_FEATURES = f"{MARTS}.retention_source_features"
SOURCE_FEATURE_COLUMNS = (
    "pay_to_midpoint",
    "last_raise_months_ago",
    "last_raise_pct",
    "engagement_score_last",
    "engagement_score_change",
    "overtime_hours_avg_6m",
    "absence_days_6m",
)
# DuckDB types that `_has_data` treats as counts (polars' is_numeric): zero means "no data".
_NUMERIC_TYPES = (
    "TINYINT",
    "SMALLINT",
    "INTEGER",
    "BIGINT",
    "HUGEINT",
    "UTINYINT",
    "USMALLINT",
    "UINTEGER",
    "UBIGINT",
    "UHUGEINT",
    "FLOAT",
    "DOUBLE",
    "DECIMAL",
)


def source_feature_columns(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The optional sources' feature columns that hold at least one value (none: [])."""
    exists = con.execute(
        "select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
        SOURCE_FEATURES.split("."),
    ).fetchall()[0][0]
    if not exists:
        return []
    counts = con.execute(
        f"select {', '.join(f'count({c})' for c in SOURCE_FEATURE_COLUMNS)} from {SOURCE_FEATURES}"
    ).fetchall()[0]
    return [c for c, n in zip(SOURCE_FEATURE_COLUMNS, counts, strict=True) if n]


def retention_relation(con: duckdb.DuckDBPyConnection) -> str:
    """The retention mart as a query: RETENTION itself, or joined to the optional sources'
    columns that hold data (a person a source does not cover has them empty, never zero)."""
    extra = source_feature_columns(con)
    if not extra:
        return f"select * from {RETENTION}"
    picked = ", ".join(f"source.{c}" for c in extra)
    return (
        f"select mart.*, {picked} from {RETENTION} as mart "
        f"left join {SOURCE_FEATURES} as source "
        "on source.employee_key = mart.employee_key and source.snapshot_date = mart.snapshot_date"
    )


def retention_features(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """The whole mart (small tables and tests; the asset loads only what its plan needs)."""
    return read_query(
        con, f"select * from ({retention_relation(con)}) order by snapshot_date, employee_key"
    )


def retention_columns(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Column name -> DuckDB type of the retention mart (with the optional sources' columns)."""
    rows = con.execute(
        f"select column_name, column_type from (describe {retention_relation(con)})"
    ).fetchall()
    return {name: str(kind) for name, kind in rows}


def _is_numeric(kind: str) -> bool:
    return kind.upper().split("(")[0] in _NUMERIC_TYPES


def retention_profile(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """`retention.snapshot_profile` of the mart, computed in DuckDB (no row leaves it)."""
    columns = retention_columns(con)
    aggs = ["count(*)::bigint as rows"]
    for group, cols in retention.history_groups(columns).items():
        present = [c for c in cols if c in columns]
        if not present:
            continue
        has_data = " or ".join(
            f"({c} is not null and {c} <> 0)" if _is_numeric(columns[c]) else f"{c} is not null"
            for c in present
        )
        aggs.append(
            f"(count(*) filter (where {has_data}))::bigint as {retention.rows_with_column(group)}"
        )
    label = retention.LABEL
    return read_query(
        con,
        f"""
        select snapshot_date, {label}, {", ".join(aggs)}
        from ({retention_relation(con)})
        group by snapshot_date, {label}
        order by snapshot_date, {label} nulls first
        """,
    )


def retention_rows(
    con: duckdb.DuckDBPyConnection, plan: retention.TrainingPlan, seed: int = 0
) -> pl.DataFrame:
    """The rows `plan` needs, with their sample rank, and only the columns a model may use.

    Every row of the test and latest snapshots; of the training snapshots the first
    ceil(share x rows) of each snapshot x outcome stratum in a seeded hash order (the stratified
    sample of `retention.sample_rows`). The ranking runs on the key columns only.
    """
    fractions = plan.load_fractions()
    if not fractions:
        raise ValueError("the plan needs no snapshot")
    label = retention.LABEL
    wanted = [
        c
        for c in retention_columns(con)
        if c not in retention.NON_FEATURES or c in (*retention.KEYS, label)
    ]
    shares = ", ".join(
        f"(date '{day.isoformat()}', {float(share)!r})" for day, share in sorted(fractions.items())
    )
    select = ", ".join(f"rows.{c}" for c in wanted)
    return read_query(
        con,
        f"""
        with shares (snapshot_date, share) as (values {shares}),
        retention as ({retention_relation(con)}),
        ranked as (
            select
                employee_key,
                snapshot_date,
                row_number() over (
                    partition by snapshot_date, {label}
                    order by hash(employee_key, snapshot_date, {int(seed)}), employee_key
                ) as {retention.SAMPLE_RANK},
                count(*) over (partition by snapshot_date, {label}) as stratum_rows
            from retention
            where snapshot_date in (select snapshot_date from shares)
        ),
        chosen as (
            select ranked.employee_key, ranked.snapshot_date, ranked.{retention.SAMPLE_RANK}
            from ranked
            inner join shares using (snapshot_date)
            where ranked.{retention.SAMPLE_RANK}
                <= ceil(shares.share * ranked.stratum_rows)
        )
        select {select}, chosen.{retention.SAMPLE_RANK}
        from retention as rows
        inner join chosen
            on rows.employee_key = chosen.employee_key
            and rows.snapshot_date = chosen.snapshot_date
        order by rows.snapshot_date, rows.employee_key
        """,
    )


def competency_performance(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    return read_query(con, f"select * from {MARTS}.competency_performance order by assessment_id")


def current_competency_model(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Required level and hiring weight per job family and competency, as in force today."""
    return read_query(
        con,
        f"""
        select job_family, competency_code, required_level, hiring_weight_pct
        from {MARTS}.dim_job_competency
        where is_current
        order by job_family, competency_code
        """,
    )


def performance_reviews(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Review scores with the job family the person held in that period (the current one when
    no version covers the period's start).

    Versions of a person do not overlap (dim_employee is SCD2), so the version covering a date is
    the latest one starting by it, if it has not ended: an ASOF join finds it without the range
    join and per-review ranking (1M: 3.8-4.7 s -> 2.7 s, the same rows).
    """
    return read_query(
        con,
        f"""
        select
            reviews.employee_key,
            coalesce(
                case when reviews.period_start_date <= versions.valid_to then versions.job_family end,
                current_versions.job_family
            ) as job_family,
            reviews.period_start_date as period_start,
            reviews.review_score as score
        from {MARTS}.fct_performance_reviews as reviews
        asof left join {MARTS}.dim_employee as versions
            on versions.employee_key = reviews.employee_key
            and reviews.period_start_date >= versions.valid_from
        left join {MARTS}.dim_employee as current_versions
            on current_versions.employee_key = reviews.employee_key
            and current_versions.is_current
        order by reviews.employee_key, job_family, reviews.period_start_date
        """,
    )


def training_enrollments(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    return read_query(
        con,
        f"""
        select
            employee_key,
            course_code,
            case when is_completed then completed_date end as completed_date
        from {MARTS}.fct_training_enrollments
        where employee_key is not null
        order by employee_key, course_code
        """,
    )


def courses(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    return read_query(
        con,
        f"""
        select course_code, competency_code, course_name_en as name_en, course_hours as hours
        from {MARTS}.dim_course
        order by course_code
        """,
    )


def competency_levels(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Each current employee's latest AI-interview score per competency, with today's job family."""
    return read_query(
        con,
        f"""
        with current_staff as (
            select employee_key, job_family
            from {MARTS}.dim_employee
            where is_current and is_active
        ),
        latest as (
            select employee_key, assessment_id
            from {MARTS}.fct_interview_scores
            where rater_type = 'ai' and employee_key is not null
            qualify row_number() over (
                partition by employee_key order by interview_date desc, assessment_id desc
            ) = 1
        )
        select
            current_staff.employee_key,
            current_staff.job_family,
            scores.competency_code,
            scores.score as level
        from current_staff
        inner join latest
            on latest.employee_key = current_staff.employee_key
        inner join {MARTS}.fct_interview_scores as scores
            on scores.assessment_id = latest.assessment_id
            and scores.rater_type = 'ai'
        order by current_staff.employee_key, scores.competency_code
        """,
    )
