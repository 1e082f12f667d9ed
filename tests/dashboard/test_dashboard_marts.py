"""The small marts the pages read, on a real build: each aggregate equals the fine-grained mart
it sums, the page queries over them equal the same queries over the fine-grained marts (whole
enterprise and a scoped viewer), and the headcount totals equal the generator's truth exactly.
`people_directory` holds every current employee, stored highest risk first."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from dashboards import queries
from dashboards.queries import FULL_SCOPE, Filters, Scope
from sample_enterprise.bank.bank_vocabulary import COMPETENCIES

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def con(real_home: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    with duckdb.connect(str(real_home / "serving.duckdb"), read_only=True) as c:
        yield c


def _frame(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> pd.DataFrame:
    return con.execute(sql, params or []).df()


def assert_same(got: pd.DataFrame, want: pd.DataFrame) -> None:
    """Same rows in the same order; counts exactly, sums of probabilities and scores to 1e-9."""
    assert len(want) > 0
    pd.testing.assert_frame_equal(
        got.reset_index(drop=True),
        want.reset_index(drop=True),
        check_dtype=False,
        check_exact=False,
        rtol=1e-9,
    )


def test_headcount_aggregate_sums_the_monthly_snapshot(con: duckdb.DuckDBPyConnection) -> None:
    got = _frame(
        con,
        "select month_start_date, org_unit_code, branch_code, job_family, employees, headcount, "
        "hires, exits from marts.agg_headcount_monthly order by all",
    )
    want = _frame(
        con,
        """
        select h.month_start_date, h.org_unit_code, o.branch_code, h.job_family,
               count(*) as employees, count(*) filter (where h.is_active) as headcount,
               sum(h.hires_in_month) as hires, sum(h.exits_in_month) as exits
        from marts.fct_headcount_monthly h
        left join marts.dim_org_unit o on o.org_unit_code = h.org_unit_code
        group by all order by all
        """,
    )
    assert_same(got, want)


def test_page_headcount_totals_equal_the_truth(
    con: duckdb.DuckDBPyConnection, real_home: Path
) -> None:
    totals = queries.headcount_totals(con, Filters(), FULL_SCOPE)
    got = {
        f"{pd.Timestamp(r.month):%Y-%m-%d}": (r.headcount, r.hires, r.exits)
        for r in totals.itertuples()
    }
    truth = list(
        csv.DictReader((real_home / "landing" / "_truth" / "headcount_monthly.csv").open())
    )
    assert truth
    for row in truth:
        assert got[row["month"]] == (int(row["headcount"]), int(row["hires"]), int(row["exits"]))


def _units(con: duckdb.DuckDBPyConnection) -> tuple[str, str]:
    """A branch and a department of another branch: a scope of two org units."""
    branch, dept = con.execute(
        "select min(branch_code), max(org_unit_code) filter (where org_level = 'department') "
        "from marts.dim_org_unit where org_level in ('branch', 'department')"
    ).fetchone()
    return branch, dept


def _scope_sql(con: duckdb.DuckDBPyConnection, column: str) -> tuple[str, list[str]]:
    branch, dept = _units(con)
    return (
        f"{column} in (select org_unit_code from marts.dim_org_unit "
        "where branch_code = ? or org_unit_code in (?, ?))",
        [branch, branch, dept],
    )


def _scopes(con: duckdb.DuckDBPyConnection) -> list[tuple[Scope, str]]:
    return [(FULL_SCOPE, "true"), (Scope(role="hrbp", org_units=_units(con)), "scoped")]


def test_headcount_queries_equal_the_snapshot_for_every_scope(
    con: duckdb.DuckDBPyConnection,
) -> None:
    all_months = queries.months(con)
    assert all_months == [
        r[0]
        for r in con.execute(
            "select distinct month_start_date from marts.fct_headcount_monthly order by 1"
        ).fetchall()
    ]
    assert queries.job_families(con) == [
        r[0]
        for r in con.execute(
            "select distinct coalesce(job_family, 'unknown') from marts.fct_headcount_monthly "
            "order by 1"
        ).fetchall()
    ]
    period = Filters(start=all_months[-24], end=all_months[-1])
    for scope, kind in _scopes(con):
        cond, params = ("true", []) if kind == "true" else _scope_sql(con, "h.org_unit_code")
        want = _frame(
            con,
            f"""
            select h.month_start_date as month,
                   coalesce(o.branch_code, 'unknown') as branch_code,
                   coalesce(h.job_family, 'unknown') as job_family,
                   count(*) filter (where h.is_active) as headcount,
                   sum(h.hires_in_month) as hires, sum(h.exits_in_month) as exits
            from marts.fct_headcount_monthly h
            left join marts.dim_org_unit o on o.org_unit_code = h.org_unit_code
            where {cond} and h.month_start_date between ? and ?
            group by all order by 1, 2, 3
            """,
            [*params, period.start, period.end],
        )
        assert_same(queries.headcount_cube(con, period, scope), want)
        totals = want.groupby("month", as_index=False)[["headcount", "hires", "exits"]].sum()
        assert_same(queries.headcount_totals(con, period, scope), totals)


def test_funnel_aggregate_counts_the_candidates(con: duckdb.DuckDBPyConnection) -> None:
    for scope, kind in _scopes(con):
        cond, params = ("true", []) if kind == "true" else _scope_sql(con, "latest_org_unit_code")
        want = _frame(
            con,
            f"""
            select coalesce(latest_job_family, 'unknown') as job_family,
                   coalesce(recruiting_channel, 'unknown') as channel, count(*) as candidates,
                   count(*) filter (where latest_ai_recommendation = 'advance') as advanced,
                   count(*) filter (where is_hired) as hired
            from marts.dim_candidate where {cond} group by all order by all
            """,
            params,
        )
        assert_same(queries.recruitment_funnel(con, scope), want)


def test_retention_aggregate_counts_the_portraits(con: duckdb.DuckDBPyConnection) -> None:
    for scope, kind in _scopes(con):
        cond, params = ("true", []) if kind == "true" else _scope_sql(con, "org_unit_code")
        want = _frame(
            con,
            f"""
            select coalesce(branch_code, 'unknown') as branch_code,
                   coalesce(job_family, 'unknown') as job_family, risk_band,
                   count(*) as people, sum(p_exit_12m) as expected_leavers
            from marts.employee_portraits
            where {cond} and risk_band is not null group by all order by all
            """,
            params,
        )
        assert_same(queries.retention_band_cube(con, scope), want)


def test_gap_and_completion_aggregates_count_the_portraits(
    con: duckdb.DuckDBPyConnection,
) -> None:
    for scope, kind in _scopes(con):
        cond, params = ("true", []) if kind == "true" else _scope_sql(con, "p.org_unit_code")
        parts = [
            f"""select coalesce(branch_code, 'unknown') as branch_code, '{c}' as competency_code,
                   count(gap_{c}) as people,
                   count(*) filter (where gap_{c} > 0) as below_required,
                   avg(gap_{c}) filter (where gap_{c} > 0) as mean_gap
            from marts.employee_portraits p where {cond} group by 1"""
            for c in COMPETENCIES
        ]
        want = _frame(con, " union all ".join(parts) + " order by 1, 2", params * len(parts))
        assert_same(queries.training_gaps(con, scope), want)
        want = _frame(
            con,
            f"""
            select coalesce(p.branch_code, 'unknown') as branch_code, e.course_code,
                   count(*) as enrolled, count(*) filter (where e.is_completed) as completed
            from marts.fct_training_enrollments e
            join marts.employee_portraits p on p.employee_key = e.employee_key
            where {cond} group by all order by all
            """,
            params,
        )
        assert_same(queries.training_completion(con, scope), want)


def test_hiring_quality_aggregate_counts_the_hires(con: duckdb.DuckDBPyConnection) -> None:
    for scope, kind in _scopes(con):
        cond, params = ("true", []) if kind == "true" else _scope_sql(con, "org_unit_code")
        want = _frame(
            con,
            f"""
            select year(hire_date) as hire_year, count(*) as hires,
                   avg(observed_performance) as mean_performance,
                   count(*) filter (where is_miss) as misses,
                   count(*) filter (where has_left) as leavers
            from marts.hiring_quality where {cond} group by 1 order by 1
            """,
            params,
        )
        assert_same(queries.hiring_quality_by_year(con, scope), want)


def test_directory_holds_every_current_employee_highest_risk_first(
    con: duckdb.DuckDBPyConnection,
) -> None:
    stored = _frame(
        con, "select employee_key, employee_name from marts.people_directory order by rowid"
    )
    want = _frame(
        con,
        """
        select p.employee_key, e.employee_name
        from marts.employee_portraits p
        left join marts.dim_employee e on e.employee_key = p.employee_key and e.is_current
        order by p.p_exit_12m desc nulls last, p.employee_key
        """,
    )
    assert_same(stored, want)
    for scope, kind in _scopes(con):
        cond, params = ("true", []) if kind == "true" else _scope_sql(con, "org_unit_code")
        everyone = _frame(
            con,
            f"select employee_key from marts.employee_portraits "
            f"where {cond} and risk_band = 'high' order by p_exit_12m desc, employee_key",
            params,
        )
        top = queries.retention_people(con, Filters(), scope, "high", limit=5)
        assert list(top["employee_key"]) == list(everyone["employee_key"][:5])
        assert queries.retention_people_count(con, Filters(), scope, "high") == len(everyone)


def test_directory_pseudonyms_are_the_analyst_files(
    con: duckdb.DuckDBPyConnection, real_home: Path
) -> None:
    """The stored pseudonym an analyst searches by is the one analyst.duckdb shows and the
    privacy layer computes with the home's key, so the search can read it instead of hashing
    every employee."""
    from dashboards.privacy import pseudonym
    from ingest.pseudonyms import load_key

    key = load_key(real_home).decode()
    with duckdb.connect(str(real_home / "analyst.duckdb"), read_only=True) as analyst:
        published = analyst.execute("select distinct employee_pid from analyst.dim_employee")
        analyst_pids = {pid for (pid,) in published.fetchall()}
    rows = con.execute("select employee_key, employee_pid from marts.people_directory").fetchall()
    assert rows
    assert all(pid == pseudonym(employee, key) for employee, pid in rows)
    assert {pid for _, pid in rows} <= analyst_pids
    assert queries._stored_pseudonyms_fit(con, key)
