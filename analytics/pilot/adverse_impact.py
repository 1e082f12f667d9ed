"""Adverse-impact audit after New York City's rules for automated employment decision tools.

Selection audits (a yes/no decision, e.g. hired or AI-recommended): the selection rate of a
category is its share selected; its impact ratio is that rate over the highest category's rate.
Scoring audits (a continuous AI score): the scoring rate is the share of a category scoring above
the median of the whole sample; its impact ratio is that rate over the highest scoring rate.

Categories are built by sex, by age band, by under/over 35 and by sex x age band. A category
under `min_category_share` of the sample is excluded from the ratios and listed as such; people
whose sex or age is unknown are counted in an "unknown" row. A ratio under the four-fifths
threshold is `below_four_fifths`; it is `flagged` when, in addition, a two-sided Fisher exact test
against the highest category is significant after Holm's adjustment over all comparisons of the
audit, so that chance gaps in small categories (and the sheer number of categories compared) do
not raise alarms, while every sub-0.8 ratio is still listed for review.
"""

from __future__ import annotations

import math
from typing import Any, Literal

import polars as pl

from analytics.pilot import stats
from analytics.pilot.thresholds import Thresholds

UNKNOWN = "unknown"
DIMENSIONS: tuple[str, ...] = ("sex", "age_band", "age_35", "sex_x_age_band")
Outcome = Literal["selection", "scoring"]
OUTPUT_SCHEMA: dict[str, Any] = {
    "audit": pl.String,
    "outcome": pl.String,
    "dimension": pl.String,
    "category": pl.String,
    "n": pl.Int64,
    "share_of_sample": pl.Float64,
    "hits": pl.Int64,
    "rate": pl.Float64,
    "impact_ratio": pl.Float64,
    "p_value": pl.Float64,
    "p_value_holm": pl.Float64,
    "status": pl.String,
    "below_four_fifths": pl.Boolean,
    "is_significant": pl.Boolean,
    "flagged": pl.Boolean,
    "n_sample": pl.Int64,
    "median_score": pl.Float64,
}


def age_band(age: int | None, edges: tuple[int, ...]) -> str:
    """'under_25', '25_34', '35_44', '45_plus' for the default edges (25, 35, 45)."""
    if age is None:
        return UNKNOWN
    if age < edges[0]:
        return f"under_{edges[0]}"
    for low, high in zip(edges, edges[1:], strict=False):
        if age < high:
            return f"{low}_{high - 1}"
    return f"{edges[-1]}_plus"


def categorise(units: pl.DataFrame, thresholds: Thresholds) -> pl.DataFrame:
    """Add one category column per dimension from `sex` (M/F/X/null) and `age` (years/null).

    X (another sex or none stated) joins the "not stated" row with the unknown: the four-fifths
    rule compares groups large enough for a rate, and an X group of a handful would single
    people out."""
    edges = thresholds.age_band_edges
    sex = pl.when(pl.col("sex").is_in(["M", "F"])).then(pl.col("sex")).otherwise(pl.lit(UNKNOWN))
    # The same bands as `age_band`, as one expression: first matching upper edge wins.
    band: pl.Expr = pl.lit(f"{edges[-1]}_plus")
    for low, high in reversed(list(zip((None, *edges), edges, strict=False))):
        label = f"under_{high}" if low is None else f"{low}_{high - 1}"
        band = pl.when(pl.col("age") < high).then(pl.lit(label)).otherwise(band)
    out = units.with_columns(
        sex.alias("sex_category"),
        pl.when(pl.col("age").is_null())
        .then(pl.lit(UNKNOWN))
        .otherwise(band)
        .alias("age_band_category"),
        pl.when(pl.col("age").is_null())
        .then(pl.lit(UNKNOWN))
        .when(pl.col("age") < 35)
        .then(pl.lit("under_35"))
        .otherwise(pl.lit("35_plus"))
        .alias("age_35_category"),
    )
    return out.with_columns(
        pl.when((pl.col("sex_category") == UNKNOWN) | (pl.col("age_band_category") == UNKNOWN))
        .then(pl.lit(UNKNOWN))
        .otherwise(pl.col("sex_category") + pl.lit("|") + pl.col("age_band_category"))
        .alias("sex_x_age_band_category")
    )


