"""A tiny warehouse with the star-schema tables the pilot assets read, built directly in DuckDB.

Shaped like the marts (same table and column names), filled from a seeded random generator with
two planted facts: AI and human disagree on risk awareness of customer managers, and (optionally)
the AI scores women lower.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb
import numpy as np
import polars as pl

from ingest.raw_schema import create_raw_tables
from sample_enterprise.bank.bank_vocabulary import COMPETENCIES

FAMILIES = ("customer_manager", "teller")


def build_tiny_warehouse(
    path: Path, candidates: int = 300, bias_points: float = 0.0, seed: int = 3
) -> None:
    rng = np.random.default_rng(seed)
    scores, people = [], []
    start = date(2025, 1, 1)
    for i in range(candidates):
        cand = f"C{i:09d}"
        family = FAMILIES[i % 2]
        sex = "F" if rng.random() < 0.5 else "M"
        birth_year = int(rng.integers(1968, 2004))
        day = start + timedelta(days=int(rng.integers(0, 150)))
        shift = -bias_points if sex == "F" else 0.0
        ai_all = []
        for comp in COMPETENCIES:
            true = rng.normal(6.0, 1.2)
            noisy = family == "customer_manager" and comp == "risk_awareness"
            ai = float(np.clip(true + rng.normal(0, 1.6 if noisy else 0.3) + shift, 0, 10))
            human = float(np.clip(true + rng.normal(0, 0.3), 0, 10))
            ai_all.append(ai)
            base = {
                "assessment_id": f"A{i:06d}",
                "candidate_key": cand,
                "competency_code": comp,
                "model_version": "v1" if day.month < 4 else "v2",
                "job_family": family,
            }
            scores.append(
                {**base, "rater_type": "ai", "interview_id": f"A{i:06d}", "score": ai,
                 "is_blind": None, "interview_date": day}
            )  # fmt: skip
            scores.append(
                {**base, "rater_type": "human", "interview_id": f"H{i:06d}", "score": human,
                 "is_blind": bool(i % 3), "interview_date": day + timedelta(days=2)}
            )  # fmt: skip
        mean_ai = float(np.mean(ai_all))
        people.append(
            {
                "candidate_key": cand,
                "sex": sex if i % 40 else None,  # a few unknowns
                "birth_year": birth_year,
                "latest_assessed_at": datetime.combine(day, datetime.min.time()),
                "latest_ai_recommendation": "advance" if mean_ai > 6.0 else "hold",
                "is_hired": bool(mean_ai > 6.3),
            }
        )
    surveys = []
    for r in range(80):
        who = "hr_user" if r < 40 else "candidate"
        for q in ("Q1", "Q2", "Q3", "Q4", "Q5"):
            answer = 5 if rng.random() < 0.93 else 2
            surveys.append(
                {"response_id": f"S{r:04d}", "respondent_type": who, "question_code": q,
                 "answer_score": answer}
            )  # fmt: skip
    now = datetime.now()
    manifest = pl.DataFrame(
        {
            "load_id": ["L1", "L1"],
            "source": ["ai_interviews", "hr_employees"],
            "file": ["ai_interviews/a.jsonl", "hr_employees/h.csv"],
            "file_hash": ["x", "y"],
            "status": ["loaded", "loaded"],
            "rows_read": [240, 100],
            "rows_loaded": [239, 100],
            "rows_quarantined": [1, 0],
            "message": [None, None],
            "loaded_at": [now, now],
        }
    )
    summary = pl.DataFrame(
        {
            "source_name": ["ai_interviews", "hr_employees", "ai_interviews", "hr_employees"],
            "load_id": ["L1", "L1", "all", "all"],
            "is_all_loads": [False, False, True, True],
            "ids_seen": [400, 100, 400, 100],
            "ids_matched": [399, 100, 399, 100],
            "ids_conflicting": [1, 0, 1, 0],
        }
    )
    con = duckdb.connect(str(path))
    try:
        create_raw_tables(con)
        con.execute("create schema if not exists marts")
        for name, frame in (
            ("fct_interview_scores", pl.DataFrame(scores)),
            ("dim_candidate", pl.DataFrame(people)),
            ("fct_survey_responses", pl.DataFrame(surveys)),
            ("id_resolution_summary", summary),
        ):
            con.register("_f", frame)
            con.execute(f"create or replace table marts.{name} as select * from _f")
            con.unregister("_f")
        con.register("_m", manifest)
        con.execute("insert into raw.load_manifest by name select * from _m")
    finally:
        con.close()
