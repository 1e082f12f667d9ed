"""A tiny hand-built serving copy with the marts' shape, for tests that need no full build.

Three branches with two departments each, a head office, 24 months, a few hundred people, and
one deliberately small group (branch BR003, IT developers: 2 people) to exercise suppression.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import duckdb

from ingest.pseudonyms import pid_params, pid_sql
from sample_enterprise.bank.bank_vocabulary import COMPETENCIES, JOB_FAMILIES

# The key of the tiny serving copy's stored pseudonyms (real builds hash them at publish).
TEST_PSEUDONYM_KEY = "tiny-serving-test-pseudonym-key"

BRANCHES = {
    "BR001": ("北京分行", "Beijing branch"),
    "BR002": ("上海分行", "Shanghai branch"),
    "BR003": ("广州分行", "Guangzhou branch"),
}
MONTHS = [dt.date(2024 + (m // 12), m % 12 + 1, 1) for m in range(24)]
SMALL_CELL = ("BR003", "it_developer")


def _org_units() -> list[tuple]:
    rows = [("HO", None, "head_office", "总行", "Head office", "HO")]
    for code, (zh, en) in BRANCHES.items():
        rows.append((code, "HO", "branch", zh, en, code))
        for d in (1, 2):
            rows.append((f"{code}-D0{d}", code, "department", f"{zh}{d}部", f"{en} dept {d}", code))
    return rows


def _people(seed: int) -> list[dict]:
    rng = random.Random(seed)
    people = []
    key = 1
    for branch in BRANCHES:
        for family in JOB_FAMILIES:
            size = 2 if (branch, family) == SMALL_CELL else rng.randint(6, 20)
            for _ in range(size):
                hire = rng.choice(MONTHS[:6]) if rng.random() < 0.8 else rng.choice(MONTHS)
                exit_ = None
                if rng.random() < 0.15 and (branch, family) != SMALL_CELL:
                    later = [m for m in MONTHS if m > hire]
                    exit_ = rng.choice(later) if later else None
                people.append(
                    {
                        "employee_key": f"{key:08d}",
                        "name": f"员工{key}",
                        "org_unit_code": f"{branch}-D0{rng.randint(1, 2)}",
                        "branch_code": branch,
                        "job_family": family,
                        "grade": rng.randint(1, 8),
                        "hire": hire,
                        "exit": exit_,
                    }
                )
                key += 1
    return people


def build(path: Path, seed: int = 7) -> Path:
    """Write the serving file at `path`; returns it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    people = _people(seed)
    con = duckdb.connect(str(path))
    try:
        con.execute("create schema marts")
        con.execute(
            "create table marts.dim_org_unit (org_unit_code varchar, parent_code varchar, "
            "org_level varchar, org_unit_name_zh varchar, org_unit_name_en varchar, "
            "branch_code varchar)"
        )
        con.executemany("insert into marts.dim_org_unit values (?, ?, ?, ?, ?, ?)", _org_units())
        con.execute(
            "create table marts.dim_employee (employee_key varchar, employee_name varchar, "
            "org_unit_code varchar, job_family varchar, position varchar, grade integer, "
            "hire_date date, is_current boolean)"
        )
        con.executemany(
            "insert into marts.dim_employee values (?, ?, ?, ?, ?, ?, ?, true)",
            [
                (
                    p["employee_key"],
                    p["name"],
                    p["org_unit_code"],
                    p["job_family"],
                    "clerk",
                    p["grade"],
                    p["hire"],
                )
                for p in people
            ],
        )
        con.execute(
            "create table marts.fct_headcount_monthly (employee_key varchar, "
            "month_start_date date, org_unit_code varchar, job_family varchar, grade integer, "
            "tenure_months integer, is_active boolean, is_hired_in_month boolean, "
            "is_exited_in_month boolean, hires_in_month integer, exits_in_month integer)"
        )
        rows = []
        for p in people:
            for i, m in enumerate(MONTHS):
                if m < p["hire"] or (p["exit"] and m > p["exit"]):
                    continue
                rows.append(
                    (
                        p["employee_key"],
                        m,
                        p["org_unit_code"],
                        p["job_family"],
                        p["grade"],
                        i - MONTHS.index(p["hire"]),
                        p["exit"] != m,
                        m == p["hire"],
                        m == p["exit"],
                        int(m == p["hire"]),
                        int(m == p["exit"]),
                    )
                )
        con.executemany(
            "insert into marts.fct_headcount_monthly values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows
        )
        _people_marts(con, people, random.Random(seed + 1))
        _dashboard_marts(con)
    finally:
        con.close()
    return path


