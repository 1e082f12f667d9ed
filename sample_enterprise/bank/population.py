"""Ten years of employment spells, simulated month by month with vectorized hazards.

Every person gets latent traits (seven competencies, training engagement) that drive both their
true performance and their monthly voluntary-exit hazard; the same hazard gives the planted
`p_exit_12m` at `as_of`, so a model trained on the history can learn it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import numpy as np

from .bank_vocabulary import COMPETENCIES, JOB_FAMILIES
from .org import HEAD_OFFICE_FAMILIES, Org
from .params import GeneratorParams

if TYPE_CHECKING:
    from .pay_sources import PlantedPayEffect

KEY_BASE = 10_001  # employee number of the first person (canonical key = 8-digit zero-padded)
EPOCH = np.datetime64("1970-01-01", "D")

# Exit types (index into contract.EXIT_TYPES): voluntary, involuntary, retirement, contract_end.
EXIT_NONE = -1
EXIT_VOLUNTARY, EXIT_INVOLUNTARY, EXIT_RETIREMENT, EXIT_CONTRACT_END = 0, 1, 2, 3
CHANNEL_CAMPUS, CHANNEL_SOCIAL, CHANNEL_REFERRAL = 0, 1, 2

# Education distribution per job family over (high_school, associate, bachelor, master, phd).
EDUCATION_MIX: dict[str, tuple[float, ...]] = {
    "customer_manager": (0.02, 0.15, 0.65, 0.17, 0.01),
    "teller": (0.05, 0.35, 0.55, 0.05, 0.00),
    "risk_analyst": (0.00, 0.02, 0.45, 0.48, 0.05),
    "it_developer": (0.00, 0.05, 0.55, 0.37, 0.03),
    "operations": (0.03, 0.25, 0.62, 0.10, 0.00),
    "back_office": (0.02, 0.18, 0.60, 0.19, 0.01),
}


def to_days(d: date) -> int:
    return int((np.datetime64(d, "D") - EPOCH).astype(int))


@dataclass
class Population:
    """One row per employment spell (arrays of equal length, ordered by hire date)."""

    key: np.ndarray  # int64 employee number
    family: np.ndarray  # int8 index into JOB_FAMILIES
    branch: np.ndarray  # int16 index into org.branch_codes
    dept: np.ndarray  # int32 index into dept_codes (department at hire)
    female: np.ndarray  # bool
    birth: np.ndarray  # int32 days since 1970
    education: np.ndarray  # int8 index into EDUCATION_CODES
    channel: np.ndarray  # int8
    hire: np.ndarray  # int32 days
    exit: np.ndarray  # int32 days, -1 = still employed
    exit_type: np.ndarray  # int8, -1 = none
    entry_grade: np.ndarray  # int8
    promo_rate: np.ndarray  # float32 grade steps per year
    promo_offset: np.ndarray  # float32 in [0, 1)
    latent: np.ndarray  # float32 (n, 7) competencies, standard normal
    edu_z: np.ndarray  # float32 standardized education within family
    perf_z: np.ndarray  # float32 true performance, standard normal
    train_z: np.ndarray  # float32 training engagement
    initial: np.ndarray  # bool: hired before the history window
    p_exit_12m: np.ndarray  # float32, NaN when not employed at as_of
    dept_codes: list[str]

    def __len__(self) -> int:
        return len(self.key)

    def grade_at(self, day: np.ndarray | int, idx: np.ndarray | None = None) -> np.ndarray:
        sel = slice(None) if idx is None else idx
        years = np.maximum(0.0, (np.asarray(day) - self.hire[sel]) / 365.25)
        steps = np.floor(self.promo_rate[sel] * years + self.promo_offset[sel])
        return np.minimum(10, self.entry_grade[sel] + steps).astype(np.int8)


def _dept_lookup(org: Org) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Flat department list with (branch, family) -> (start, count) into it."""
    codes: list[str] = []
    n_b = len(org.branch_codes)
    start = np.zeros((n_b, len(JOB_FAMILIES)), dtype=np.int32)
    count = np.zeros((n_b, len(JOB_FAMILIES)), dtype=np.int32)
    for b, depts in enumerate(org.departments):
        for f, fam in enumerate(JOB_FAMILIES):
            lst = depts.get(fam, [])
            start[b, f] = len(codes)
            count[b, f] = len(lst)
            codes.extend(lst)
    return codes, start, count


