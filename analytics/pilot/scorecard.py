"""The pilot scorecard: each acceptance criterion with its figure, threshold, status and trend.

Statuses: "pass", "fail", "review" (adverse impact only: a ratio under 0.8 that is not
statistically significant, so a person must look at it) and "insufficient" (too few data to
judge). A criterion raises an alert when it enters or leaves "fail"/"review" between two builds,
including a first build that fails; a criterion that stays failing is not re-alerted every build.
"""

from __future__ import annotations

import math
from typing import Any

import polars as pl

from analytics.pilot.thresholds import Thresholds

ATTENTION = ("fail", "review")
TREND_TOLERANCE = 1e-9
SCORECARD_SCHEMA: dict[str, Any] = {
    "criterion": pl.String,
    "scope": pl.String,
    "figure": pl.Float64,
    "threshold": pl.Float64,
    "comparator": pl.String,
    "n": pl.Int64,
    "status": pl.String,
    "detail": pl.String,
}
CRITERIA: dict[str, str] = {
    "integration_sync_success": "Share of a source's IDs matched to one employee (latest load)",
    "integration_conflict_rate": "Share of a source's IDs matched to two people (latest load)",
    "ai_human_consistency": "Share of AI-human pairs within one point, per job family x competency",
    "hr_satisfaction": "Share of HR users' answers that are 4 or 5, all questions",
    "candidate_satisfaction": "Share of candidates' answers that are 4 or 5, all questions",
    "adverse_impact": "Lowest impact ratio of an audit and dimension (four-fifths rule)",
}


def _compare(figure: float | None, threshold: float, comparator: str) -> str:
    if figure is None or (isinstance(figure, float) and math.isnan(figure)):
        return "insufficient"
    ok = figure >= threshold if comparator == ">=" else figure <= threshold
    return "pass" if ok else "fail"


def _row(criterion: str, scope: str, figure, threshold, comparator, n, status, detail=None):
    return {
        "criterion": criterion,
        "scope": scope,
        "figure": figure,
        "threshold": threshold,
        "comparator": comparator,
        "n": n,
        "status": status,
        "detail": detail,
    }


def integration_criteria(health: pl.DataFrame, t: Thresholds) -> list[dict[str, Any]]:
    rows = []
    # Per source, the latest load that delivered IDs (a load of already-seen files has none).
    with_ids = health.filter(pl.col("ids_total") > 0)
    latest = with_ids.filter(
        pl.col("loaded_at").fill_null(pl.datetime(1900, 1, 1))
        == pl.col("loaded_at").fill_null(pl.datetime(1900, 1, 1)).max().over("source")
    ).unique("source", keep="last", maintain_order=True)
    for rec in latest.sort("source").iter_rows(named=True):
        for criterion, figure, threshold, comp in (
            ("integration_sync_success", rec["sync_success_rate"], t.sync_success_min, ">="),
            ("integration_conflict_rate", rec["conflict_rate"], t.conflict_rate_max, "<="),
        ):
            status = _compare(figure, threshold, comp)
            rows.append(
                _row(criterion, rec["source"], figure, threshold, comp, rec["ids_total"], status)
            )
    return rows


def agreement_criteria(agreement: pl.DataFrame, t: Thresholds) -> list[dict[str, Any]]:
    cells = agreement.filter(
        (pl.col("level") == "competency_family") & (pl.col("metric") == "within_one")
    ).sort("job_family", "competency")
    rows = []
    for rec in cells.iter_rows(named=True):
        figure = rec["value"] if rec["status"] == "ok" else None
        status = _compare(figure, t.within_one_min, ">=")
        detail = None
        if figure is not None:
            detail = f"95% CI {rec['ci_low']:.3f}-{rec['ci_high']:.3f}"
        scope = f"{rec['job_family']} / {rec['competency']}"
        rows.append(
            _row(
                "ai_human_consistency",
                scope,
                figure,
                t.within_one_min,
                ">=",
                rec["n_pairs"],
                status,
                detail,
            )
        )
    return rows


def satisfaction_criteria(satisfaction: pl.DataFrame, t: Thresholds) -> list[dict[str, Any]]:
    rows = []
    for criterion, respondent, threshold in (
        ("hr_satisfaction", "hr_user", t.hr_user_min),
        ("candidate_satisfaction", "candidate", t.candidate_min),
    ):
        rec = satisfaction.filter(
            (pl.col("respondent_type") == respondent) & (pl.col("question_code") == "overall")
        )
        if rec.is_empty():
            rows.append(_row(criterion, respondent, None, threshold, ">=", 0, "insufficient"))
            continue
        r = rec.row(0, named=True)
        figure = r["share_satisfied"]
        detail = None if figure is None else f"95% CI {r['ci_low']:.3f}-{r['ci_high']:.3f}"
        rows.append(
            _row(
                criterion,
                respondent,
                figure,
                threshold,
                ">=",
                r["n"],
                _compare(figure, threshold, ">="),
                detail,
            )
        )
    return rows


