"""The report's figures, computed through the same query and privacy layers as the dashboards.

The report is an executive product: aggregates only (the executive scope), so every figure in
it is one an executive could see on the dashboards.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from dashboards import queries
from dashboards.privacy import SUPPRESSED, PrivacyPolicy
from dashboards.queries import Filters, Scope
from dashboards.serving import NotBuilt, existing_tables
from dashboards.views_data import (
    headcount_view,
    retention_family_view,
    twelve_months,
    window_total,
)

EXECUTIVE = Scope(role="executive")


@dataclass
class ReportFigures:
    period: dt.date
    totals: pd.DataFrame  # month: headcount, hires, exits (24 months up to the period)
    headcount: float | None
    headcount_year_ago: float | None
    hires_12m: float | None
    exits_12m: float | None
    attrition_12m: float | None
    attrition_prev_12m: float | None
    flows: pd.DataFrame | None = None  # quarter: hires, exits (window totals, see below)
    risk_by_family: pd.DataFrame | None = None  # job_family: people, high, expected_leavers
    pilot: pd.DataFrame | None = None  # criterion: checks, passed, failed, insufficient
    weights: pd.DataFrame | None = None  # significant weight differences
    missing: list[str] = field(default_factory=list)


def parse_period(value: str | None, months: list[dt.date]) -> dt.date:
    """`YYYY-MM` to the first of that month; None means the latest month with data."""
    if not months:
        raise NotBuilt([queries.HEADCOUNT])
    if value is None:
        return months[-1]
    wanted = (
        dt.date.fromisoformat(f"{value}-01") if len(value) == 7 else dt.date.fromisoformat(value)
    )
    wanted = wanted.replace(day=1)
    if wanted not in months:
        raise ValueError(
            f"no data for period {value}: months run {months[0]:%Y-%m}..{months[-1]:%Y-%m}"
        )
    return wanted


def _value(series: pd.Series, index: int) -> float | None:
    if len(series) < abs(index) or pd.isna(series.iloc[index]):
        return None
    return float(series.iloc[index])


def quarterly_flows(exact: pd.DataFrame, shown: pd.DataFrame, min_group: int) -> pd.DataFrame:
    """Hires and exits per quarter; a quarter's figure follows `window_total`'s rule."""
    frame = exact.assign(quarter=pd.to_datetime(exact["month"]).dt.to_period("Q").dt.start_time)
    shown = shown.set_index("month").reindex(exact["month"]).reset_index()
    rows = []
    for quarter, idx in frame.groupby("quarter").groups.items():
        part, seen = frame.loc[idx], shown.loc[idx]
        rows.append(
            {
                "month": pd.Timestamp(quarter),
                "hires": window_total(part["hires"], seen["hires"], min_group),
                "exits": window_total(part["exits"], seen["exits"], min_group),
            }
        )
    return pd.DataFrame(rows, columns=["month", "hires", "exits"])


def compute(
    con: duckdb.DuckDBPyConnection, period: str | None, policy: PrivacyPolicy
) -> ReportFigures:
    months = queries.months(con)
    end = parse_period(period, months)
    start = months[max(0, months.index(end) - 23)]
    view = headcount_view(con, Filters(start=start, end=end), EXECUTIVE, policy)
    totals = view.totals
    this_year, last_year = twelve_months(view, policy), twelve_months(view, policy, offset=12)
    figures = ReportFigures(
        period=end,
        totals=totals,
        headcount=_value(totals["headcount"], -1),
        headcount_year_ago=_value(totals["headcount"], -13) if len(totals) > 12 else None,
        hires_12m=this_year["hires"],
        exits_12m=this_year["exits"],
        attrition_12m=this_year["attrition"],
        attrition_prev_12m=last_year["attrition"] if len(totals) >= 24 else None,
        flows=quarterly_flows(view.exact, totals, policy.min_group),
    )
    have = existing_tables(con)
    if queries.PORTRAITS in have:
        cube = retention_family_view(con, EXECUTIVE, policy)
        shown = cube[~cube[SUPPRESSED]]
        if not shown.empty:
            grouped = (
                shown.assign(high=shown["people"].where(shown["risk_band"] == "high", 0))
                .groupby("job_family", as_index=False)[["people", "high", "expected_leavers"]]
                .sum()
            )
            figures.risk_by_family = grouped.sort_values("expected_leavers", ascending=False)
    else:
        figures.missing.append(queries.PORTRAITS)
    if "marts.pilot_scorecard" in have:
        figures.pilot = queries.pilot_status(con)
    else:
        figures.missing.append("marts.pilot_scorecard")
    if "ml.competency_weights" in have:
        weights = con.execute("select * from ml.competency_weights").df()
        if "is_difference_significant" in weights.columns:
            figures.weights = weights[weights["is_difference_significant"].astype(bool)]
    else:
        figures.missing.append("ml.competency_weights")
    return figures
