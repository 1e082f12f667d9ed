"""Validate a frame read from DuckDB with a Great Expectations 1.x suite built from column rules.

GE's SQLAlchemy path to DuckDB is broken in current releases, so the rows are read into pandas
first; callers limit the frame to the newest load (and sample it past `max_rows`).
"""

from __future__ import annotations

import os
from functools import cache
from typing import Any

import pandas as pd

from expectations.result import CheckResult
from expectations.rules import ColumnRule

# GE phones home by default; a warehouse of personal data must not.
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")


@cache
def _batch_definition() -> Any:
    import great_expectations as gx
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    # In memory only: no docs site in a temporary folder, nothing left behind on disk.
    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
        analytics_enabled=False,
    )
    context = gx.get_context(mode="ephemeral", project_config=config)
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    asset = context.data_sources.add_pandas("talentloop_frames").add_dataframe_asset("frame")
    return asset.add_batch_definition_whole_dataframe("whole_frame")


def _expectation(rule: ColumnRule) -> Any:
    import great_expectations.expectations as gxe

    common = {"meta": {"rule": rule.name, "severity": rule.severity}}
    if rule.kind == "not_null":
        return gxe.ExpectColumnValuesToNotBeNull(column=rule.column, mostly=rule.mostly, **common)
    if rule.kind == "in_set":
        return gxe.ExpectColumnValuesToBeInSet(
            column=rule.column, value_set=list(rule.value_set or ()), mostly=rule.mostly, **common
        )
    if rule.kind == "between":
        return gxe.ExpectColumnValuesToBeBetween(
            column=rule.column,
            min_value=rule.min_value,
            max_value=rule.max_value,
            mostly=rule.mostly,
            **common,
        )
    if rule.kind == "regex":
        return gxe.ExpectColumnValuesToMatchRegex(
            column=rule.column, regex=rule.regex or ".*", mostly=rule.mostly, **common
        )
    if rule.kind == "a_le_b":
        return gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A=rule.other,
            column_B=rule.column,
            or_equal=True,
            ignore_row_if="either_value_is_missing",
            **common,
        )
    raise ValueError(f"unknown rule kind {rule.kind!r}")


def validate_frame(
    frame: pd.DataFrame,
    rules: list[ColumnRule],
    *,
    asset: str,
    source: str | None = None,
    suite_name: str,
    sampled: bool = False,
) -> list[CheckResult]:
    """Run the rules as one GE suite on `frame`; one CheckResult per rule, counts only."""
    import great_expectations as gx

    present = [
        r
        for r in rules
        if r.column in frame.columns and (r.other is None or r.other in frame.columns)
    ]
    results = [
        CheckResult(
            name=r.name,
            asset=asset,
            severity=r.severity,
            passed=False,
            observed="missing column",
            message=f"column {r.column} is missing",
            source=source,
        )
        for r in rules
        if r not in present
    ]
    if not present:
        return results
    batch_definition = _batch_definition()  # creates the context a suite needs
    suite = gx.ExpectationSuite(name=suite_name)
    for rule in present:
        suite.add_expectation(_expectation(rule))
    batch = batch_definition.get_batch(batch_parameters={"dataframe": frame})
    # SUMMARY would carry sample values of the failing rows (personal data): counts only.
    validation = batch.validate(suite, result_format="BASIC")
    by_rule = {res.expectation_config.meta["rule"]: res for res in validation.results}
    note = " (sample)" if sampled else ""
    for rule in present:
        res = by_rule[rule.name]
        if res.exception_info and res.exception_info.get("raised_exception"):
            results.append(
                CheckResult(
                    rule.name,
                    asset,
                    rule.severity,
                    False,
                    "error",
                    "the expectation could not run",
                    source,
                )
            )
            continue
        bad = int(res.result.get("unexpected_count") or 0)
        total = int(res.result.get("element_count") or len(frame))
        results.append(
            CheckResult(
                name=rule.name,
                asset=asset,
                severity=rule.severity,
                passed=bool(res.success),
                observed=bad,
                message=f"{bad} of {total} rows{note} break {rule.name}",
                source=source,
                counts={"rows_failing": bad, "rows_checked": total},
            )
        )
    return results
