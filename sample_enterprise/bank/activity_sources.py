"""Typed frames of performance reviews, training enrollments and satisfaction surveys."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import polars as pl

from ingest.contract import SURVEY_QUESTIONS

from . import ids
from .bank_vocabulary import COMPETENCIES, JOB_FAMILIES
from .frames import NO_DAY, dates, datetimes, keys_or_null, yearly_files, years_of_days
from .hr_sources import World
from .population import EXIT_NONE


def _quarters(w: World) -> list[tuple[str, int, int]]:
    """(period, first day, last day) of the reviewed quarters, oldest first."""
    y, q = w.as_of.year, (w.as_of.month - 1) // 3  # the current quarter is not complete yet
    out = []
    for _ in range(w.p.review_history_years * 4):
        q -= 1
        if q < 0:
            y, q = y - 1, 3
        first = np.datetime64(f"{y}-{3 * q + 1:02d}-01", "D")
        last = (first.astype("datetime64[M]") + np.timedelta64(3, "M")).astype("datetime64[D]") - 1
        epoch = np.datetime64("1970-01-01", "D")
        out.append(
            (f"{y}Q{q + 1}", int((first - epoch).astype(int)), int((last - epoch).astype(int)))
        )
    return out[::-1]


def performance_reviews(rng: np.random.Generator, w: World) -> Iterator[pl.DataFrame]:
    """Quarterly reviews, one frame (and file) per quarter: a million staff give millions."""
    pop = w.pop
    next_id = 200_000_001
    for period, _first, last in _quarters(w):
        idx = np.flatnonzero(
            (pop.hire <= last - 45) & ((pop.exit == EXIT_NONE) | (pop.exit >= last))
        )
        m = len(idx)
        score = np.round(np.clip(6.5 + 1.1 * pop.perf_z[idx] + rng.normal(0, 0.55, m), 1, 10), 1)
        submitted = (last + rng.integers(5, 36, m)) * 86400 + rng.integers(8 * 3600, 20 * 3600, m)
        # Reviews not yet submitted at as_of are simply not in the extract.
        keep = submitted < w.as_of_day * 86400
        rank_key = score + rng.normal(0, 0.15, m)
        df = pl.DataFrame(
            {
                "spell": idx[keep],
                "period": np.full(keep.sum(), period),
                "score": score[keep],
                "rank_key": rank_key[keep],
                "submitted": submitted[keep],
            }
        ).sort(["submitted", "spell"])
        if df.is_empty():
            continue
        yield _review_frame(rng, w, df, next_id, f"performance_{period}.csv")
        next_id += len(df)


def _review_frame(
    rng: np.random.Generator, w: World, df: pl.DataFrame, first_id: int, file: str
) -> pl.DataFrame:
    pop, p = w.pop, w.p
    cum = np.cumsum([p.grade_shares[g] for g in ("S", "A", "B", "C", "D")])
    # Forced-ish distribution: grades by rank within the period, on a slightly noisy score.
    pct = (
        pl.col("rank_key").rank("ordinal", descending=True).over("period") - 0.5
    ) / pl.len().over("period")
    grade = (
        pl.when(pct <= cum[0])
        .then(pl.lit("S"))
        .when(pct <= cum[1])
        .then(pl.lit("A"))
        .when(pct <= cum[2])
        .then(pl.lit("B"))
        .when(pct <= cum[3])
        .then(pl.lit("C"))
        .otherwise(pl.lit("D"))
    )
    df = df.with_columns(grade=grade)
    spell = df["spell"].to_numpy()
    m = len(spell)
    selling = pop.family[spell] == 0  # customer managers carry sales targets
    grade_now = w.careers.final_grade[spell]
    target = np.round(150.0 + 60.0 * grade_now, 1)
    actual = np.round(
        target * np.clip(0.9 + 0.2 * pop.perf_z[spell] + rng.normal(0, 0.12, m), 0.2, 2.5), 1
    )
    reviewer = w.careers.manager[spell]
    emp_raw, emp_kind = ids.hr_ids(pop.key[spell], rng, p.id_variant_shares)
    rev_raw, rev_kind = ids.hr_ids(reviewer, rng, p.id_variant_shares)
    return pl.DataFrame(
        {
            "review_id": pl.select(
                pl.lit("PR") + pl.Series(np.arange(m) + first_id).cast(pl.String)
            ).to_series(),
            "employee_id": emp_raw,
            "period": df["period"],
            "score": df["score"],
            "grade": df["grade"],
            "sales_target": pl.Series(np.where(selling, target, np.nan), nan_to_null=True),
            "sales_actual": pl.Series(np.where(selling, actual, np.nan), nan_to_null=True),
            "reviewer_id": rev_raw,
            "submitted_at": datetimes(df["submitted"].to_numpy()),
            "_file": pl.repeat(file, m, eager=True, dtype=pl.String),
            "_key__employee_id": pl.Series(pop.key[spell], dtype=pl.Int64),
            "_idk__employee_id": emp_kind,
            "_key__reviewer_id": keys_or_null(reviewer),
            "_idk__reviewer_id": rev_kind,
        }
    )


def training_enrollments(rng: np.random.Generator, w: World, catalog: pl.DataFrame) -> pl.DataFrame:
    pop, p = w.pop, w.p
    ws = w.as_of_day - int(p.training_history_years * 365.25)
    end = np.where(pop.exit == EXIT_NONE, w.as_of_day, pop.exit).astype(np.int64)
    start = np.maximum(pop.hire, ws).astype(np.int64)
    span = np.maximum(0, end - start)
    count = rng.poisson(p.enrollments_per_year * span / 365.25)
    spell = np.repeat(np.arange(len(pop)), count)
    m = len(spell)
    enrolled = start[spell] + np.floor(rng.random(m) * np.maximum(1, span[spell])).astype(np.int64)
    # Courses: a family's three most important competencies are trained three times as often.
    comp_of_course = np.array([COMPETENCIES.index(c) for c in catalog["competency_code"]])
    hours = catalog["hours"].to_numpy()
    fam_w = np.ones((len(JOB_FAMILIES), len(COMPETENCIES)))
    for f, fam in enumerate(JOB_FAMILIES):
        for c in sorted(p.effects[fam], key=lambda c: -p.effects[fam][c])[:3]:
            fam_w[f, COMPETENCIES.index(c)] = 3.0
    course_w = fam_w[:, comp_of_course]
    course_cum = np.cumsum(course_w / course_w.sum(axis=1, keepdims=True), axis=1)
    fam = pop.family[spell]
    course = np.minimum(
        (rng.random(m)[:, None] > course_cum[fam]).sum(axis=1), len(comp_of_course) - 1
    )
    planned = np.clip(np.round(hours[course] / 2), 1, 40).astype(np.int64)
    attend_p = 1.0 / (1.0 + np.exp(-(1.4 + 0.9 * pop.train_z[spell])))
    attended = rng.binomial(planned, attend_p)
    finish = enrolled + planned * 3 + 7
    done = finish <= end[spell]
    completed = done & (attended >= 0.75 * planned)
    comp = comp_of_course[course]
    exam = np.round(
        np.clip(
            62 + 6 * pop.latent[spell, comp] + 15 * (attend_p - 0.8) + rng.normal(0, 7, m), 0, 100
        ),
        1,
    )
    exam = np.where(completed | (done & (rng.random(m) < 0.5)), exam, np.nan)
    updated_day = np.where(done, finish, enrolled + rng.integers(0, 5, m))
    updated_day = np.minimum(updated_day, w.as_of_day)
    updated = np.minimum(
        updated_day * 86400 + rng.integers(8 * 3600, 22 * 3600, m), w.as_of_day * 86400 + 3000
    )
    order = np.lexsort((spell, enrolled))
    spell, enrolled, course, planned, attended = (
        spell[order],
        enrolled[order],
        course[order],
        planned[order],
        attended[order],
    )
    completed, exam, finish, updated = completed[order], exam[order], finish[order], updated[order]
    learner_raw, learner_kind = ids.learner_ids(pop.key[spell], rng, p.id_variant_shares)
    year = years_of_days(enrolled)
    half = np.where(
        enrolled.astype("datetime64[D]").astype("datetime64[M]").astype(int) % 12 < 6, 1, 2
    )
    return pl.DataFrame(
        {
            "enrollment_id": pl.select(
                pl.lit("EN") + pl.Series(np.arange(1, m + 1) + 100_000_000).cast(pl.String)
            ).to_series(),
            "learner_id": learner_raw,
            "course_code": catalog["course_code"].gather(course),
            "enrolled_date": dates(enrolled),
            "sessions_planned": planned,
            "sessions_attended": attended.astype(np.int64),
            "exam_score": pl.Series(exam, nan_to_null=True),
            "completed": completed,
            "completed_date": dates(np.where(completed, finish, NO_DAY)),
            "updated_at": datetimes(updated),
            "_file": yearly_files("enrollments_", year * 10 + half, ".xlsx").str.replace(
                r"(\d{4})(\d)\.xlsx$", "${1}H${2}.xlsx"
            ),
            "_key__learner_id": pl.Series(pop.key[spell], dtype=pl.Int64),
            "_idk__learner_id": learner_kind,
        }
    )


def surveys(rng: np.random.Generator, w: World, ai: pl.DataFrame) -> pl.DataFrame:
    p = w.p
    # Candidates answer a few days after their AI interview.
    n_c = len(ai)
    pick = np.flatnonzero(rng.random(n_c) < p.survey_candidate_share)
    a_day = (ai["assessed_at"].dt.epoch("s").to_numpy()[pick] // 86400).astype(np.int64)
    c_day = np.minimum(a_day + rng.integers(1, 11, len(pick)), w.as_of_day)
    rec = ai["ai_recommendation"].to_numpy()[pick]
    c_mean = np.where(rec == "advance", 4.0, np.where(rec == "hold", 3.5, 3.0))
    # HR users answer once a quarter since the pilot started.
    q_days = np.arange(w.ai_start + 80, w.as_of_day, 91)
    n_h = p.survey_hr_users_per_quarter
    h_day = np.repeat(q_days, n_h) + rng.integers(0, 10, len(q_days) * n_h)
    h_day = np.minimum(h_day, w.as_of_day)
    day = np.concatenate([c_day, h_day])
    kind = np.concatenate([np.full(len(c_day), "candidate"), np.full(len(h_day), "hr_user")])
    mean = np.concatenate([c_mean, np.full(len(h_day), 3.8)])
    fair_shift = np.concatenate([np.where(rec == "reject", -0.6, 0.0), np.zeros(len(h_day))])
    order = np.argsort(day, kind="stable")
    day, kind, mean, fair_shift = day[order], kind[order], mean[order], fair_shift[order]
    r = len(day)
    questions = list(SURVEY_QUESTIONS)
    q = len(questions)
    resp = np.repeat(np.arange(r), q)
    qcode = np.tile(np.array(questions), r)
    shift = np.where(qcode == "Q3", fair_shift[resp], 0.0)
    person = rng.normal(0, 0.5, r)[resp]
    answer = np.clip(np.round(mean[resp] + shift + person + rng.normal(0, 0.7, r * q)), 1, 5)
    year = years_of_days(day[resp])
    return pl.DataFrame(
        {
            "response_id": pl.select(
                pl.lit("SV") + pl.Series(resp + 1 + 10_000_000).cast(pl.String)
            ).to_series(),
            "respondent_type": kind[resp],
            "survey_date": dates(day[resp]),
            "question_code": qcode,
            "answer": answer.astype(np.int64),
            "_file": yearly_files("surveys_", year, ".csv"),
        }
    )
