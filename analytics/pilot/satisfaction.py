"""Satisfaction of HR users and candidates with the AI interview, per question and overall.

A respondent is satisfied with a question when the answer is 4 or 5 on the 1-5 scale; the figure
is the share of such answers. "overall" pools every answer of the respondent type. Its Wilson
interval takes the number of questionnaires, not of answers, as the sample size: the five answers
of one person move together, so counting them as five independent answers would give a falsely
narrow interval (this choice can only make the interval wider).
"""

from __future__ import annotations

from typing import Any

import polars as pl

from analytics.pilot import stats
from analytics.pilot.thresholds import Thresholds

OVERALL = "overall"
OUTPUT_SCHEMA: dict[str, Any] = {
    "respondent_type": pl.String,
    "question_code": pl.String,
    "n": pl.Int64,
    "n_satisfied": pl.Int64,
    "share_satisfied": pl.Float64,
    "ci_low": pl.Float64,
    "ci_high": pl.Float64,
    "status": pl.String,
}


def satisfaction_table(responses: pl.DataFrame, thresholds: Thresholds) -> pl.DataFrame:
    """Share of 4-5 answers with a Wilson 95% interval.

    `responses`: response_id, respondent_type, question_code, answer (1-5), one row per answer.
    Below `min_responses` answers the share is withheld and the status is "insufficient".
    """
    per_question = responses.group_by("respondent_type", "question_code").agg(
        pl.len().alias("n"), (pl.col("answer") >= 4).sum().alias("n_satisfied")
    )
    overall = (
        responses.group_by("respondent_type")
        .agg(
            pl.len().alias("n"),
            (pl.col("answer") >= 4).sum().alias("n_satisfied"),
            pl.col("response_id").n_unique().alias("n_questionnaires"),
        )
        .with_columns(pl.lit(OVERALL).alias("question_code"))
    )
    rows = []
    for rec in pl.concat([per_question, overall], how="diagonal").iter_rows(named=True):
        n, k = int(rec["n"]), int(rec["n_satisfied"])
        ok = n >= thresholds.min_responses
        # Per question one answer is one person; overall, size the interval by questionnaires.
        n_ci = rec.get("n_questionnaires") or n
        low, high = stats.wilson_interval(k / n * n_ci, n_ci) if n else (None, None)
        rows.append(
            {
                "respondent_type": rec["respondent_type"],
                "question_code": rec["question_code"],
                "n": n,
                "n_satisfied": k,
                "share_satisfied": k / n if ok else None,
                "ci_low": low if ok else None,
                "ci_high": high if ok else None,
                "status": "ok" if ok else "insufficient",
            }
        )
    return pl.DataFrame(rows, schema=OUTPUT_SCHEMA).sort("respondent_type", "question_code")
