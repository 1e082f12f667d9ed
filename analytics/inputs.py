"""The mart queries the model assets start from (the read side of the DuckDB layer)."""

from __future__ import annotations

import duckdb
import polars as pl

from analytics.io import read_query

MARTS = "marts"


def retention_features(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    return read_query(
        con, f"select * from {MARTS}.retention_features order by snapshot_date, employee_key"
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
    """Review scores with the job family the person held in that period."""
    return read_query(
        con,
        f"""
        select
            reviews.employee_key,
            coalesce(versions.job_family, current_versions.job_family) as job_family,
            reviews.period_start_date as period_start,
            reviews.review_score as score
        from {MARTS}.fct_performance_reviews as reviews
        left join {MARTS}.dim_employee as versions
            on versions.employee_key = reviews.employee_key
            and reviews.period_start_date between versions.valid_from and versions.valid_to
        left join {MARTS}.dim_employee as current_versions
            on current_versions.employee_key = reviews.employee_key
            and current_versions.is_current
        qualify row_number() over (
            partition by reviews.employee_key, reviews.review_period
            order by versions.valid_from desc nulls last
        ) = 1
        order by reviews.employee_key, reviews.period_start_date
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
