"""Every suite and check, and `run_all` which `talentloop check` prints."""

from __future__ import annotations

import importlib
from datetime import datetime
from pathlib import Path

import duckdb

from expectations.config import QualityConfig
from expectations.distribution import score_drift
from expectations.result import CheckResult
from expectations.source_suite import current_suite
from expectations.sql_checks import (
    freshness,
    quarantine_results,
    raw_schema_check,
    reconciliation,
    row_count_vs_previous,
    table_exists,
)
from expectations.suite import Suite, run_suite
from ingest.contract import SOURCES

MART_NAMES: tuple[str, ...] = (
    "dim_employee",
    "fct_headcount_segments",
    "fct_interview_scores",
    "fct_training_enrollments",
    "fct_performance_reviews",
    "fct_employment_events",
)


def source_suite_of(source: str) -> Suite:
    importlib.import_module(f"expectations.sources.{source}")  # registers the source's own rules
    return current_suite(source)


def mart_suite_of(mart: str) -> Suite:
    return importlib.import_module(f"expectations.marts.{mart}").SUITE


def source_suite_results(
    con: duckdb.DuckDBPyConnection,
    source: str,
    *,
    load_id: str | None = None,
    config: QualityConfig | None = None,
) -> list[CheckResult]:
    """Schema, contract suite and row-count bounds of one raw source (the blocking suite check)."""
    config = config or QualityConfig()
    if not table_exists(con, f"raw.{source}"):
        return [
            CheckResult(
                "exists", f"raw.{source}", "ERROR", False, None, "raw table missing", source
            )
        ]
    out = [raw_schema_check(con, source)]
    out += run_suite(con, source_suite_of(source), load_id=load_id)
    if table_exists(con, "raw.load_manifest"):
        out.append(
            row_count_vs_previous(
                con,
                source,
                min_ratio=config.row_count_min_ratio,
                max_ratio=config.row_count_max_ratio,
            )
        )
    return out


def run_all(
    con: duckdb.DuckDBPyConnection,
    *,
    config: QualityConfig | None = None,
    landing: Path | None = None,
    now: datetime | None = None,
) -> list[CheckResult]:
    """Every check on the current warehouse, newest load of each source; nothing is written."""
    config = config or QualityConfig()
    results: list[CheckResult] = []
    has_manifest = table_exists(con, "raw.load_manifest")
    for source in SOURCES:
        if has_manifest:
            results.append(reconciliation(con, source))
        results += source_suite_results(con, source, config=config)
        results.append(
            freshness(
                con,
                source,
                cadence_days=config.cadence_days[source],
                grace_hours=config.grace_hours,
                now=now,
                landing=landing,
            )
        )
        if has_manifest and table_exists(con, "raw.quarantine"):
            results += quarantine_results(con, source)
    if table_exists(con, "raw.ai_interviews"):
        results += score_drift(con, limits=config.drift, severity=config.drift_severity)
    for mart in MART_NAMES:
        suite = mart_suite_of(mart)
        if table_exists(con, suite.table):
            results += run_suite(con, suite)
        else:
            results.append(
                CheckResult("exists", suite.asset, "WARN", False, None, "mart not built yet")
            )
    return results
