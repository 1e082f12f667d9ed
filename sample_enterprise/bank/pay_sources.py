"""Pay, engagement and working time of the sample bank, and their planted effect on exits.

Off unless `generate(..., pay_sources=PaySourceParams())` asks for them: a bank generated
without them is byte-identical to one from before these sources existed (own random streams,
no draw from the population's).

The planted effect (added to each person's monthly voluntary-exit log-hazard by
`PlantedPayEffect.log_hazard`, so `_truth/employees.csv`'s `p_exit_12m` includes it):

* **stalled pay**: pay below the band midpoint *and* no raise for 24 months or more adds
  `coef_stalled_pay` (1.0: the hazard x 2.7); each 10 % below the midpoint adds `coef_pay_gap`
  (0.35);
* **engagement**: each standard deviation of the latest engagement survey's score (before the
  month) adds `coef_engagement` (-0.45): low scores precede exits. A survey wave's score is
  0.8 x the person's own level + 0.6 x a fresh shock, so it moves from wave to wave;
* **overtime**: each 10 hours of the person's typical monthly overtime above 20 adds
  `coef_overtime`;
* absence has no effect of its own: its days follow low engagement (Poisson, mean x
  exp(-0.5 x engagement)), so it is a noisy echo of the survey.

How the records show it: a pay record at hire and at each raise (every 12, 24, 36 or 48 months by
person, from a person-specific offset); base pay = the person's pay position (compa-ratio,
N(1, 0.09)) x the band midpoint of the grade at that date; the band's min and max are 0.8 and
1.2 x the midpoint, which grows 3 % a year and 15 % a grade (the export leaves the midpoint
empty: the warehouse derives it). Engagement surveys each April and October (15th), answered by
80 %; overtime and absence per person and month.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import polars as pl

from .frames import datetimes, yearly_files
from .hr_sources import World
from .population import EPOCH, EXIT_NONE

DAYS_PER_MONTH = 30.44
SURVEY_MONTHS = (4, 10)  # April and October, answered on the 15th
SURVEY_DAY = 15
STALLED_MONTHS = 24


@dataclass(frozen=True)
class PaySourceParams:
    """The three optional sources' history and their planted effect on voluntary exits."""

    history_years: int = 8  # years of records exported, back from as_of
    raise_intervals: tuple[int, ...] = (12, 24, 36, 48)  # months between raises, per person
    raise_interval_shares: tuple[float, ...] = (0.55, 0.20, 0.15, 0.10)
    compa_sd: float = 0.09  # spread of pay against the band midpoint
    survey_response_rate: float = 0.8
    coef_stalled_pay: float = 1.0
    coef_pay_gap: float = 0.35  # per 10 % below the midpoint
    coef_engagement: float = -0.45  # per SD of the latest survey score
    coef_overtime: float = 0.2  # per 10 h of typical monthly overtime above 20


def _survey_wave(day: np.ndarray | int) -> np.ndarray:
    """Index of the latest survey wave dated strictly before `day` (two waves a year)."""
    d = np.asarray(day, dtype=np.int64).astype("datetime64[D]")
    months = d.astype("datetime64[M]").astype(np.int64)  # months since 1970-01
    year, month = months // 12, months % 12 + 1
    dom = (d - d.astype("datetime64[M]")).astype(np.int64) + 1
    after = dom > SURVEY_DAY
    # Waves: 2 x year + 0 (April) or + 1 (October); the latest one before the day.
    return np.where(
        (month > 10) | ((month == 10) & after),
        2 * year + 1,
        np.where((month > 4) | ((month == 4) & after), 2 * year, 2 * year - 1),
    )


def _wave_day(wave: np.ndarray) -> np.ndarray:
    """Day (since 1970) of each wave's survey."""
    year, half = np.asarray(wave) // 2, np.asarray(wave) % 2
    month = np.where(half == 0, SURVEY_MONTHS[0], SURVEY_MONTHS[1])
    first = (year * 12 + month - 1).astype("datetime64[M]").astype("datetime64[D]")
    return (first - EPOCH).astype(np.int64) + SURVEY_DAY - 1