class _Builder:
    """Draws the attributes of new people (initial staff or monthly hires)."""

    def __init__(self, rng: np.random.Generator, params: GeneratorParams, org: Org) -> None:
        self.rng = rng
        self.p = params
        self.org = org
        self.dept_codes, self.dept_start, self.dept_count = _dept_lookup(org)
        shares = np.array([params.family_shares[f] for f in JOB_FAMILIES], dtype=float)
        self.family_p = shares / shares.sum()
        ho = np.array([HEAD_OFFICE_FAMILIES.get(f, 0.0) for f in JOB_FAMILIES], dtype=float)
        self.ho_family_p = ho / ho.sum()
        bw = org.branch_weights[1:]
        self.branch_p = bw / bw.sum()
        self.edu_mix = np.array([EDUCATION_MIX[f] for f in JOB_FAMILIES])
        levels = np.arange(5)
        self.edu_mean = self.edu_mix @ levels
        self.edu_sd = np.sqrt(self.edu_mix @ levels**2 - self.edu_mean**2)
        self.beta = np.array(
            [[params.effects[f][c] for c in COMPETENCIES] for f in JOB_FAMILIES], dtype=float
        )
        self.beta_edu = np.array([params.education_effects[f] for f in JOB_FAMILIES])
        resid = 1.0 - (self.beta**2).sum(axis=1) - self.beta_edu**2
        if (resid <= 0).any():
            raise ValueError("effects too large: the squared effects of a family must sum below 1")
        self.resid_sd = np.sqrt(resid)

    def draw(self, n: int, hire_days: np.ndarray, campus_p: np.ndarray) -> dict[str, np.ndarray]:
        rng, p = self.rng, self.p
        at_ho = rng.random(n) < p.head_office_share
        family = np.where(
            at_ho,
            rng.choice(len(JOB_FAMILIES), size=n, p=self.ho_family_p),
            rng.choice(len(JOB_FAMILIES), size=n, p=self.family_p),
        ).astype(np.int8)
        branch = np.where(at_ho, 0, 1 + rng.choice(len(self.branch_p), size=n, p=self.branch_p))
        branch = branch.astype(np.int16)
        cnt = self.dept_count[branch, family]
        dept = (self.dept_start[branch, family] + np.floor(rng.random(n) * cnt)).astype(np.int32)
        u = rng.random(n)
        channel = np.where(
            u < campus_p,
            CHANNEL_CAMPUS,
            np.where(u < campus_p + p.referral_share, CHANNEL_REFERRAL, CHANNEL_SOCIAL),
        ).astype(np.int8)
        cum = np.cumsum(self.edu_mix[family], axis=1)
        education = (rng.random(n)[:, None] > cum).sum(axis=1).clip(0, 4).astype(np.int8)
        # Campus hires are fresh graduates; social hires bring experience.
        grad_age = np.array([18.5, 21.0, 22.5, 25.0, 28.5])[education]
        hire_age = np.where(
            channel == CHANNEL_CAMPUS,
            grad_age + rng.uniform(0.0, 1.0, n),
            grad_age + rng.gamma(2.0, 2.5, n) + 0.5,
        )
        female = rng.random(n) < p.female_share
        birth = (hire_days - hire_age * 365.25).astype(np.int32)
        experience = np.maximum(0.0, hire_age - grad_age)
        entry_grade = np.where(
            channel == CHANNEL_CAMPUS,
            1 + (education >= 3),
            np.clip(2 + np.floor(experience / 3.0), 2, 6),
        ).astype(np.int8)
        latent = rng.standard_normal((n, len(COMPETENCIES))).astype(np.float32)
        edu_z = ((education - self.edu_mean[family]) / self.edu_sd[family]).astype(np.float32)
        perf = (
            (latent * self.beta[family]).sum(axis=1)
            + self.beta_edu[family] * edu_z
            + self.resid_sd[family] * rng.standard_normal(n)
        ).astype(np.float32)
        promo_rate = (p.promotion_rate * np.exp(0.45 * perf)).astype(np.float32)
        return {
            "family": family,
            "branch": branch,
            "dept": dept,
            "female": female,
            "birth": birth,
            "education": education,
            "channel": channel,
            "hire": hire_days.astype(np.int32),
            "entry_grade": entry_grade,
            "promo_rate": promo_rate,
            "promo_offset": rng.random(n).astype(np.float32),
            "latent": latent,
            "edu_z": edu_z,
            "perf_z": perf,
            "train_z": rng.standard_normal(n).astype(np.float32),
        }


def _grow(a: np.ndarray, size: int, fill: int | float = 0) -> np.ndarray:
    """A copy of `a` with `size` rows (extra rows filled)."""
    out = np.full((size, *a.shape[1:]), fill, dtype=a.dtype)
    out[: len(a)] = a[:size]
    return out


def _retire_age(p: GeneratorParams, female: np.ndarray) -> np.ndarray:
    return np.where(female, p.retirement_age_female, p.retirement_age_male)


