"""An insider's attacks on the dashboards' figures, through the public per-page functions only
(dashboards.pages.page_figures): what each role is given, differenced every way the issue names,
compared with the truth read straight from the serving copy.

A *protected figure* is one a page marks `perturbed` or `withheld`; it is *recovered* when a value
derived from the released figures equals its truth exactly. Run by hand on a bigger home:

    .venv/bin/python -m tests.security.attacks /path/to/serving.duckdb [--scopes N]
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Iterable

import duckdb
import pandas as pd

from dashboards.data.protect import EXACT, PERTURBED
from dashboards.pages import page_figures
from dashboards.queries import Filters, Scope

COUNTS = ("headcount", "hires", "exits")
EXECUTIVE = Scope(role="executive")


def hrbp_scopes(con: duckdb.DuckDBPyConnection) -> list[Scope]:
    """One HR business partner per branch (the finest scope the users file can give)."""
    rows = con.execute(
        "select org_unit_code from marts.dim_org_unit where org_level = 'branch' order by 1"
    ).fetchall()
    return [Scope(role="hrbp", org_units=(r[0],)) for r in rows]


def _truth(con: duckdb.DuckDBPyConnection, scope: Scope) -> pd.DataFrame:
    """Month x branch x job family, straight from the aggregate (not through the pages)."""
    from dashboards.queries import where_clause

    where, params = where_clause(Filters(), scope, month_column="month_start_date")
    return con.execute(
        f"""
        select month_start_date as month, coalesce(branch_code, 'unknown') as branch_code,
               coalesce(job_family, 'unknown') as job_family,
               sum(headcount)::bigint as headcount, sum(hires)::bigint as hires,
               sum(exits)::bigint as exits
        from marts.agg_headcount_monthly {where} group by all
        """,
        params,
    ).df()


def _series(truth: pd.DataFrame, keep: dict[str, Iterable[str]]) -> pd.DataFrame:
    part = truth
    for col, values in keep.items():
        part = part[part[col].isin(list(values))]
    return part.groupby("month")[list(COUNTS)].sum()


def _linked(shown: pd.DataFrame, true: pd.DataFrame) -> Counter:
    """hires(t) = hc(t) - hc(t-1) + exits(t), and its rearrangements, on consecutive months."""
    found: Counter = Counter()
    s = shown.set_index("month").sort_index()
    t = true.reindex(s.index).fillna(0)
    months = pd.to_datetime(pd.Series(s.index, index=s.index))
    consecutive = (months.dt.to_period("M").astype("int64").diff() == 1).to_numpy()
    prev = s["headcount"].shift()
    derived = {
        "hires": s["headcount"] - prev + s["exits"],
        "exits": prev - s["headcount"] + s["hires"],
        "headcount": prev + s["hires"] - s["exits"],
    }
    for count, value in derived.items():
        protected = (s[f"{count}_status"] != EXACT).to_numpy()
        hit = consecutive & protected & (value.to_numpy() == t[count].to_numpy())
        found[f"linked_{count}"] += int(hit.sum())
    return found


def _windows(shown: pd.DataFrame, true: pd.DataFrame) -> Counter:
    """Consecutive 12-month totals differ by two months: m(e) = W(e) - W(e-1) + m(e-12)."""
    found: Counter = Counter()
    s = shown.set_index("month").sort_index()
    t = true.reindex(s.index).fillna(0)
    for count in ("hires", "exits"):
        window = s[count].rolling(12).sum()
        derived = window - window.shift() + s[count].shift(12)
        protected = (s[f"{count}_status"] != EXACT).to_numpy()
        hit = protected & (derived.to_numpy() == t[count].to_numpy())
        found[f"window_{count}"] += int(hit.sum())
    return found


def _complements(
    total: pd.DataFrame, parts: dict[str, pd.DataFrame], truths: dict[str, pd.DataFrame]
) -> Counter:
    """The scope's exact total minus every other part (and minus the part itself, for the
    complement) against the truth of the part."""
    found: Counter = Counter()
    tot = total.set_index("month")
    frames = {k: v.set_index("month").reindex(tot.index) for k, v in parts.items()}
    for name, frame in frames.items():
        others = [f for k, f in frames.items() if k != name]
        if not others:
            continue
        true = truths[name].reindex(tot.index).fillna(0)
        for count in COUNTS:
            rest = sum(o[count].fillna(0) for o in others)
            derived = tot[count] - rest
            protected = (frame[f"{count}_status"] == PERTURBED).to_numpy()
            found[f"complement_{count}"] += int(
                (protected & (derived.to_numpy() == true[count].to_numpy())).sum()
            )
    return found


def _shown_equals_truth(shown: pd.DataFrame, true: pd.DataFrame) -> Counter:
    s = shown.set_index("month")
    t = true.reindex(s.index).fillna(0)
    found: Counter = Counter()
    for count in COUNTS:
        protected = (s[f"{count}_status"] == PERTURBED).to_numpy()
        found[f"direct_{count}"] += int(
            (protected & (s[count].to_numpy() == t[count].to_numpy())).sum()
        )
    return found


def attack_scope(con: duckdb.DuckDBPyConnection, scope: Scope) -> Counter:
    """Every attack on one role's figures; returns recovered protected figures by attack, plus
    `inconsistent` (the same figure differing between page, overview, export or report) and
    `false_zero` (a shown 0 whose truth is not 0)."""
    found: Counter = Counter()
    truth = _truth(con, scope)
    whole = page_figures(con, "headcount", scope)
    branches = sorted(truth["branch_code"].unique())
    families = sorted(truth["job_family"].unique())
    parts: dict[str, dict[str, pd.DataFrame]] = {"branch": {}, "family": {}}
    truths: dict[str, dict[str, pd.DataFrame]] = {"branch": {}, "family": {}}
    for kind, values, column, flt in (
        ("branch", branches, "branch_code", lambda v: Filters(org_units=(v,))),
        ("family", families, "job_family", lambda v: Filters(job_families=(v,))),
    ):
        for value in values:
            shown = page_figures(con, "headcount", scope, flt(value))["monthly"]
            true = _series(truth, {column: [value]})
            parts[kind][value], truths[kind][value] = shown, true
            found += _linked(shown, true) + _windows(shown, true)
            found += _shown_equals_truth(shown, true)
            found["false_zero"] += int(
                (
                    (shown.set_index("month")[list(COUNTS)] == 0)
                    & (true.reindex(shown["month"]).fillna(0).to_numpy() > 0)
                )
                .to_numpy()
                .sum()
            )
            # Page against page: the breakdown shows the same figures as the filtered page.
            breakdown = whole["by_branch" if kind == "branch" else "by_family"]
            same = breakdown[breakdown[column] == value].set_index("month")[list(COUNTS)]
            found["inconsistent"] += int(
                (same.reindex(shown["month"]).to_numpy() != shown[list(COUNTS)].to_numpy()).sum()
            )
        found += _complements(whole["monthly"], parts[kind], truths[kind])
        # Total minus a filter: the complement of one part against its truth.
        for value in values:
            rest = [v for v in values if v != value]
            if not rest:
                continue
            complement_true = _series(truth, {column: rest})
            flt_rest = (
                Filters(org_units=tuple(rest))
                if kind == "branch"
                else Filters(job_families=tuple(rest))
            )
            complement = page_figures(con, "headcount", scope, flt_rest)["monthly"]
            found += Counter(
                {
                    f"filter_{k}": v
                    for k, v in _shown_equals_truth(complement, complement_true).items()
                }
            )
            derived = (
                whole["monthly"].set_index("month")[list(COUNTS)]
                - parts[kind][value].set_index("month")[list(COUNTS)]
            )
            c = complement.set_index("month")
            t = complement_true.reindex(c.index).fillna(0)
            for count in COUNTS:
                protected = (c[f"{count}_status"] == PERTURBED).to_numpy()
                hit = protected & (
                    derived[count].reindex(c.index).to_numpy() == t[count].to_numpy()
                )
                found[f"filter_complement_{count}"] += int(hit.sum())
    # Grand total minus the shown cells of the latest month.
    latest = whole["latest"]
    month = latest["month"].max() if len(latest) else None
    if month is not None:
        total = whole["monthly"].set_index("month").loc[month]
        cells_true = truth[truth["month"] == month].set_index(["branch_code", "job_family"])
        shown_cells = latest.set_index(["branch_code", "job_family"])
        for count in COUNTS:
            for key in shown_cells.index:
                derived = total[count] - shown_cells[count].drop(key).sum()
                if derived == cells_true[count].get(key, 0):
                    found[f"cells_{count}"] += 1
    # Overview against the headcount page, export and report (executive).
    overview = page_figures(con, "overview", scope)
    found["inconsistent"] += int(
        (
            overview["monthly"][list(COUNTS)].to_numpy()
            != whole["monthly"][list(COUNTS)].to_numpy()
        ).sum()
    )
    kpis = overview["kpis"].set_index("figure")
    last12 = whole["monthly"].tail(12)
    if len(whole["monthly"]) >= 12:
        found["inconsistent"] += int(kpis.loc["hires_12m", "value"] != last12["hires"].sum())
        found["inconsistent"] += int(kpis.loc["exits_12m", "value"] != last12["exits"].sum())
    found["missing_kpi"] += int(kpis["value"].isna().sum())
    return found


def run(con: duckdb.DuckDBPyConnection, scopes: int | None = None) -> dict[str, dict[str, int]]:
    hrbps = hrbp_scopes(con)
    chosen = [EXECUTIVE, *(hrbps if scopes is None else hrbps[:scopes])]
    return {
        (s.role if s.role == "executive" else f"hrbp:{','.join(s.org_units)}"): dict(
            attack_scope(con, s)
        )
        for s in chosen
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("serving")
    parser.add_argument("--scopes", type=int, default=None, help="HRBP scopes (default: all)")
    args = parser.parse_args()
    con = duckdb.connect(args.serving, read_only=True)
    result = run(con, args.scopes)
    total: Counter = Counter()
    for counts in result.values():
        total.update(counts)
    print(json.dumps({"scopes": len(result), "total": dict(total), "by_scope": result}, indent=1))


if __name__ == "__main__":
    main()
