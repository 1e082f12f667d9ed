"""Protected page data: query layer -> privacy layer, independent of Streamlit.

The cube a page filters is always protected for the viewer's whole scope first and filtered
afterwards, so the suppression pattern does not depend on the filters and two overlapping
filters cannot be subtracted to recover a hidden cell. Totals of a filtered selection are sums
of shown cells; the grand total of the whole scope is shown when it covers enough people.
The report reuses these functions, so its figures are the dashboards' figures.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from dashboards import queries
from dashboards.privacy import SUPPRESSED, PrivacyPolicy, protect_counts, rollup, safe_total
from dashboards.queries import Filters, Scope

CUBE_DIMS = ("branch_code", "job_family")
COUNTS = ("headcount", "hires", "exits")


@dataclass(frozen=True)
class HeadcountView:
    """Protected headcount data for one viewer and filter selection."""

    cube: pd.DataFrame  # month x branch x job family, one protected column per count
    totals: pd.DataFrame  # month: headcount, hires, exits (+ `partial` when cells were hidden)
    filtered: bool
    # Unfiltered only: the exact month totals, for sums over months (see `window_total`).
    exact: pd.DataFrame | None = None


def _period_only(filters: Filters) -> Filters:
    return Filters(start=filters.start, end=filters.end)


def _protect_cube(raw: pd.DataFrame, policy: PrivacyPolicy) -> pd.DataFrame:
    """Each count is its own cube (a small number of exits is a small group too)."""
    keys = ["month", *CUBE_DIMS]
    out = raw[keys].reset_index(drop=True).copy()
    hidden = pd.Series(False, index=out.index)
    for count in COUNTS:
        protected = protect_counts(raw, CUBE_DIMS, count, by=["month"], policy=policy)
        out[count] = protected[count]
        out[f"{count}_{SUPPRESSED}"] = protected[SUPPRESSED]
        hidden |= protected[SUPPRESSED]
    out[SUPPRESSED] = hidden
    return out


def _apply_filters(cube: pd.DataFrame, filters: Filters, labels: pd.DataFrame) -> pd.DataFrame:
    out = cube
    if filters.org_units:
        wanted = set(filters.org_units)
        # A department filter maps to its branch: the cube's finest org grain is the branch.
        wanted |= set(labels.loc[labels["org_unit_code"].isin(wanted), "branch_code"].dropna())
        out = out[out["branch_code"].isin(wanted)]
    if filters.job_families:
        out = out[out["job_family"].isin(filters.job_families)]
    return out.reset_index(drop=True)


def headcount_view(
    con: duckdb.DuckDBPyConnection, filters: Filters, scope: Scope, policy: PrivacyPolicy
) -> HeadcountView:
    raw = queries.headcount_cube(con, _period_only(filters), scope)
    labels = queries.org_unit_labels(con)
    cube = _apply_filters(_protect_cube(raw, policy), filters, labels)
    filtered = bool(filters.org_units or filters.job_families)
    parts = []
    for count in COUNTS:
        shown = cube.rename(columns={f"{count}_{SUPPRESSED}": "_hidden"})[
            ["month", count, "_hidden"]
        ].rename(columns={"_hidden": SUPPRESSED})
        part = rollup(shown, ["month"], count).rename(columns={"partial": f"{count}_partial"})
        parts.append(part.set_index("month"))
    totals = pd.concat(parts, axis=1).reset_index()
    exact = None
    if not filtered:
        # The whole scope: the true totals, when each covers enough people.
        exact = queries.headcount_totals(con, _period_only(filters), scope).set_index("month")
        for count in COUNTS:
            values = exact[count].reindex(totals["month"]).to_numpy()
            totals[count] = [safe_total(v, policy) for v in values]
            totals[f"{count}_partial"] = [v is None or pd.isna(v) for v in values]
    totals = totals.sort_values("month").reset_index(drop=True)
    return HeadcountView(
        cube=cube,
        totals=totals,
        filtered=filtered,
        exact=None if exact is None else exact.reindex(totals["month"]).reset_index(),
    )


def window_total(exact: pd.Series, shown: pd.Series, min_group: int) -> float | None:
    """A sum over months that may include hidden months: shown only when the hidden part is
    empty, or spread over at least two months and at least min_group people (the same rule as
    complementary suppression), so it cannot give a hidden month back."""
    if exact.empty:
        return None
    total = float(exact.astype(float).sum())
    hidden = shown.isna()
    hidden_sum = total - float(shown.fillna(0).astype(float).sum())
    if not hidden.any() or (hidden.sum() >= 2 and hidden_sum >= min_group):
        return total
    return None


def exit_rate(exits: float | None, headcount: pd.Series) -> float | None:
    """Exits over the average month-end headcount of the same months."""
    if exits is None or headcount.empty or headcount.isna().any():
        return None
    average = float(headcount.astype(float).mean())
    return exits / average if average else None


def twelve_months(view: HeadcountView, policy: PrivacyPolicy, offset: int = 0) -> dict:
    """Hires, exits and attrition over 12 months ending `offset` months before the last one.

    With the exact totals (unfiltered view) a sum follows `window_total`; otherwise it is the
    sum of shown months, or missing when a month is hidden.
    """
    end = len(view.totals) - offset
    shown = view.totals.iloc[max(0, end - 12) : end]
    if view.exact is not None:
        exact = view.exact.iloc[max(0, end - 12) : end]
        hires = window_total(exact["hires"], shown["hires"], policy.min_group)
        exits = window_total(exact["exits"], shown["exits"], policy.min_group)
    else:
        hires = None if shown["hires"].isna().any() else float(shown["hires"].astype(float).sum())
        exits = None if shown["exits"].isna().any() else float(shown["exits"].astype(float).sum())
    return {"hires": hires, "exits": exits, "attrition": exit_rate(exits, shown["headcount"])}


def retention_bands_view(
    con: duckdb.DuckDBPyConnection, filters: Filters, scope: Scope, policy: PrivacyPolicy
) -> pd.DataFrame:
    """Protected branch x job family x band counts; filtered after protection (see above)."""
    raw = queries.retention_band_cube(con, scope)
    dims = ("branch_code", "job_family", "risk_band")
    protected = protect_counts(raw, dims, "people", measures=["expected_leavers"], policy=policy)
    return _apply_filters(protected, filters, queries.org_unit_labels(con))


def retention_family_view(
    con: duckdb.DuckDBPyConnection, scope: Scope, policy: PrivacyPolicy
) -> pd.DataFrame:
    """Job family x band for the whole scope: the branch lines of the fine cube, protected.

    Each cell is a line total of `retention_bands_view`'s cube along the branch dimension, which
    complementary suppression already keeps safe (its hidden part is at least two cells and
    min_group people), so showing both cannot give a hidden cell back.
    """
    raw = queries.retention_band_cube(con, scope)
    coarse = raw.groupby(["job_family", "risk_band"], as_index=False)[
        ["people", "expected_leavers"]
    ].sum()
    return protect_counts(
        coarse, ("job_family", "risk_band"), "people", measures=["expected_leavers"], policy=policy
    )