def adverse_impact_criteria(audit: pl.DataFrame, t: Thresholds) -> list[dict[str, Any]]:
    rows = []
    for (name, dim), part in audit.group_by("audit", "dimension", maintain_order=True):
        rated = part.filter(pl.col("impact_ratio").is_not_null())
        n = int(part["n_sample"].max() or 0)
        scope = f"{name} / {dim}"
        if rated.height < 2:
            # One category (or none) left after exclusions: there is nothing to compare.
            rows.append(
                _row("adverse_impact", scope, None, t.impact_ratio_min, ">=", n, "insufficient")
            )
            continue
        figure = float(rated["impact_ratio"].min())
        flagged = rated.filter(pl.col("flagged"))["category"].to_list()
        below = rated.filter(pl.col("below_four_fifths"))["category"].to_list()
        if flagged:
            status, detail = "fail", "flagged: " + ", ".join(flagged)
        elif below:
            status, detail = "review", "under 0.8, not significant: " + ", ".join(below)
        else:
            status, detail = "pass", None
        rows.append(
            _row("adverse_impact", scope, figure, t.impact_ratio_min, ">=", n, status, detail)
        )
    return rows


def build_scorecard(
    agreement: pl.DataFrame,
    audit: pl.DataFrame,
    satisfaction: pl.DataFrame,
    health: pl.DataFrame,
    thresholds: Thresholds,
) -> pl.DataFrame:
    """Every criterion of the pilot with figure, threshold, comparator, n, status and detail."""
    rows = (
        integration_criteria(health, thresholds)
        + agreement_criteria(agreement, thresholds)
        + satisfaction_criteria(satisfaction, thresholds)
        + adverse_impact_criteria(audit, thresholds)
    )
    return pl.DataFrame(rows, schema=SCORECARD_SCHEMA)


def add_trend(current: pl.DataFrame, previous: pl.DataFrame | None) -> pl.DataFrame:
    """Compare with the previous build: trend of the figure and whether an alert is due.

    Adds previous_figure, previous_status, trend ("up", "down", "flat", "new", or null without a
    figure), alert (bool) and alert_reason ("failed", "needs review", "recovered", ...).
    """
    prev = (
        previous.select(
            "criterion",
            "scope",
            pl.col("figure").alias("previous_figure"),
            pl.col("status").alias("previous_status"),
        )
        if previous is not None and not previous.is_empty()
        else pl.DataFrame(
            schema={
                "criterion": pl.String,
                "scope": pl.String,
                "previous_figure": pl.Float64,
                "previous_status": pl.String,
            }
        )
    )
    out = current.join(prev, on=["criterion", "scope"], how="left")
    delta = pl.col("figure") - pl.col("previous_figure")
    trend = (
        pl.when(pl.col("figure").is_null())
        .then(pl.lit(None, dtype=pl.String))
        .when(pl.col("previous_figure").is_null())
        .then(pl.lit("new"))
        .when(delta > TREND_TOLERANCE)
        .then(pl.lit("up"))
        .when(delta < -TREND_TOLERANCE)
        .then(pl.lit("down"))
        .otherwise(pl.lit("flat"))
    )
    now_bad = pl.col("status").is_in(ATTENTION)
    was_bad = pl.col("previous_status").is_in(ATTENTION).fill_null(False)
    reason = (
        pl.when(now_bad & (pl.col("status") != pl.col("previous_status").fill_null("")))
        .then(
            pl.when(pl.col("status") == "fail")
            .then(pl.lit("failed"))
            .otherwise(pl.lit("needs review"))
        )
        .when(~now_bad & was_bad)
        .then(pl.lit("recovered"))
        .otherwise(pl.lit(None, dtype=pl.String))
    )
    return out.with_columns(trend.alias("trend"), reason.alias("alert_reason")).with_columns(
        pl.col("alert_reason").is_not_null().alias("alert")
    )


def alert_message(row: dict[str, Any]) -> str:
    """One line for an alert: criterion, scope and figures only, never personal data."""
    figure = "n/a" if row.get("figure") is None else f"{row['figure']:.3f}"
    prev = row.get("previous_status") or "none"
    return (
        f"Pilot criterion {row['criterion']} ({row['scope']}) {row['alert_reason']}: "
        f"figure {figure} vs threshold {row['comparator']} {row['threshold']:.3f}, "
        f"status {prev} -> {row['status']}"
    )