def impact_ratios(
    units: pl.DataFrame, outcome: Outcome, audit: str, thresholds: Thresholds
) -> pl.DataFrame:
    """The audit table of one decision or score: one row per dimension x category.

    `units` has one row per person assessed with `sex`, `age` and either `selected` (bool,
    outcome "selection") or `score` (float, outcome "scoring"). Status of a row: "included"
    (has a ratio), "reference" (the highest rate: ratio 1), "excluded_small" (under the 2%
    share), "unknown" (sex or age unknown), "undefined" (the highest rate is 0: no ratio).
    """
    n_sample = units.height
    median = None
    if outcome == "scoring":
        scores = units["score"].cast(pl.Float64)
        median = float(scores.median()) if n_sample else None
        # Strictly above the median; when every score equals the median nobody qualifies.
        units = units.with_columns((pl.col("score") > median).fill_null(False).alias("hit"))
    else:
        units = units.with_columns(pl.col("selected").fill_null(False).alias("hit"))
    units = categorise(units, thresholds)
    rows: list[dict[str, Any]] = []
    for dim in DIMENSIONS:
        counts = (
            units.group_by(f"{dim}_category")
            .agg(pl.len().alias("n"), pl.col("hit").sum().alias("hits"))
            .rename({f"{dim}_category": "category"})
            .sort("category")
        )
        for row in _dimension_rows(counts, dim, n_sample, thresholds):
            row.update(audit=audit, outcome=outcome, n_sample=n_sample, median_score=median)
            rows.append(row)
    for row, adjusted in zip(rows, stats.holm_adjust([r["p_value"] for r in rows]), strict=True):
        significant = None if adjusted is None else bool(adjusted < thresholds.significance_level)
        row.update(
            p_value_holm=adjusted,
            is_significant=significant,
            flagged=bool(row["below_four_fifths"] and significant),
        )
    return pl.DataFrame(rows, schema=OUTPUT_SCHEMA)


def _dimension_rows(
    counts: pl.DataFrame, dim: str, n_sample: int, thresholds: Thresholds
) -> list[dict[str, Any]]:
    rows = []
    for rec in counts.iter_rows(named=True):
        n, hits = int(rec["n"]), int(rec["hits"])
        share = n / n_sample if n_sample else math.nan
        if rec["category"] == UNKNOWN:
            status = "unknown"
        elif share < thresholds.min_category_share or n < thresholds.min_category_n:
            status = "excluded_small"
        else:
            status = "included"
        rows.append(
            {
                "dimension": dim,
                "category": rec["category"],
                "n": n,
                "share_of_sample": share,
                "hits": hits,
                "rate": hits / n if n else None,
                "status": status,
            }
        )
    included = [r for r in rows if r["status"] == "included"]
    if not included:
        return [_finish(r, None, None, thresholds) for r in rows]
    best = max(included, key=lambda r: (r["rate"], r["n"]))
    for r in rows:
        if r["status"] != "included":
            _finish(r, None, None, thresholds)
        elif best["rate"] == 0:
            r["status"] = "undefined"
            _finish(r, None, None, thresholds)
        elif r is best:
            r["status"] = "reference"
            _finish(r, 1.0, None, thresholds)
        else:
            p = stats.fisher_p_value(r["hits"], r["n"], best["hits"], best["n"])
            _finish(r, r["rate"] / best["rate"], p, thresholds)
    return rows


def _finish(
    row: dict[str, Any], ratio: float | None, p: float | None, thresholds: Thresholds
) -> dict[str, Any]:
    below = None if ratio is None else bool(ratio < thresholds.impact_ratio_min)
    # Significance and the flag are set once every p-value of the audit is known (Holm).
    row.update(impact_ratio=ratio, p_value=p, below_four_fifths=below)
    return row


def unknown_counts(audit_table: pl.DataFrame) -> pl.DataFrame:
    """Per audit and dimension: how many people had an unknown category (NYC rules ask for it)."""
    return (
        audit_table.group_by("audit", "dimension")
        .agg(
            pl.col("n").filter(pl.col("status") == "unknown").sum().alias("n_unknown"),
            pl.col("category").filter(pl.col("status") == "excluded_small").alias("excluded"),
        )
        .sort("audit", "dimension")
    )
