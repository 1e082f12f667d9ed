"""Protected views: SQL (dashboards.queries) -> declared privacy class (dashboards.data.protect).

A cube is always protected at its finest cells for the viewer's whole scope and whole history
first, and filtered and summed afterwards, so a figure never depends on which filter produced it:
any figure is a sum of the same perturbed cells. Only the grand totals of the viewer's scope
(unfiltered) are exact. The report uses these functions too, so its figures are the pages'.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

from dashboards import queries
from dashboards.data import protect
from dashboards.data.protect import EXACT, PERTURBED, WITHHELD, status_of
from dashboards.privacy import PrivacyPolicy
from dashboards.queries import Filters, Scope

HEADCOUNT_TABLE = "marts.agg_headcount_monthly"
RETENTION_TABLE = "marts.agg_retention_bands"
COUNTS = ("headcount", "hires", "exits")


@dataclass(frozen=True)
class HeadcountView:
    """Protected headcount data for one viewer and filter selection."""

    cells: pd.DataFrame  # month x branch x job family: perturbed counts with their status
    totals: pd.DataFrame  # month: headcount, hires, exits with their status
    filtered: bool
    everything: pd.DataFrame  # the scope's cells in the period, before the filters
    exact: pd.DataFrame  # month: the scope's exact totals


def _branches_of(con: duckdb.DuckDBPyConnection, units: tuple[str, ...]) -> set[str]:
    """A department filter maps to its branch: the cube's finest org grain is the branch."""
    labels = queries.org_unit_labels(con)
    wanted = set(units)
    return wanted | set(labels.loc[labels["org_unit_code"].isin(wanted), "branch_code"].dropna())


def apply_filters(
    con: duckdb.DuckDBPyConnection, cells: pd.DataFrame, filters: Filters
) -> pd.DataFrame:
    out = cells
    if filters.org_units and "branch_code" in out.columns:
        out = out[out["branch_code"].isin(_branches_of(con, filters.org_units))]
    if filters.job_families and "job_family" in out.columns:
        out = out[out["job_family"].isin(filters.job_families)]
    return out.reset_index(drop=True)


def _in_period(frame: pd.DataFrame, filters: Filters, column: str = "month") -> pd.DataFrame:
    months = pd.to_datetime(frame[column]).dt.date
    keep = pd.Series(True, index=frame.index)
    # Bounds may come as dates (the sidebar) or timestamps (the report's months): compare dates.
    if filters.start:
        keep &= months >= pd.Timestamp(filters.start).date()
    if filters.end:
        keep &= months <= pd.Timestamp(filters.end).date()
    return frame[keep].reset_index(drop=True)


def headcount_cells(
    con: duckdb.DuckDBPyConnection, scope: Scope, policy: PrivacyPolicy
) -> pd.DataFrame:
    """Every month x branch x job family of the scope, perturbed (all months: a cell's stock
    noise follows its history, so it must not depend on the period chosen)."""
    raw = queries.headcount_cube(con, Filters(), scope)
    return protect.cube(HEADCOUNT_TABLE, raw, scope.role, policy)


def exact_when_rest_is_empty(
    sums: pd.DataFrame, keys: list[str], cells: pd.DataFrame, exact: pd.DataFrame
) -> pd.DataFrame:
    """A sum over some cells of a month whose other cells are all shown as 0 (so are truly 0)
    is the month's exact total of the scope: shown as that exact figure, since subtracting
    would give it anyway."""
    out = sums.copy()
    totals = exact.set_index("month")
    for count in COUNTS:
        shown = cells.groupby("month")[count].sum()
        rows = out["month"].map(shown).to_numpy() == out[count].to_numpy()
        # Every non-zero shown cell of the month lies in this sum: the rest is empty.
        empty_rest = rows & (out[status_of(count)] == PERTURBED).to_numpy()
        truth = out["month"].map(totals[count])
        out[count] = np.where(empty_rest & truth.notna(), truth, out[count]).astype(np.int64)
        out[status_of(count)] = np.where(empty_rest & truth.notna(), EXACT, out[status_of(count)])
    return protect.mark(out, "cube")


