"""Drift of the AI-interview scores: mean and spread per competency against the months before.

A new AI model version that scores a competency higher (or squeezes the spread) changes what the
models learn from the scores; this check compares the newest window of assessments with a
baseline of the preceding months, in SQL over the whole table.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from expectations.result import CheckResult, Severity
from ingest import vocabulary


@dataclass(frozen=True)
class DriftLimits:
    window_days: int = 30  # the newest assessments
    baseline_days: int = 180  # the months before them
    max_mean_shift: float = 0.5  # points on the 0-10 scale (and at least 4 standard errors)
    max_std_ratio: float = 1.5  # spread may widen or narrow by this factor
    min_n: int = 30  # fewer assessments than this on either side: not judged


def _scores_sql(table: str) -> str:
    # Corrections re-export an assessment: count each assessment once, its latest export.
    return f"""
        select * from {table}
        qualify row_number() over (partition by assessment_id order by exported_at desc) = 1
    """


def score_drift(
    con: duckdb.DuckDBPyConnection,
    *,
    table: str = "raw.ai_interviews",
    limits: DriftLimits | None = None,
    severity: Severity = "WARN",
) -> list[CheckResult]:
    """One result per competency: does the newest window's mean/spread match the baseline?"""
    limits = limits or DriftLimits()
    asset = table
    competencies = vocabulary.active().competencies
    selects = ",\n".join(
        f"avg(score_{c}) filter (where cur) as m_cur_{c}, "
        f"stddev_samp(score_{c}) filter (where cur) as s_cur_{c}, "
        f"count(score_{c}) filter (where cur) as n_cur_{c}, "
        f"avg(score_{c}) filter (where not cur) as m_base_{c}, "
        f"stddev_samp(score_{c}) filter (where not cur) as s_base_{c}, "
        f"count(score_{c}) filter (where not cur) as n_base_{c}"
        for c in competencies
    )
    sql = f"""
        with s as ({_scores_sql(table)}),
        edge as (select max(assessed_at) as newest from s),
        w as (
            select s.*, s.assessed_at > edge.newest - to_days({limits.window_days}) as cur
            from s, edge
            where s.assessed_at > edge.newest
                  - to_days({limits.window_days + limits.baseline_days})
        )
        select {selects} from w
    """
    row = con.execute(sql).fetchone()
    cols = [d[0] for d in con.description]
    stats = dict(zip(cols, row, strict=True))
    versions = con.execute(
        f"""
        with s as ({_scores_sql(table)}), edge as (select max(assessed_at) as newest from s)
        select list(distinct model_version order by model_version)
            filter (where assessed_at > newest - to_days({limits.window_days})),
               list(distinct model_version order by model_version)
            filter (where assessed_at <= newest - to_days({limits.window_days}))
        from s, edge
        """
    ).fetchone()
    new_versions = sorted(set(versions[0] or []) - set(versions[1] or []))
    version_note = f"; new model version {', '.join(new_versions)}" if new_versions else ""
    out = []
    for c in competencies:
        m_cur, s_cur, n_cur = stats[f"m_cur_{c}"], stats[f"s_cur_{c}"], stats[f"n_cur_{c}"]
        m_base, s_base, n_base = stats[f"m_base_{c}"], stats[f"s_base_{c}"], stats[f"n_base_{c}"]
        name = f"score_drift.{c}"
        if n_cur < limits.min_n or n_base < limits.min_n or not s_base or s_cur is None:
            out.append(
                CheckResult(
                    name,
                    asset,
                    severity,
                    True,
                    None,
                    f"too few assessments to judge ({n_cur} newest, {n_base} baseline)",
                    "ai_interviews",
                )
            )
            continue
        shift = m_cur - m_base
        ratio = s_cur / s_base
        # Small windows are noisy: a shift must also clear 4 standard errors to count.
        se = (s_cur**2 / n_cur + s_base**2 / n_base) ** 0.5
        passed = (
            abs(shift) <= max(limits.max_mean_shift, 4 * se)
            and 1 / limits.max_std_ratio <= ratio <= limits.max_std_ratio
        )
        out.append(
            CheckResult(
                name=name,
                asset=asset,
                severity=severity,
                passed=passed,
                observed=round(shift, 3),
                message=(
                    f"{c}: mean {m_base:.2f} -> {m_cur:.2f} (shift {shift:+.2f}), "
                    f"spread {s_base:.2f} -> {s_cur:.2f} over the last {limits.window_days} d "
                    f"({n_cur} assessments) vs the {limits.baseline_days} d before "
                    f"({n_base}){version_note}"
                ),
                source="ai_interviews",
                counts={"assessments_newest": int(n_cur), "assessments_baseline": int(n_base)},
            )
        )
    return out