def static_exit_score(
    p: GeneratorParams, latent: np.ndarray, train_z: np.ndarray, perf_z: np.ndarray
) -> np.ndarray:
    """The time-invariant part of the voluntary-exit log-hazard."""
    stab = latent[:, COMPETENCIES.index("stability")]
    fit = latent[:, COMPETENCIES.index("culture_fit")]
    return (
        p.exit_coef_stability * stab
        + p.exit_coef_culture_fit * fit
        + p.exit_coef_training * train_z
        + p.exit_coef_performance * perf_z
    )


def hazard_from_score(
    p: GeneratorParams, tenure_months: np.ndarray, grade: np.ndarray, score: np.ndarray
) -> np.ndarray:
    m = np.asarray(p.exit_tenure_multipliers, dtype=float)
    tenure_mult = m[np.searchsorted(np.array([12.0, 24.0, 60.0]), tenure_months, side="right")]
    lin = score + p.exit_coef_grade * (np.asarray(grade, dtype=np.float64) - 4.0)
    return np.minimum(0.5, p.voluntary_exit_base * tenure_mult * np.exp(lin))


def voluntary_hazard(
    p: GeneratorParams,
    tenure_months: np.ndarray,
    grade: np.ndarray,
    latent: np.ndarray,
    train_z: np.ndarray,
    perf_z: np.ndarray,
) -> np.ndarray:
    """Monthly voluntary-exit probability (the planted retention truth)."""
    return hazard_from_score(p, tenure_months, grade, static_exit_score(p, latent, train_z, perf_z))


