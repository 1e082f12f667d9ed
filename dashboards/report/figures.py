"""The report's figures: the executive overview's, from the same public page function.

The report is an executive product: aggregates only (the executive scope), so every figure in
it is the one the executive sees on the overview for the same period (the sidebar's period
ending at the report's month, 24 months long).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from dashboards import queries
from dashboards.data import figures as page_figures
from dashboards.data.protect import EXACT, WITHHELD, status_of
from dashboards.pages import BY_NAME, absent_sources
from dashboards.privacy import PrivacyPolicy
from dashboards.queries import Filters, Scope
from dashboards.serving import NotBuilt, existing_tables

EXECUTIVE = Scope(role="executive")
# The pages whose figures the report shows.
REPORT_PAGES = ("overview", "retention", "weights")


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
    high_risk: int | None = None  # people at high risk (the retention page's figure)
    missing: list[str] = field(default_factory=list)
    hires_prev_12m: float | None = None  # the 12 months before (the overview's "year ago")
    exits_prev_12m: float | None = None
    # Optional sources the report's pages need that were never delivered: what they feed is
    # left out (None), never shown as zero, and the report names them.
    sources_missing: list[str] = field(default_factory=list)


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


def _kpi(kpis: pd.DataFrame, figure: str, column: str) -> float | None:
    rows = kpis[kpis["figure"] == figure]
    if rows.empty or rows[f"{column}_status"].iloc[0] == WITHHELD:
        return None
    return float(rows[column].iloc[0])


def quarterly_flows(monthly: pd.DataFrame) -> pd.DataFrame:
    """Hires and exits per quarter: sums of the months shown (exact for the whole scope)."""
    frame = monthly.assign(quarter=pd.to_datetime(monthly["month"]).dt.to_period("Q").dt.start_time)
    out = frame.groupby("quarter", as_index=False)[["hires", "exits"]].sum()
    out = out.rename(columns={"quarter": "month"})
    for col in ("hires", "exits"):
        out[status_of(col)] = EXACT if (monthly[status_of(col)] == EXACT).all() else "perturbed"
    return out


def compute(
    con: duckdb.DuckDBPyConnection, period: str | None, policy: PrivacyPolicy
) -> ReportFigures:
    months = queries.months(con)
    end = parse_period(period, months)
    start = months[max(0, months.index(end) - 23)]
    shown = page_figures.overview(con, EXECUTIVE, Filters(start=start, end=end), policy)
    totals, kpis = shown["monthly"], shown["kpis"]
    figures = ReportFigures(
        period=end,
        totals=totals,
        headcount=_kpi(kpis, "headcount", "value"),
        headcount_year_ago=_kpi(kpis, "headcount", "year_ago"),
        hires_12m=_kpi(kpis, "hires_12m", "value"),
        exits_12m=_kpi(kpis, "exits_12m", "value"),
        attrition_12m=_kpi(kpis, "attrition_12m", "value"),
        attrition_prev_12m=_kpi(kpis, "attrition_12m", "year_ago"),
        flows=quarterly_flows(totals),
        hires_prev_12m=_kpi(kpis, "hires_12m", "year_ago"),
        exits_prev_12m=_kpi(kpis, "exits_12m", "year_ago"),
    )
    absent = absent_sources(con)
    figures.sources_missing = sorted(
        {s for page in REPORT_PAGES for s in BY_NAME[page].needs if s in absent}
    )
    if "exits" in absent:  # no exit records: zero exits would be a false figure
        figures.exits_12m = figures.attrition_12m = figures.attrition_prev_12m = None
    have = existing_tables(con)
    if queries.RETENTION_BANDS in have and "exits" not in absent:
        retention = page_figures.retention(con, EXECUTIVE, Filters(), policy)
        cells = page_figures.retention_by_family(
            page_figures.retention_cells(con, EXECUTIVE, policy)
        )
        figures.risk_by_family = cells.sort_values("expected_leavers", ascending=False)
        figures.high_risk = int(retention["summary"]["high"].iloc[0])
    else:
        figures.missing.append(queries.RETENTION_BANDS)
    if "pilot" in shown:
        figures.pilot = shown["pilot"]
    else:
        figures.missing.append("marts.pilot_scorecard")
    if "ml.competency_weights" in have and not BY_NAME["weights"].withheld(absent)[0]:
        weights = page_figures.weights(con, EXECUTIVE, Filters(), policy).get("weights")
        if weights is not None and "is_difference_significant" in weights.columns:
            figures.weights = weights[
                weights["is_difference_significant"].fillna(False).astype(bool)
            ]
    else:
        figures.missing.append("ml.competency_weights")
    return figures