class PlantedPayEffect:
    """Per-person pay position, raise rhythm, engagement level and overtime, drawn from a stream
    of their own and grown as the simulation hires; the planted log-hazard of a month."""

    def __init__(self, params: PaySourceParams, seed: int) -> None:
        self.p = params
        self.seed = seed
        self._rng = np.random.default_rng([seed, 22])
        self.compa = np.zeros(0)
        self.interval = np.zeros(0, dtype=np.int64)
        self.offset = np.zeros(0, dtype=np.int64)
        self.engagement = np.zeros(0)
        self.overtime = np.zeros(0)
        self._wave_cache: dict[int, np.ndarray] = {}

    def _ensure(self, size: int) -> None:
        have = len(self.compa)
        if size <= have:
            return
        k = max(size - have, have)  # grow in doubling blocks: few draws, same order every run
        rng, p = self._rng, self.p
        interval = rng.choice(np.array(p.raise_intervals), size=k, p=p.raise_interval_shares)
        self.compa = np.concatenate([self.compa, np.clip(rng.normal(1, p.compa_sd, k), 0.7, 1.3)])
        self.interval = np.concatenate([self.interval, interval])
        self.offset = np.concatenate([self.offset, 1 + np.floor(rng.random(k) * interval)])
        self.offset = self.offset.astype(np.int64)
        self.engagement = np.concatenate([self.engagement, rng.standard_normal(k)])
        self.overtime = np.concatenate([self.overtime, rng.gamma(2.0, 7.0, k)])
        self._wave_cache.clear()

    def wave_engagement(self, wave: int, idx: np.ndarray) -> np.ndarray:
        """Standardized engagement of people `idx` at survey wave `wave`."""
        size = len(self.compa)
        shocks = self._wave_cache.get(wave)
        if shocks is None or len(shocks) < size:
            # Prefix-stable: the first n draws are the same whatever the size.
            shocks = np.random.default_rng([self.seed, 23, wave]).standard_normal(size)
            self._wave_cache = {wave: shocks}
        return 0.8 * self.engagement[idx] + 0.6 * shocks[idx]

    def months_since_raise(self, idx: np.ndarray, tenure_months: np.ndarray) -> np.ndarray:
        """Whole months since the latest raise (since hire before the first one)."""
        t = np.floor(np.maximum(tenure_months, 0)).astype(np.int64)
        off, every = self.offset[idx], self.interval[idx]
        return np.where(t < off, t, (t - off) % every)

    def log_hazard(self, idx: np.ndarray, hire: np.ndarray, day: int) -> np.ndarray:
        """The planted addition to the monthly voluntary-exit log-hazard on `day`."""
        idx = np.asarray(idx)
        if idx.size == 0:
            return np.zeros(0)
        self._ensure(int(idx.max()) + 1)
        p = self.p
        compa = self.compa[idx]
        since = self.months_since_raise(idx, (day - hire) / DAYS_PER_MONTH)
        stalled = (compa < 1.0) & (since >= STALLED_MONTHS)
        engagement = self.wave_engagement(int(_survey_wave(day)), idx)
        return (
            p.coef_stalled_pay * stalled
            + p.coef_pay_gap * np.maximum(0.0, 1.0 - compa) / 0.1
            + p.coef_engagement * engagement
            + p.coef_overtime * np.maximum(0.0, self.overtime[idx] - 20.0) / 10.0
        )


def _employee_ids(keys: np.ndarray) -> pl.Series:
    return pl.Series(keys, dtype=pl.Int64).cast(pl.String).str.zfill(8)


def _midpoint(grade: np.ndarray, day: np.ndarray, as_of_day: int) -> np.ndarray:
    years = (np.asarray(day) - as_of_day) / 365.25
    return 5200.0 * 1.15 ** (np.asarray(grade) - 1.0) * 1.03**years


def _span(w: World, years: int) -> tuple[int, np.ndarray]:
    start = w.as_of_day - int(years * 365.25)
    end = np.where(w.pop.exit == EXIT_NONE, w.as_of_day, w.pop.exit).astype(np.int64)
    return start, end


def compensation(rng: np.random.Generator, w: World, planted: PlantedPayEffect) -> pl.DataFrame:
    """One pay record at hire and at each raise inside the exported years."""
    pop = w.pop
    planted._ensure(len(pop))
    start, end = _span(w, planted.p.history_years)
    n = len(pop)
    tenure = (end - pop.hire) / DAYS_PER_MONTH
    off, every = planted.offset[:n], planted.interval[:n]
    raises = np.where(tenure >= off, 1 + np.floor((tenure - off) / every), 0).astype(np.int64)
    spell = np.repeat(np.arange(n), raises + 1)
    k = np.arange(len(spell)) - np.repeat(np.cumsum(raises + 1) - (raises + 1), raises + 1)
    months = np.where(k == 0, 0, off[spell] + (k - 1) * every[spell])
    day = (pop.hire[spell] + np.round(months * DAYS_PER_MONTH)).astype(np.int64)
    keep = (day >= start) & (day <= np.minimum(end[spell], w.as_of_day - 1))
    spell, k, day = spell[keep], k[keep], day[keep]
    grade = pop.grade_at(day, spell)
    mid = _midpoint(grade, day, w.as_of_day)
    base = np.round(planted.compa[spell] * mid * np.exp(rng.normal(0, 0.01, len(spell))), 0)
    hour = rng.integers(9, 18, len(spell)) * 3600
    recorded = np.minimum(
        (day + rng.integers(0, 10, len(spell))) * 86400 + hour, w.as_of_day * 86400 - 3600
    )
    years = (day.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64)) + 1970
    return pl.DataFrame(
        {
            "employee_id": _employee_ids(pop.key[spell]),
            "effective_date": pl.Series(day, dtype=pl.Int64).cast(pl.Int32).cast(pl.Date),
            "grade": pl.Series(grade, dtype=pl.Int64),
            "base_pay": base,
            "band_min": np.round(0.8 * mid, 0),
            "band_max": np.round(1.2 * mid, 0),
            "band_midpoint": pl.Series([None] * len(spell), dtype=pl.Float64),
            "change_reason": np.where(k == 0, "hire", "annual_raise"),
            "recorded_at": datetimes(recorded),
            "_file": yearly_files("compensation_", years, ".csv"),
            "_key__employee_id": pl.Series(pop.key[spell], dtype=pl.Int64),
        }
    ).sort("_file", "effective_date", "employee_id")


