"""Careers inside the bank: promotions, grade changes, transfers and line managers."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from .bank_vocabulary import JOB_FAMILIES
from .org import Org
from .params import GeneratorParams
from .population import EXIT_NONE, Population


@dataclass
class Careers:
    events: pl.DataFrame  # spell, day, change_type, dept, grade (ordered by day, spell)
    final_dept: np.ndarray  # department index per spell at exit / as_of
    final_grade: np.ndarray
    dept_branch: np.ndarray  # branch index per department index
    dept_head: np.ndarray  # key of each department's head at as_of (-1: none)
    branch_head: np.ndarray  # key of each branch's head at as_of
    manager: np.ndarray  # key of each spell's line manager (-1: none)

    def manager_of_dept(self, dept: np.ndarray) -> np.ndarray:
        head = self.dept_head[dept]
        return np.where(head >= 0, head, self.branch_head[self.dept_branch[dept]])


def _expand(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Row index repeated `counts` times and the 1-based number within each group."""
    idx = np.repeat(np.arange(len(counts)), counts)
    first = np.repeat(np.cumsum(counts) - counts, counts)
    return idx, np.arange(len(idx)) - first + 1


def build_careers(
    rng: np.random.Generator,
    p: GeneratorParams,
    org: Org,
    pop: Population,
    window_start: int,
    as_of_day: int,
) -> Careers:
    n = len(pop)
    end = np.where(pop.exit == EXIT_NONE, as_of_day, pop.exit).astype(np.int64)
    # Promotions and grade steps follow the same formula the exit hazard uses (grade_at).
    years = np.maximum(0.0, (end - pop.hire) / 365.25)
    steps = np.floor(pop.promo_rate * years + pop.promo_offset).astype(np.int64)
    steps = np.clip(np.minimum(steps, 10 - pop.entry_grade), 0, None)
    p_idx, k = _expand(steps)
    p_day = pop.hire[p_idx] + np.ceil(
        (k - pop.promo_offset[p_idx]) / pop.promo_rate[p_idx] * 365.25
    ).astype(np.int64)
    keep = (p_day >= window_start) & (p_day <= end[p_idx]) & (p_day > pop.hire[p_idx])
    p_idx, k, p_day = p_idx[keep], k[keep], p_day[keep]
    new_grade = pop.entry_grade[p_idx] + k
    band_change = (new_grade - 1) // 2 != (new_grade - 2) // 2
    # Transfers to another department of the same family.
    t_start = np.maximum(pop.hire, window_start) + 1
    exposure = np.maximum(0, end - t_start) / 365.25
    t_count = rng.poisson(p.transfer_rate * exposure)
    t_idx, _ = _expand(t_count)
    t_day = t_start[t_idx] + np.floor(
        rng.random(len(t_idx)) * np.maximum(1, end[t_idx] - t_start[t_idx])
    ).astype(np.int64)
    codes = pop.dept_codes
    dept_branch = np.array([org.dept_branch[c] for c in codes], dtype=np.int16)
    fam = pop.family[t_idx]
    # Candidate departments: same family anywhere; pick one of a different department.
    by_family: dict[int, np.ndarray] = {}
    fam_of_code = np.array([JOB_FAMILIES.index(org.dept_family[c]) for c in codes])
    for f in range(len(JOB_FAMILIES)):
        by_family[f] = np.flatnonzero(fam_of_code == f)
    new_dept = np.empty(len(t_idx), dtype=np.int32)
    u = rng.random(len(t_idx))
    for f, options in by_family.items():
        sel = fam == f
        if not sel.any():
            continue
        choice = options[np.floor(u[sel] * len(options)).astype(np.int64)]
        same = choice == pop.dept[t_idx[sel]]
        alt = options[(np.searchsorted(options, choice) + 1) % len(options)]
        new_dept[sel] = np.where(same, alt, choice)
    events = pl.concat(
        [
            pl.DataFrame(
                {
                    "spell": p_idx.astype(np.int64),
                    "day": p_day.astype(np.int64),
                    "change_type": np.where(band_change, "promotion", "grade_change"),
                    "dept": pl.Series([None] * len(p_idx), dtype=pl.Int32),
                    "grade": new_grade.astype(np.int64),
                }
            ),
            pl.DataFrame(
                {
                    "spell": t_idx.astype(np.int64),
                    "day": t_day.astype(np.int64),
                    "change_type": np.full(len(t_idx), "transfer"),
                    "dept": new_dept,
                    "grade": pop.grade_at(t_day, t_idx).astype(np.int64),
                }
            ),
        ]
    )
    hire_dept = pl.Series("hire_dept", pop.dept)
    events = (
        events.sort(["spell", "day", "change_type"])
        .with_columns(pl.col("dept").forward_fill().over("spell"))
        .with_columns(pl.col("dept").fill_null(pl.lit(hire_dept).gather(pl.col("spell"))))
    )
    last = events.group_by("spell").agg(pl.col("dept").last())
    final_dept = pop.dept.copy()
    final_dept[last["spell"].to_numpy()] = last["dept"].to_numpy()
    final_grade = pop.grade_at(end)
    events = events.sort(["day", "spell", "change_type"])

    # Heads at as_of: the highest grade (then longest tenure) among the staff of each unit.
    active = np.flatnonzero(pop.exit == EXIT_NONE)
    staff = pl.DataFrame(
        {
            "key": pop.key[active],
            "dept": final_dept[active],
            "branch": dept_branch[final_dept[active]],
            "grade": final_grade[active].astype(np.int64),
            "hire": pop.hire[active],
        }
    ).sort(["grade", "hire", "key"], descending=[True, False, False])
    dept_head = np.full(len(codes), -1, dtype=np.int64)
    first = staff.group_by("dept", maintain_order=True).first()
    dept_head[first["dept"].to_numpy()] = first["key"].to_numpy()
    branch_head = np.full(len(org.branch_codes), -1, dtype=np.int64)
    firstb = staff.group_by("branch", maintain_order=True).first()
    branch_head[firstb["branch"].to_numpy()] = firstb["key"].to_numpy()
    ho_head = branch_head[0]
    branch_head = np.where(branch_head >= 0, branch_head, ho_head)

    careers = Careers(
        events=events,
        final_dept=final_dept,
        final_grade=final_grade,
        dept_branch=dept_branch,
        dept_head=dept_head,
        branch_head=branch_head,
        manager=np.full(n, -1, dtype=np.int64),
    )
    mgr = careers.manager_of_dept(final_dept)
    own_branch_head = branch_head[dept_branch[final_dept]]
    mgr = np.where(mgr == pop.key, own_branch_head, mgr)
    mgr = np.where(mgr == pop.key, ho_head, mgr)
    mgr = np.where(mgr == pop.key, -1, mgr)
    careers.manager = mgr
    return careers
