"""Typed frames of the HR-side sources: master data, job changes, onboarding, exits.

Each frame has the contract's columns (typed) plus hidden `_`-columns the writer and the truth
use: `_file` (file name), `_key__<id field>` (true employee key), `_idk__<id field>` (ID variant
written), `_idr__<id field>` (why the ID cannot be resolved, null when it can).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import polars as pl

from ingest.contract import EXIT_TYPES, RECRUITING_CHANNELS

from . import ids, vocab
from .bank_vocabulary import EDUCATION_CODES, EDUCATION_ZH, JOB_FAMILIES
from .careers import Careers
from .frames import NO_DAY, dates, datetimes, keys_or_null, lookup, yearly_files, years_of_days
from .org import Org
from .params import GeneratorParams
from .population import EXIT_INVOLUNTARY, EXIT_NONE, EXIT_RETIREMENT, EXIT_VOLUNTARY, Population
from .recruiting import Candidates

EDU_ZH_BY_CODE = {v: k for k, v in EDUCATION_ZH.items()}


@dataclass
class World:
    """Everything simulated, shared by the source builders and the truth writer."""

    p: GeneratorParams
    org: Org
    pop: Population
    careers: Careers
    cand: Candidates
    nid_hash: pl.Series  # per spell, as HR records it (conflicts planted here)
    names: pl.Series
    as_of: date
    as_of_day: int
    window_start: int
    ai_start: int
    slash_before_year: int  # legacy files of years before this are written YYYY/MM/DD


def _stamp(day: int, hh: int, mm: int = 0) -> np.ndarray:
    return np.array([day * 86400 + hh * 3600 + mm * 60], dtype=np.int64)


def hr_employees(rng: np.random.Generator, w: World) -> pl.DataFrame:
    pop, p, c = w.pop, w.p, w.careers
    n = len(pop)
    hr_id, hr_kind = ids.hr_ids(pop.key, rng, p.id_variant_shares)
    mgr_raw, mgr_kind = ids.hr_ids(c.manager, rng, p.id_variant_shares)
    # HR recorded the AI candidate ID of most AI-assessed hires.
    cand_of_spell = np.full(n, -1, dtype=np.int64)
    hired = w.cand.spell >= 0
    cand_of_spell[w.cand.spell[hired]] = w.cand.number[hired]
    cand_of_spell = np.where(rng.random(n) < 0.8, cand_of_spell, -1)
    cand_raw, cand_kind = ids.candidate_ids_as_hr_writes(cand_of_spell, rng, p.id_variant_shares)
    channel = np.array(RECRUITING_CHANNELS)[pop.channel]
    channel = np.where(pop.initial & (rng.random(n) < 0.5), None, channel)
    active = pop.exit == EXIT_NONE
    edu_zh = lookup([EDU_ZH_BY_CODE[e] for e in EDUCATION_CODES], pop.education)
    tag = w.as_of.strftime("%Y%m%d")
    extracted = w.as_of_day * 86400 + 1 * 3600  # the morning extract of as_of
    return pl.DataFrame(
        {
            "employee_id": hr_id,
            "name": w.names,
            "sex": lookup(("男", "女"), pop.female.astype(np.int64)),
            "birth_date": dates(pop.birth),
            "national_id_hash": w.nid_hash,
            "education": edu_zh,
            "hire_date": dates(pop.hire),
            "org_unit_code": lookup(pop.dept_codes, c.final_dept),
            "position": vocab.position_titles(pop.family, c.final_grade),
            "job_family": lookup(JOB_FAMILIES, pop.family),
            "grade": c.final_grade.astype(np.int64),
            "manager_id": mgr_raw,
            "status": np.where(active, "在职", "离职"),
            "ai_candidate_id": cand_raw,
            "recruiting_channel": pl.Series(channel.tolist(), dtype=pl.String),
            "extracted_at": datetimes(np.full(n, extracted)),
            "_file": np.where(
                active, f"hr_employees_active_{tag}.csv", f"hr_employees_exited_{tag}.csv"
            ),
            "_slash": ~active,  # the exited-staff report comes from the old module
            "_key__employee_id": pl.Series(pop.key, dtype=pl.Int64),
            "_idk__employee_id": hr_kind,
            "_key__manager_id": keys_or_null(c.manager),
            "_idk__manager_id": mgr_kind,
            "_key__ai_candidate_id": keys_or_null(np.where(cand_of_spell >= 0, pop.key, -1)),
            "_idk__ai_candidate_id": cand_kind,
        }
    )


def job_changes(rng: np.random.Generator, w: World) -> pl.DataFrame:
    pop, p, c = w.pop, w.p, w.careers
    ev = c.events
    spell = ev["spell"].to_numpy()
    day = ev["day"].to_numpy()
    dept = ev["dept"].to_numpy().astype(np.int64)
    grade = ev["grade"].to_numpy()
    m = len(spell)
    emp_raw, emp_kind = ids.hr_ids(pop.key[spell], rng, p.id_variant_shares)
    to_mgr = c.manager_of_dept(dept)
    to_mgr = np.where(to_mgr == pop.key[spell], c.branch_head[c.dept_branch[dept]], to_mgr)
    to_mgr = np.where(to_mgr == pop.key[spell], -1, to_mgr)
    mgr_raw, mgr_kind = ids.hr_ids(to_mgr, rng, p.id_variant_shares)
    # Entered a few days after taking effect; some are back-dated by weeks.
    lag = np.where(rng.random(m) < 0.15, rng.integers(15, 60, m), rng.integers(0, 8, m))
    recorded = np.minimum(
        (day + lag) * 86400 + rng.integers(8 * 3600, 19 * 3600, m),
        w.as_of_day * 86400 + rng.integers(0, 3600, m),
    )
    year = years_of_days(day)
    return pl.DataFrame(
        {
            "change_id": pl.select(
                pl.lit("JC") + pl.Series(np.arange(1, m + 1) + 700_000_000).cast(pl.String)
            ).to_series(),
            "employee_id": emp_raw,
            "effective_date": dates(day),
            "change_type": ev["change_type"],
            "to_org_unit_code": lookup(pop.dept_codes, dept),
            "to_position": vocab.position_titles(pop.family[spell], grade),
            "to_job_family": lookup(JOB_FAMILIES, pop.family[spell]),
            "to_grade": grade.astype(np.int64),
            "to_manager_id": mgr_raw,
            "recorded_at": datetimes(recorded),
            "_file": yearly_files("job_changes_", year, ".csv"),
            "_slash": year < w.slash_before_year,
            "_key__employee_id": pl.Series(pop.key[spell], dtype=pl.Int64),
            "_idk__employee_id": emp_kind,
            "_key__to_manager_id": keys_or_null(to_mgr),
            "_idk__to_manager_id": mgr_kind,
        }
    )


def onboarding(rng: np.random.Generator, w: World) -> pl.DataFrame:
    pop, p = w.pop, w.p
    sel = np.flatnonzero(~pop.initial)
    m = len(sel)
    hire = pop.hire[sel].astype(np.int64)
    emp_raw, emp_kind = ids.hr_ids(pop.key[sel], rng, p.id_variant_shares)
    hire_d = hire.astype("datetime64[D]")
    prob_end = (
        (hire_d.astype("datetime64[M]") + np.timedelta64(p.probation_months, "M")).astype(
            "datetime64[D]"
        )
        + (hire_d - hire_d.astype("datetime64[M]").astype("datetime64[D]"))
        - np.timedelta64(1, "D")
    ).astype(np.int64)
    ex, et = pop.exit[sel], pop.exit_type[sel]
    left_in_probation = (ex != EXIT_NONE) & (ex <= prob_end)
    result = np.where(
        left_in_probation & (et == EXIT_INVOLUNTARY),
        "failed",
        np.where(
            left_in_probation | (prob_end >= w.as_of_day),
            "pending",
            np.where(rng.random(m) < p.probation_extended_share, "extended", "passed"),
        ),
    )
    contract = hire - rng.integers(0, 6, m)
    social = hire + rng.integers(0, 31, m)
    social = np.where((social > w.as_of_day) | (rng.random(m) < 0.02), NO_DAY, social)
    decided = result != "pending"
    rec_day = np.where(decided, prob_end + rng.integers(0, 10, m), hire + rng.integers(0, 4, m))
    recorded = np.minimum(
        rec_day * 86400 + rng.integers(8 * 3600, 19 * 3600, m), w.as_of_day * 86400 + 3000
    )
    order = np.lexsort((sel, rec_day))
    year = years_of_days(hire)
    frame = pl.DataFrame(
        {
            "employee_id": emp_raw,
            "hire_date": dates(hire),
            "contract_signed_date": dates(contract),
            "social_insurance_date": dates(social),
            "probation_end_date": dates(prob_end),
            "probation_result": result,
            "recorded_at": datetimes(recorded),
            "_file": yearly_files("onboarding_", year, ".csv"),
            "_slash": year < w.slash_before_year,
            "_key__employee_id": pl.Series(pop.key[sel], dtype=pl.Int64),
            "_idk__employee_id": emp_kind,
        }
    )
    return frame[order]


def exits(rng: np.random.Generator, w: World) -> pl.DataFrame:
    pop, p = w.pop, w.p
    sel = np.flatnonzero((pop.exit != EXIT_NONE) & (pop.exit >= w.window_start))
    sel = sel[np.argsort(pop.exit[sel], kind="stable")]
    m = len(sel)
    et = pop.exit_type[sel]
    lat = pop.latent[sel]
    grade = w.careers.final_grade[sel]
    # Voluntary reasons follow the drivers: weak fit -> R06, low stability -> R04/R02, ...
    logits = np.stack(
        [
            0.6 - 0.25 * (grade - 4),  # R01 pay
            0.5 - 0.4 * lat[:, 5],  # R02 career
            0.2 + 0.3 * (pop.family[sel] == 0),  # R03 pressure (customer managers)
            0.1 - 0.5 * lat[:, 5],  # R04 family
            -0.3 + np.zeros(m),  # R05 manager
            -0.1 - 0.8 * lat[:, 6],  # R06 fit
        ],
        axis=1,
    )
    prob = np.exp(logits)
    prob /= prob.sum(axis=1, keepdims=True)
    vol_code = (rng.random(m)[:, None] > np.cumsum(prob, axis=1)).sum(axis=1).clip(0, 5)
    codes = np.array(["R01", "R02", "R03", "R04", "R05", "R06"])[vol_code]
    invol = np.where(rng.random(m) < 0.8, "R07", "R08")
    code = np.select(
        [et == EXIT_VOLUNTARY, et == EXIT_INVOLUNTARY, et == EXIT_RETIREMENT],
        [codes, invol, "R09"],
        "R10",
    )
    texts = np.empty(m, dtype=object)
    for k, options in vocab.EXIT_TEXTS.items():
        hit = code == k
        texts[hit] = np.array(options, dtype=object)[rng.integers(0, len(options), hit.sum())]
    texts = np.where(rng.random(m) < 0.1, None, texts)
    emp_raw, emp_kind = ids.hr_ids(pop.key[sel], rng, p.id_variant_shares)
    ex = pop.exit[sel].astype(np.int64)
    recorded = np.minimum(
        (ex + rng.integers(0, 10, m)) * 86400 + rng.integers(8 * 3600, 19 * 3600, m),
        w.as_of_day * 86400 + 3000,
    )
    year = years_of_days(ex)
    return pl.DataFrame(
        {
            "employee_id": emp_raw,
            "exit_date": dates(ex),
            "exit_type": np.array(EXIT_TYPES)[et],
            "reason_code": code,
            "reason_text": pl.Series(texts.tolist(), dtype=pl.String),
            "recorded_at": datetimes(recorded),
            "_file": yearly_files("exits_", year, ".csv"),
            "_slash": year < w.slash_before_year,
            "_key__employee_id": pl.Series(pop.key[sel], dtype=pl.Int64),
            "_idk__employee_id": emp_kind,
        }
    )