def headcount_view(
    con: duckdb.DuckDBPyConnection, filters: Filters, scope: Scope, policy: PrivacyPolicy
) -> HeadcountView:
    everything = _in_period(headcount_cells(con, scope, policy), filters)
    cells = apply_filters(con, everything, filters)
    filtered = bool(filters.org_units or filters.job_families)
    period = Filters(start=filters.start, end=filters.end)
    # The whole scope: the exact totals (grand totals of a role's scope are exact).
    exact = queries.headcount_totals(con, period, scope)
    for count in COUNTS:
        exact[count] = exact[count].astype(np.int64)
        exact[status_of(count)] = EXACT
    if filtered:
        totals = protect.sum_cells(cells, ["month"], COUNTS)
        totals = exact_when_rest_is_empty(totals, [], everything, exact)
    else:
        totals = exact
    totals = protect.mark(totals.sort_values("month").reset_index(drop=True), "cube")
    return HeadcountView(
        cells=cells, totals=totals, filtered=filtered, everything=everything, exact=exact
    )


def combined_status(statuses: pd.Series) -> str:
    """The status of a figure computed from several: withheld > perturbed > exact."""
    values = set(statuses)
    if WITHHELD in values:
        return WITHHELD
    return PERTURBED if PERTURBED in values else EXACT


def twelve_months(view: HeadcountView, offset: int = 0) -> dict[str, object]:
    """Hires, exits and attrition over the 12 months ending `offset` months before the last
    month of the view, with their status (exact for the whole scope, else perturbed). Fewer
    than 12 months of data: the figures are withheld (a shorter window is another figure)."""
    end = len(view.totals) - offset
    if end < 12:
        return {
            "hires": None,
            "exits": None,
            "attrition": None,
            "status": WITHHELD,
        }
    window = view.totals.iloc[end - 12 : end]
    hires = int(window["hires"].sum())
    exits = int(window["exits"].sum())
    average = float(window["headcount"].mean())
    status = combined_status(pd.concat([window[status_of(c)] for c in COUNTS], ignore_index=True))
    return {
        "hires": hires,
        "exits": exits,
        "attrition": exits / average if average else None,
        "status": status,
    }


def retention_cells(
    con: duckdb.DuckDBPyConnection, scope: Scope, policy: PrivacyPolicy
) -> pd.DataFrame:
    """Branch x job family x risk band: people (perturbed for roles that do not see the
    people, exact for those who do) and expected leavers (withheld under min_group people)."""
    raw = queries.retention_band_cube(con, scope)
    return protect.cube(RETENTION_TABLE, raw, scope.role, policy)


def retention_bands_view(
    con: duckdb.DuckDBPyConnection, filters: Filters, scope: Scope, policy: PrivacyPolicy
) -> pd.DataFrame:
    return apply_filters(con, retention_cells(con, scope, policy), filters)


def retention_by_family(cells: pd.DataFrame) -> pd.DataFrame:
    """Job family: people, people at high risk, expected leavers (cells under min_group people
    left out of the expected leavers, marked `partial`)."""
    people = protect.sum_cells(cells, ["job_family"], ["people"])
    high = protect.sum_cells(cells[cells["risk_band"] == "high"], ["job_family"], ["people"])
    high = high.rename(columns={"people": "high", status_of("people"): status_of("high")})
    shown = cells[cells[status_of("expected_leavers")] != WITHHELD]
    expected = shown.groupby("job_family", as_index=False)["expected_leavers"].sum()
    left_out = cells[cells[status_of("expected_leavers")] == WITHHELD]["job_family"].unique()
    out = people.merge(high, on="job_family", how="left").merge(
        expected, on="job_family", how="left"
    )
    out["high"] = out["high"].fillna(0).astype(np.int64)
    out[status_of("high")] = out[status_of("high")].fillna(EXACT)
    out["expected_leavers"] = out["expected_leavers"].astype(float)
    out[status_of("expected_leavers")] = np.where(
        out["expected_leavers"].isna(),
        WITHHELD,
        np.where(out["job_family"].isin(left_out), "partial", EXACT),
    )
    return protect.mark(out, "cube")


def cube_view(
    con: duckdb.DuckDBPyConnection, table: str, raw: pd.DataFrame, scope: Scope, policy
) -> pd.DataFrame:
    return protect.cube(table, raw, scope.role, policy)