def simulate(
    rng: np.random.Generator,
    params: GeneratorParams,
    org: Org,
    employees: int,
    as_of: date,
    planted: PlantedPayEffect | None = None,
) -> Population:
    p = params
    b = _Builder(rng, p, org)
    end = to_days(as_of)
    start_year = as_of.year - p.history_years
    months = [
        to_days(date(start_year + (as_of.month - 1 + k) // 12, (as_of.month - 1 + k) % 12 + 1, 1))
        for k in range(p.history_years * 12 + 1)
    ]
    n_months = len(months)
    h0 = max(10, round(employees / (1 + p.annual_growth) ** p.history_years))

    # Initial staff: hired before the window with a long-tailed tenure.
    start = months[0]
    tenure = rng.exponential(8.0, h0)
    tenure = np.where(tenure > 30.0, rng.uniform(0.0, 30.0, h0), tenure)
    hire0 = np.sort((start - 1 - tenure * 365.25).astype(np.int32))
    cols = b.draw(h0, hire0, np.full(h0, p.campus_share))
    age0 = (start - cols["birth"]) / 365.25
    too_old = age0 >= _retire_age(p, cols["female"]) - 0.5
    # Anyone who would already be retired is made younger (born later), keeping the hire date.
    cols["birth"] = np.where(
        too_old, (hire0 - rng.uniform(21, 25, h0) * 365.25).astype(np.int32), cols["birth"]
    )
    old_start = np.maximum(hire0, start - 365 * 25)
    cols["hire"] = np.where(too_old, old_start, hire0).astype(np.int32)
    order = np.argsort(cols["hire"], kind="stable")  # keys follow hire order
    chunks = [{k: v[order] for k, v in cols.items()}]

    # Preallocated per-person arrays (grown if ever needed) and the list of active people.
    cap = int(h0 * 1.05 + employees * 0.15 * p.history_years + 1000)
    arr = {k: _grow(v, cap) for k, v in chunks[0].items()}
    exit_day = np.full(cap, EXIT_NONE, dtype=np.int32)
    exit_type = np.full(cap, EXIT_NONE, dtype=np.int8)
    score = np.zeros(cap)
    inv_factor = np.zeros(cap)
    prob_factor = np.zeros(cap)
    retire_day = np.zeros(cap, dtype=np.int64)

    def derive(lo: int, hi: int) -> None:
        perf = arr["perf_z"][lo:hi].astype(np.float64)
        score[lo:hi] = static_exit_score(p, arr["latent"][lo:hi], arr["train_z"][lo:hi], perf)
        inv_factor[lo:hi] = np.exp(-0.8 * perf)
        prob_factor[lo:hi] = np.exp(-1.2 * perf)
        retire_day[lo:hi] = (
            arr["birth"][lo:hi] + _retire_age(p, arr["female"][lo:hi]) * 365.25
        ).astype(np.int64)

    derive(0, h0)
    n_total = h0
    act = np.arange(h0)
    target0 = h0
    for m in range(n_months):
        m_start = months[m]
        m_end = months[m + 1] - 1 if m + 1 < n_months else end
        if m_start > end:
            break
        m_end = min(m_end, end)
        days_in = m_end - m_start + 1
        frac = days_in / 30.44
        if len(act):
            ten_m = (m_start - arr["hire"][act]) / 30.44
            grade = np.minimum(
                10,
                arr["entry_grade"][act]
                + np.floor(arr["promo_rate"][act] * ten_m / 12 + arr["promo_offset"][act]),
            )
            act_score = score[act]
            if planted is not None:  # pay, engagement and overtime (pay_sources.py)
                act_score = act_score + planted.log_hazard(act, arr["hire"][act], m_start)
            h_v = hazard_from_score(p, ten_m, grade, act_score)
            h_i = (
                p.involuntary_exit_base * inv_factor[act]
                + np.where(ten_m < p.probation_months, p.probation_fail_base, 0.0)
                * prob_factor[act]
            )
            u = rng.random(len(act)) / frac
            kind = np.select(
                [u < h_v, u < h_v + h_i, u < h_v + h_i + p.contract_end_base],
                [EXIT_VOLUNTARY, EXIT_INVOLUNTARY, EXIT_CONTRACT_END],
                EXIT_NONE,
            ).astype(np.int8)
            r_day = retire_day[act]
            retiring = r_day <= m_end
            kind[retiring] = EXIT_RETIREMENT
            leave = kind != EXIT_NONE
            day = m_start + np.floor(rng.random(len(act)) * days_in).astype(np.int64)
            day = np.where(retiring, np.clip(r_day, m_start, m_end), day)
            exit_day[act[leave]] = day[leave]
            exit_type[act[leave]] = kind[leave]
            act = act[~leave]
        # Hires needed to follow the growth path to exactly `employees` at as_of.
        if m == n_months - 1 or months[m + 1] > end:
            target = employees
        else:
            target = round(target0 * (1 + p.annual_growth) ** ((m + 1) / 12))
        n_hire = max(0, target - len(act))
        if n_hire:
            month_of_year = (as_of.month - 1 + m) % 12 + 1
            campus = 0.8 if month_of_year in (7, 8) else max(0.0, p.campus_share - 0.15)
            days = np.sort(m_start + np.floor(rng.random(n_hire) * days_in)).astype(np.int32)
            new = b.draw(n_hire, days, np.full(n_hire, campus))
            if n_total + n_hire > cap:
                cap = int((n_total + n_hire) * 1.3)
                arr = {k: _grow(v, cap) for k, v in arr.items()}
                exit_day = _grow(exit_day, cap, EXIT_NONE)
                exit_type = _grow(exit_type, cap, EXIT_NONE)
                score, inv_factor, prob_factor, retire_day = (
                    _grow(x, cap) for x in (score, inv_factor, prob_factor, retire_day)
                )
            for k, v in new.items():
                arr[k][n_total : n_total + n_hire] = v
            derive(n_total, n_total + n_hire)
            act = np.concatenate([act, np.arange(n_total, n_total + n_hire)])
            n_total += n_hire

    arr = {k: v[:n_total] for k, v in arr.items()}
    exit_day = exit_day[:n_total]
    exit_type = exit_type[:n_total]
    n = n_total
    initial = np.zeros(n, dtype=bool)
    initial[:h0] = True

    pop = Population(
        key=KEY_BASE + np.arange(n, dtype=np.int64),
        family=arr["family"],
        branch=arr["branch"],
        dept=arr["dept"],
        female=arr["female"],
        birth=arr["birth"],
        education=arr["education"],
        channel=arr["channel"],
        hire=arr["hire"],
        exit=exit_day,
        exit_type=exit_type,
        entry_grade=arr["entry_grade"],
        promo_rate=arr["promo_rate"],
        promo_offset=arr["promo_offset"],
        latent=arr["latent"],
        edu_z=arr["edu_z"],
        perf_z=arr["perf_z"],
        train_z=arr["train_z"],
        initial=initial,
        p_exit_12m=np.full(n, np.nan, dtype=np.float32),
        dept_codes=b.dept_codes,
    )
    pop.p_exit_12m = exit_probability_12m(p, pop, end, planted)
    return pop


def exit_probability_12m(
    p: GeneratorParams, pop: Population, as_of_day: int, planted: PlantedPayEffect | None = None
) -> np.ndarray:
    """True probability of a voluntary exit within 12 months of as_of (NaN if not employed)."""
    out = np.full(len(pop), np.nan, dtype=np.float32)
    idx = np.flatnonzero(pop.exit == EXIT_NONE)
    survive = np.ones(len(idx))
    for k in range(12):
        day = as_of_day + int(round(k * 30.44))
        ten_m = (day - pop.hire[idx]) / 30.44
        grade = pop.grade_at(day, idx)
        score = static_exit_score(p, pop.latent[idx], pop.train_z[idx], pop.perf_z[idx])
        if planted is not None:
            score = score + planted.log_hazard(idx, pop.hire[idx], day)
        survive *= 1.0 - hazard_from_score(p, ten_m, grade, score)
    out[idx] = (1.0 - survive).astype(np.float32)
    return out