def _people_marts(con: duckdb.DuckDBPyConnection, people: list[dict], rng: random.Random) -> None:
    """employee_portraits, dim_job_competency and fct_performance_reviews for current staff."""
    comp_cols = ", ".join(f"level_{c} double, gap_{c} double" for c in COMPETENCIES)
    con.execute(
        "create table marts.employee_portraits (employee_key varchar, job_family varchar, "
        "org_unit_code varchar, branch_code varchar, grade integer, hire_date date, "
        f"tenure_months integer, {comp_cols}, competencies_below_required integer, "
        "largest_gap_competency varchar, courses_enrolled integer, courses_completed integer, "
        "recommended_course_code varchar, recommendation_reason varchar, "
        "perf_trajectory varchar, p_exit_12m double, risk_band varchar, driver_1_text varchar, "
        "driver_2_text varchar, driver_3_text varchar)"
    )
    con.execute(
        "create table marts.dim_job_competency (job_family varchar, competency_code varchar, "
        "required_level double, hiring_weight_pct double, is_current boolean)"
    )
    con.executemany(
        "insert into marts.dim_job_competency values (?, ?, ?, ?, true)",
        [(f, c, 3.0, 100 / len(COMPETENCIES)) for f in JOB_FAMILIES for c in COMPETENCIES],
    )
    con.execute(
        "create table marts.fct_performance_reviews (employee_key varchar, review_period varchar, "
        "period_end_date date, review_score double, review_grade varchar)"
    )
    rows, reviews = [], []
    for p in people:
        if p["exit"] is not None:
            continue
        levels = [round(rng.uniform(1, 5), 1) for _ in COMPETENCIES]
        gaps = [round(3.0 - lv, 1) for lv in levels]
        risk = round(rng.random(), 3)
        band = "high" if risk > 0.7 else "medium" if risk > 0.4 else "low"
        largest = COMPETENCIES[max(range(len(gaps)), key=gaps.__getitem__)]
        rows.append(
            (
                p["employee_key"],
                p["job_family"],
                p["org_unit_code"],
                p["branch_code"],
                p["grade"],
                p["hire"],
                12,
                *[v for pair in zip(levels, gaps, strict=True) for v in pair],
                sum(g > 0 for g in gaps),
                largest,
                2,
                1,
                "C101",
                "closes the largest gap",
                "steady",
                risk,
                band,
                "Changes of line manager in the last year: 2 (raises risk)",
                "Latest performance score: 2.5 (raises risk)",
                "Pay grade: 3 (lowers risk)",
            )
        )
        for q in range(4):
            end = dt.date(2025, 3 * q + 3, 28)
            reviews.append(
                (p["employee_key"], f"2025Q{q + 1}", end, round(rng.uniform(2, 5), 1), "B")
            )
    marks = ", ".join("?" for _ in rows[0])
    con.executemany(f"insert into marts.employee_portraits values ({marks})", rows)
    con.executemany("insert into marts.fct_performance_reviews values (?, ?, ?, ?, ?)", reviews)


def _dashboard_marts(con: duckdb.DuckDBPyConnection) -> None:
    """The aggregates and the directory pages read, derived as the dbt models derive them
    (dbt_project/models/marts/dashboard and marts/people)."""
    con.execute(
        """
        create table marts.agg_headcount_monthly as
        select h.month_start_date, h.org_unit_code, o.branch_code, h.job_family,
               cast(count(*) as integer) as employees,
               cast(count(*) filter (where h.is_active) as integer) as headcount,
               cast(sum(h.hires_in_month) as integer) as hires,
               cast(sum(h.exits_in_month) as integer) as exits
        from marts.fct_headcount_monthly h
        left join marts.dim_org_unit o on o.org_unit_code = h.org_unit_code
        group by all
        """
    )
    con.execute(
        """
        create table marts.agg_retention_bands as
        select org_unit_code, branch_code, job_family, risk_band,
               cast(count(*) as integer) as people, sum(p_exit_12m) as expected_leavers
        from marts.employee_portraits where risk_band is not null
        group by all
        """
    )
    gaps = " union all ".join(
        f"select org_unit_code, branch_code, '{c}' as competency_code, gap_{c} as gap "
        "from marts.employee_portraits"
        for c in COMPETENCIES
    )
    con.execute(
        f"""
        create table marts.agg_competency_gaps as
        select org_unit_code, branch_code, competency_code,
               cast(count(gap) as integer) as people,
               cast(count(*) filter (where gap > 0) as integer) as below_required,
               sum(gap) filter (where gap > 0) as gap_below_sum
        from ({gaps}) group by all
        """
    )
    con.execute(
        f"""
        create table marts.people_directory as
        select p.employee_key,
               {pid_sql("p.employee_key")} as employee_pid,
               e.employee_name, e.position, p.org_unit_code, p.branch_code,
               p.job_family, p.tenure_months, p.p_exit_12m, p.risk_band, p.driver_1_text,
               p.driver_2_text, p.driver_3_text, p.largest_gap_competency,
               p.recommended_course_code, p.perf_trajectory
        from marts.employee_portraits p
        left join marts.dim_employee e on e.employee_key = p.employee_key and e.is_current
        order by p.p_exit_12m desc nulls last, p.employee_key
        """,
        pid_params(TEST_PSEUDONYM_KEY.encode()),
    )