def _survey_waves(w: World, years: int) -> np.ndarray:
    start, _ = _span(w, years)
    first, last = int(_survey_wave(start)) + 1, int(_survey_wave(w.as_of_day))
    return np.arange(first, last + 1)


def engagement_surveys(
    rng: np.random.Generator, w: World, planted: PlantedPayEffect
) -> Iterator[pl.DataFrame]:
    """Each wave's answers of the staff employed on the survey day (one file per wave)."""
    pop = w.pop
    planted._ensure(len(pop))
    _, end = _span(w, planted.p.history_years)
    next_id = 1
    for wave in _survey_waves(w, planted.p.history_years):
        day = int(_wave_day(np.array([wave]))[0])
        idx = np.flatnonzero((pop.hire < day) & (end > day))
        idx = idx[rng.random(len(idx)) < planted.p.survey_response_rate]
        if idx.size == 0:
            continue
        score = np.round(np.clip(3.6 + 0.6 * planted.wave_engagement(int(wave), idx), 1, 5), 1)
        label = f"{wave // 2 + 1970}{'H1' if wave % 2 == 0 else 'H2'}"
        yield pl.DataFrame(
            {
                "response_id": pl.Series(np.arange(len(idx)) + next_id).cast(pl.String),
                "employee_id": _employee_ids(pop.key[idx]),
                "survey_date": pl.Series(np.full(len(idx), day), dtype=pl.Int32).cast(pl.Date),
                "engagement_score": score,
                "_file": pl.repeat(f"engagement_{label}.csv", len(idx), eager=True),
                "_key__employee_id": pl.Series(pop.key[idx], dtype=pl.Int64),
            }
        ).with_columns((pl.lit(f"EG{label}-") + pl.col("response_id")).alias("response_id"))
        next_id += len(idx)


def time_records(
    rng: np.random.Generator, w: World, planted: PlantedPayEffect
) -> Iterator[pl.DataFrame]:
    """Overtime and absence per person and month worked (one file per year)."""
    pop = w.pop
    planted._ensure(len(pop))
    start, end = _span(w, planted.p.history_years)
    first = np.datetime64(int(start), "D").astype("datetime64[M]") + 1
    last = np.datetime64(w.as_of_day, "D").astype("datetime64[M]") - 1
    frames: list[pl.DataFrame] = []
    for month in np.arange(first, last + 1):
        day = int((month.astype("datetime64[D]") - EPOCH).astype(np.int64))
        month_end = int(((month + 1).astype("datetime64[D]") - EPOCH).astype(np.int64))
        idx = np.flatnonzero((pop.hire < day) & (end >= month_end))
        if idx.size == 0:
            continue
        overtime = np.round(np.maximum(0, planted.overtime[idx] + rng.normal(0, 5, len(idx))), 1)
        engagement = planted.wave_engagement(int(_survey_wave(day)), idx)
        absence = rng.poisson(0.5 * np.exp(-0.5 * engagement)).astype(np.float64)
        recorded = (month_end + 3) * 86400 + 9 * 3600
        recorded = min(recorded, w.as_of_day * 86400 - 3600)
        frames.append(
            pl.DataFrame(
                {
                    "employee_id": _employee_ids(pop.key[idx]),
                    "month": pl.Series(np.full(len(idx), day), dtype=pl.Int32).cast(pl.Date),
                    "overtime_hours": overtime,
                    "absence_days": absence,
                    "recorded_at": datetimes(np.full(len(idx), recorded)),
                    "_key__employee_id": pl.Series(pop.key[idx], dtype=pl.Int64),
                }
            )
        )
        if int(month.astype(np.int64)) % 12 == 11 or month == last:
            year = int(month.astype("datetime64[Y]").astype(np.int64)) + 1970
            yield pl.concat(frames).with_columns(_file=pl.lit(f"time_{year}.csv"))
            frames = []
