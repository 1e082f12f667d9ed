"""A new AI model version that scores one competency 1.5 points higher is caught; an unchanged
one is not. The scores are written to a real raw.ai_interviews table."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import numpy as np
import polars as pl

from expectations.distribution import score_drift
from ingest.contract import SOURCES
from ingest.raw_schema import create_raw_tables
from sample_enterprise.bank.bank_vocabulary import COMPETENCIES

NEWEST = datetime(2025, 6, 30, 12, 0)


def _assessments(shift: dict[str, float], seed: int = 3) -> pl.DataFrame:
    """Seven months of assessments: v2.0 before the last 30 days, v2.1 in them."""
    rng = np.random.default_rng(seed)
    n = 1400
    age_days = rng.uniform(0, 210, n)
    age_days[0] = 0  # the newest assessment sets the window's edge
    current = age_days < 30
    cols: dict[str, object] = {
        "assessment_id": [f"A{i:06d}" for i in range(n)],
        "assessed_at": [NEWEST - timedelta(days=float(d)) for d in age_days],
        "model_version": np.where(current, "v2.1", "v2.0"),
        "exported_at": [NEWEST] * n,
    }
    for i, c in enumerate(COMPETENCIES):
        base = rng.normal(5.5 + 0.2 * i, 1.3, n)
        cols[f"score_{c}"] = np.clip(base + np.where(current, shift.get(c, 0.0), 0.0), 0, 10)
    return pl.DataFrame(cols)


def _warehouse(tmp_path: Path, frame: pl.DataFrame) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    create_raw_tables(con)
    rest = [c for c in SOURCES["ai_interviews"].columns if c not in frame.columns]
    con.register("f", frame)
    con.execute(
        "insert into raw.ai_interviews by name select *, "
        + ", ".join(f"null as {c}" for c in rest)
        + ", 'l1' as _load_id, 'ai_interviews/a.jsonl' as _file, 1 as _line, "
        "now()::timestamp as _loaded_at from f"
    )
    return con


def test_unchanged_scores_are_not_flagged(tmp_path: Path) -> None:
    con = _warehouse(tmp_path, _assessments({}))
    results = score_drift(con)
    assert len(results) == len(COMPETENCIES)
    assert all(r.passed for r in results), [r.message for r in results if not r.passed]


def test_a_new_model_version_scoring_one_competency_higher_is_caught(tmp_path: Path) -> None:
    planted = 1.5
    con = _warehouse(tmp_path, _assessments({"risk_awareness": planted}))
    results = score_drift(con, severity="ERROR")
    failed = [r for r in results if not r.passed]
    assert [r.name for r in failed] == ["score_drift.risk_awareness"]
    (hit,) = failed
    assert hit.severity == "ERROR" and hit.blocks
    assert abs(hit.observed - planted) < 0.5  # the planted shift, give or take sampling noise
    assert "new model version v2.1" in hit.message


def test_a_squeezed_spread_is_caught(tmp_path: Path) -> None:
    frame = _assessments({})
    current = frame["assessed_at"] > NEWEST - timedelta(days=30)
    squeezed = (
        pl.when(current)
        .then(pl.col("score_stability") * 0.3 + 4.0)
        .otherwise(pl.col("score_stability"))
    )
    con = _warehouse(tmp_path, frame.with_columns(score_stability=squeezed))
    failed = [r.name for r in score_drift(con) if not r.passed]
    assert failed == ["score_drift.stability"]
