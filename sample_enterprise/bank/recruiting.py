"""AI-interview assessments and human-interviewer scores for the last few years of hiring.

Every AI-assessed hire comes with several rejected applicants (lower latent competencies).
AI score = latent on the 0-10 scale + AI noise (- planted bias); human score = latent + human
noise, with the noise per job family x competency of `params.score_noise`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
import polars as pl

from ingest.contract import RECRUITING_CHANNELS

from . import ids, vocab
from .bank_vocabulary import COMPETENCIES, EDUCATION_CODES, JOB_FAMILIES
from .careers import Careers
from .frames import dates, datetimes, keys_or_null, lookup, years_of_days
from .params import GeneratorParams
from .population import EDUCATION_MIX, Population

SCORE_CENTER, SCORE_SCALE = 6.0, 1.5
# Overall AI score thresholds of the vendor's recommendation.
ADVANCE_AT, HOLD_AT = 6.0, 5.3


@dataclass
class Candidates:
    number: np.ndarray  # candidate number (ID = C + 9 digits)
    spell: np.ndarray  # spell index when hired, else -1
    family: np.ndarray
    dept: np.ndarray  # department index applied to
    channel: np.ndarray
    assess_sec: np.ndarray  # seconds since 1970 of the assessment
    latent: np.ndarray
    female: np.ndarray
    birth_year: np.ndarray
    education: np.ndarray
    years_exp: np.ndarray
    nid_hash: pl.Series  # hex SHA-256 strings
    ai_scores: np.ndarray  # (n, 7) as delivered (rounded, clipped, biased)
    biased: np.ndarray  # bool: planted bias applied


def national_id_hashes(rng: np.random.Generator, birth_days: np.ndarray) -> pl.Series:
    """SHA-256 of a synthetic 18-character national ID (region + birth date + serial + check)."""
    region = rng.integers(110000, 660000, len(birth_days))
    serial = rng.integers(0, 1000, len(birth_days))
    born = np.datetime64("1970-01-01", "D") + birth_days.astype("timedelta64[D]")
    ymd = np.datetime_as_string(born, unit="D")
    check = "0123456789X"
    out = []
    # In slices, so the Python strings never pile up (a million hashes are ~100 MB as objects).
    for lo in range(0, len(birth_days), 200_000):
        hi = lo + 200_000
        out.append(
            pl.Series(
                [
                    hashlib.sha256(
                        f"{r}{d[:4]}{d[5:7]}{d[8:]}{s:03d}{check[(r + s) % 11]}".encode()
                    ).hexdigest()
                    for r, d, s in zip(
                        region[lo:hi].tolist(),
                        ymd[lo:hi].tolist(),
                        serial[lo:hi].tolist(),
                        strict=True,
                    )
                ],
                dtype=pl.String,
            )
        )
    return pl.concat(out) if out else pl.Series([], dtype=pl.String)


def bias_mask(p: GeneratorParams, female: np.ndarray, age: np.ndarray) -> np.ndarray:
    if not p.scoring_bias:
        return np.zeros(len(female), dtype=bool)
    kind, _, value = p.scoring_bias.partition(":")
    if kind == "sex" and value in ("F", "M"):
        return female if value == "F" else ~female
    if kind == "age" and value.endswith("+"):
        return age >= int(value[:-1])
    if kind == "age" and value.endswith("-"):
        return age < int(value[:-1])
    raise ValueError(
        f"scoring_bias {p.scoring_bias!r}: use 'sex:F', 'sex:M', 'age:35+' or 'age:30-'"
    )


def noise_table(p: GeneratorParams) -> tuple[np.ndarray, np.ndarray]:
    ai = np.array([[p.score_noise[f][c][0] for c in COMPETENCIES] for f in JOB_FAMILIES])
    hu = np.array([[p.score_noise[f][c][1] for c in COMPETENCIES] for f in JOB_FAMILIES])
    return ai, hu


def to_scale(x: np.ndarray) -> np.ndarray:
    return np.round(np.clip(x, 0.0, 10.0), 1)


def draw_candidates(
    rng: np.random.Generator,
    p: GeneratorParams,
    pop: Population,
    ai_start: int,
    as_of_day: int,
    nid_hash: pl.Series,
) -> Candidates:
    # Hires that went through the AI interview (coverage ramps up after the pilot starts).
    months_in = (pop.hire - ai_start) / 30.44
    coverage = np.clip(
        p.ai_coverage_start + (1 - p.ai_coverage_start) * months_in / p.ai_ramp_months, 0, 1
    )
    assess_day = pop.hire - rng.integers(14, 61, len(pop))
    hired = np.flatnonzero(
        ~pop.initial & (assess_day >= ai_start) & (rng.random(len(pop)) < coverage)
    )
    h_day = assess_day[hired]
    # Rejected applicants for the same opening.
    n_rej = rng.poisson(max(0.0, p.applicants_per_hire - 1.0), len(hired))
    r_of = np.repeat(np.arange(len(hired)), n_rej)
    n_r = len(r_of)
    r_day = np.clip(h_day[r_of] + rng.integers(-30, 31, n_r), ai_start, as_of_day - 1)
    r_family = pop.family[hired][r_of]
    r_female = rng.random(n_r) < p.female_share
    cum = np.cumsum(np.array([EDUCATION_MIX[f] for f in JOB_FAMILIES])[r_family], axis=1)
    r_edu = (rng.random(n_r)[:, None] > cum).sum(axis=1).clip(0, 4).astype(np.int8)
    # Same age law as the hires (population._Builder.draw), so age says nothing about scores.
    grad_age = np.array([18.5, 21.0, 22.5, 25.0, 28.5])[r_edu]
    r_age = np.where(
        pop.channel[hired][r_of] == 0,
        grad_age + rng.uniform(0.0, 1.0, n_r),
        grad_age + rng.gamma(2.0, 2.5, n_r) + 0.5,
    )
    r_birth_day = (r_day - r_age * 365.25).astype(np.int64)

    spell = np.concatenate([hired, np.full(n_r, -1)])
    day = np.concatenate([h_day, r_day])
    # Hired applicants' birth year and experience come from the HR truth.
    birth_day = np.concatenate([pop.birth[hired], r_birth_day])
    order = np.lexsort((spell, day))  # assessment date, then hires before applicants
    n = len(order)
    sec = day * 86400 + rng.integers(8 * 3600, 21 * 3600, n)

    latent = np.concatenate(
        [
            pop.latent[hired],
            (rng.standard_normal((n_r, len(COMPETENCIES))) + p.rejected_latent_shift).astype(
                np.float32
            ),
        ]
    )
    family = np.concatenate([pop.family[hired], r_family])
    female = np.concatenate([pop.female[hired], r_female])
    birth_year = (np.datetime64("1970-01-01", "D") + birth_day.astype("timedelta64[D]")).astype(
        "datetime64[Y]"
    ).astype(int) + 1970
    age = (day / 365.25 + 1970) - birth_year
    # Experience = years since graduation at the interview.
    grad_all = np.array([18.5, 21.0, 22.5, 25.0, 28.5])[
        np.concatenate([pop.education[hired], r_edu])
    ]
    age_at = (day - birth_day) / 365.25
    years_exp = np.round(np.maximum(0.0, age_at - grad_all - 0.5), 1)
    nid = pl.concat([nid_hash.gather(hired), national_id_hashes(rng, r_birth_day)])
    biased = bias_mask(p, female, age)
    ai_sd, _ = noise_table(p)
    raw = SCORE_CENTER + SCORE_SCALE * latent + rng.standard_normal(latent.shape) * ai_sd[family]
    raw = raw - np.where(biased, p.bias_points, 0.0)[:, None]
    cand = Candidates(
        number=np.zeros(n, dtype=np.int64),
        spell=spell[order],
        family=family[order],
        dept=np.concatenate([pop.dept[hired], pop.dept[hired][r_of]])[order],
        channel=np.concatenate([pop.channel[hired], pop.channel[hired][r_of]])[order],
        assess_sec=sec[order],
        latent=latent[order],
        female=female[order],
        birth_year=birth_year[order],
        education=np.concatenate([pop.education[hired], r_edu])[order],
        years_exp=years_exp[order],
        nid_hash=nid.gather(order),
        ai_scores=to_scale(raw)[order],
        biased=biased[order],
    )
    cand.number = ids.CANDIDATE_BASE + np.arange(n, dtype=np.int64)
    return cand


def ai_frame(
    rng: np.random.Generator,
    p: GeneratorParams,
    pop: Population,
    cand: Candidates,
    as_of_day: int,
    ai_start: int,
) -> pl.DataFrame:
    n = len(cand.number)
    weights = np.array([p.current_weights[c] for c in COMPETENCIES], dtype=float)
    overall = np.round((cand.ai_scores * weights).sum(axis=1) / weights.sum(), 1)
    # Model version changes every year of the programme.
    versions = np.array(["v1.0", "v1.5", "v2.0", "v2.1", "v2.2", "v3.0", "v3.1", "v3.2"])
    year_idx = np.clip((cand.assess_sec // 86400 - ai_start) // 365, 0, len(versions) - 1)
    hired = cand.spell >= 0
    has_no = hired & (rng.random(n) < p.employee_no_share)
    emp_key = np.where(has_no, pop.key[np.maximum(cand.spell, 0)], -1)
    emp_no, emp_kind = ids.ai_employee_nos(emp_key, rng, p.id_variant_shares)
    # Export: a day or two after the interview; records with an employee number after the hire.
    export = cand.assess_sec + rng.integers(3600, 2 * 86400, n)
    hire_sec = np.where(hired, pop.hire[np.maximum(cand.spell, 0)].astype(np.int64) * 86400, 0)
    export = np.where(
        has_no, np.maximum(export, hire_sec + rng.integers(86400, 20 * 86400, n)), export
    )
    export = np.minimum(export, as_of_day * 86400 - rng.integers(60, 3600, n))
    certs = vocab.pick_from(rng, cand.family, vocab.CERTIFICATES)
    certs2 = vocab.pick_from(rng, cand.family, vocab.CERTIFICATES)
    n_cert = rng.integers(0, 3, n)
    cert_text = pl.select(
        pl.when(pl.Series(n_cert == 0))
        .then(None)
        .when(pl.Series(n_cert == 2) & (certs2 != certs))
        .then(pl.concat_str([certs, pl.lit(";"), certs2]))
        .otherwise(certs)
    ).to_series()
    edu = lookup(EDUCATION_CODES, cand.education)
    # OCR could not read it for a few (optional field).
    edu = pl.select(pl.when(pl.Series(rng.random(n) >= 0.03)).then(edu)).to_series()
    frame = pl.DataFrame(
        {
            "assessment_id": pl.select(
                pl.lit("AS")
                + pl.Series(np.arange(1, n + 1) + 3_000_000).cast(pl.String).str.zfill(10)
            ).to_series(),
            "candidate_id": ids.candidate_ids(cand.number),
            "employee_no": emp_no,
            "job_family": lookup(JOB_FAMILIES, cand.family),
            "org_unit_code": lookup(pop.dept_codes, cand.dept),
            "recruiting_channel": lookup(RECRUITING_CHANNELS, cand.channel),
            "assessed_at": datetimes(cand.assess_sec),
            "model_version": lookup(versions, year_idx),
            **{f"score_{c}": cand.ai_scores[:, i] for i, c in enumerate(COMPETENCIES)},
            "overall_score": overall,
            "ai_recommendation": lookup(
                ("reject", "hold", "advance"),
                (overall >= HOLD_AT).astype(np.int64) + (overall >= ADVANCE_AT),
            ),
            "education": edu,
            "years_experience": cand.years_exp,
            "major": vocab.pick_from(rng, cand.family, vocab.MAJORS),
            "certifications": cert_text,
            "sex": lookup(("M", "F"), cand.female.astype(np.int64)),
            "birth_year": cand.birth_year.astype(np.int64),
            "national_id_hash": cand.nid_hash,
            "exported_at": datetimes(export),
            "_key__employee_no": keys_or_null(emp_key),
            "_idk__employee_no": emp_kind,
            "_key__candidate_id": keys_or_null(
                np.where(hired, pop.key[np.maximum(cand.spell, 0)], -1)
            ),
            "_year": years_of_days(cand.assess_sec // 86400),
        }
    )
    return frame


def human_frame(
    rng: np.random.Generator,
    p: GeneratorParams,
    pop: Population,
    careers: Careers,
    cand: Candidates,
    as_of_day: int,
) -> pl.DataFrame:
    pick = np.flatnonzero(rng.random(len(cand.number)) < p.human_review_share)
    m = len(pick)
    _, hu_sd = noise_table(p)
    fam = cand.family[pick]
    scores = to_scale(
        SCORE_CENTER
        + SCORE_SCALE * cand.latent[pick]
        + rng.standard_normal((m, len(COMPETENCIES))) * hu_sd[fam]
    )
    # Interviewers rarely skip a competency (optional fields).
    scores = np.where(rng.random(scores.shape) < 0.02, np.nan, scores)
    a_day = cand.assess_sec[pick] // 86400
    i_day = np.minimum(a_day + rng.integers(2, 22, m), as_of_day - 1)
    rec_sec = np.minimum(
        i_day * 86400 + rng.integers(9 * 3600, 3 * 86400, m), as_of_day * 86400 - 60
    )
    interviewer = careers.manager_of_dept(cand.dept[pick])
    interviewer_raw, interviewer_kind = ids.hr_ids(interviewer, rng, p.id_variant_shares)
    order = np.lexsort((pick, i_day))
    frame = pl.DataFrame(
        {
            "interview_id": pl.select(
                pl.lit("HI")
                + pl.Series(np.arange(1, m + 1) + 5_000_000).cast(pl.String).str.zfill(9)
            ).to_series(),
            "candidate_id": ids.candidate_ids(cand.number[pick][order]),
            "interviewer_id": interviewer_raw.gather(order),
            "interviewed_date": dates(i_day[order]),
            "is_blind": rng.random(m) < p.blind_share,
            **{
                f"score_{c}": pl.Series(scores[order, i], nan_to_null=True)
                for i, c in enumerate(COMPETENCIES)
            },
            "recorded_at": datetimes(rec_sec[order]),
            "_key__interviewer_id": keys_or_null(interviewer[order]),
            "_idk__interviewer_id": interviewer_kind.gather(order),
            "_key__candidate_id": keys_or_null(
                np.where(
                    cand.spell[pick][order] >= 0,
                    pop.key[np.maximum(cand.spell[pick][order], 0)],
                    -1,
                )
            ),
            "_year": years_of_days(i_day[order]),
        }
    )
    return frame
