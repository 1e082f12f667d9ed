"""The query layer: every SQL a page runs, with the viewer's scope applied in SQL.

Functions take a read-only connection to the serving copy, the page filters and the viewer's
scope, and return unprotected pandas frames; `dashboards.data` sends them through the privacy
layer before anything is drawn. Scope is part of the WHERE clause, so an HR business partner's
query never returns a row outside their org units whatever the widgets, filters or URL say.
Only precomputed marts (marts/ml/ops schemas) are read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import duckdb
import pandas as pd

from dashboards.serving import NotBuilt, columns, existing_tables, require
from ingest.contract import COMPETENCIES

HEADCOUNT = "marts.fct_headcount_monthly"
ORG_UNITS = "marts.dim_org_unit"


@dataclass(frozen=True)
class Filters:
    """The filters that carry across pages: period, org units (branches) and job families."""

    start: dt.date | None = None
    end: dt.date | None = None
    org_units: tuple[str, ...] = ()
    job_families: tuple[str, ...] = ()


@dataclass(frozen=True)
class Scope:
    """Whose data the viewer may see: `org_units` empty means the whole enterprise."""

    role: str
    org_units: tuple[str, ...] = ()

    @property
    def restricted(self) -> bool:
        return self.role == "hrbp"


FULL_SCOPE = Scope(role="admin")


def _units_clause(column: str, units: tuple[str, ...], params: list[Any]) -> str:
    """`column` belongs to one of `units` or to a department under one of them."""
    marks = ", ".join("?" for _ in units)
    params.extend(units)
    params.extend(units)
    return (
        f"{column} in (select org_unit_code from {ORG_UNITS} "
        f"where org_unit_code in ({marks}) or branch_code in ({marks}))"
    )


def where_clause(
    filters: Filters,
    scope: Scope,
    *,
    org_column: str | None = "org_unit_code",
    family_column: str | None = "job_family",
    month_column: str | None = "month",
) -> tuple[str, list[Any]]:
    """SQL conditions and parameters for filters plus scope (scope is never optional)."""
    conds: list[str] = []
    params: list[Any] = []
    if scope.restricted:
        if org_column is None or not scope.org_units:
            # A scoped viewer on a table that cannot be scoped sees nothing.
            conds.append("false")
        else:
            conds.append(_units_clause(org_column, scope.org_units, params))
    if filters.org_units and org_column is not None:
        conds.append(_units_clause(org_column, filters.org_units, params))
    if filters.job_families and family_column is not None:
        conds.append(f"{family_column} in ({', '.join('?' for _ in filters.job_families)})")
        params.extend(filters.job_families)
    if filters.start and month_column is not None:
        conds.append(f"{month_column} >= ?")
        params.append(filters.start)
    if filters.end and month_column is not None:
        conds.append(f"{month_column} <= ?")
        params.append(filters.end)
    return (" where " + " and ".join(conds)) if conds else "", params


def org_unit_labels(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Code, level and zh/en names of every org unit (not personal data: no scope needed)."""
    require(con, ORG_UNITS)
    return con.execute(
        f"select org_unit_code, org_level as level, org_unit_name_zh as name_zh, "
        f"org_unit_name_en as name_en, branch_code from {ORG_UNITS} order by org_unit_code"
    ).df()


def branches(con: duckdb.DuckDBPyConnection, scope: Scope) -> pd.DataFrame:
    """The branches (and head office) a viewer may filter by."""
    require(con, ORG_UNITS)
    where, params = where_clause(Filters(), scope, family_column=None, month_column=None)
    extra = " and " if where else " where "
    return con.execute(
        f"select org_unit_code, org_unit_name_zh as name_zh, org_unit_name_en as name_en "
        f"from {ORG_UNITS}{where}{extra}org_level in ('head_office', 'branch') "
        "order by org_unit_code",
        params,
    ).df()


def months(con: duckdb.DuckDBPyConnection) -> list[dt.date]:
    require(con, HEADCOUNT)
    rows = con.execute(f"select distinct month_start_date from {HEADCOUNT} order by 1").fetchall()
    return [pd.Timestamp(r[0]).date() for r in rows]


def job_families(con: duckdb.DuckDBPyConnection) -> list[str]:
    require(con, HEADCOUNT)
    rows = con.execute(
        f"select distinct coalesce(job_family, 'unknown') from {HEADCOUNT} order by 1"
    ).fetchall()
    return [r[0] for r in rows]


def headcount_cube(con: duckdb.DuckDBPyConnection, filters: Filters, scope: Scope) -> pd.DataFrame:
    """Month x branch x job family: headcount at month end, hires and exits in the month."""
    require(con, HEADCOUNT, ORG_UNITS)
    where, params = where_clause(
        filters,
        scope,
        org_column="h.org_unit_code",
        family_column="h.job_family",
        month_column="h.month_start_date",
    )
    return con.execute(
        f"""
        select h.month_start_date as month,
               coalesce(o.branch_code, 'unknown') as branch_code,
               coalesce(h.job_family, 'unknown') as job_family,
               count(*) filter (where h.is_active) as headcount,
               coalesce(sum(h.hires_in_month), 0) as hires,
               coalesce(sum(h.exits_in_month), 0) as exits
        from {HEADCOUNT} h left join {ORG_UNITS} o on o.org_unit_code = h.org_unit_code
        {where}
        group by all
        order by 1, 2, 3
        """,
        params,
    ).df()


def headcount_totals(
    con: duckdb.DuckDBPyConnection, filters: Filters, scope: Scope
) -> pd.DataFrame:
    """Month totals over the whole selection (the figures the truth file knows)."""
    require(con, HEADCOUNT, ORG_UNITS)
    where, params = where_clause(
        filters,
        scope,
        org_column="h.org_unit_code",
        family_column="h.job_family",
        month_column="h.month_start_date",
    )
    return con.execute(
        f"""
        select h.month_start_date as month,
               count(*) filter (where h.is_active) as headcount,
               coalesce(sum(h.hires_in_month), 0) as hires,
               coalesce(sum(h.exits_in_month), 0) as exits
        from {HEADCOUNT} h
        {where}
        group by all
        order by 1
        """,
        params,
    ).df()


# --- People: talent portrait and retention risk (individual rows, scoped in SQL) -------------
PORTRAITS = "marts.employee_portraits"
EMPLOYEES = "marts.dim_employee"
REVIEWS = "marts.fct_performance_reviews"
JOB_COMPETENCY = "marts.dim_job_competency"
RETENTION_SCORES = "ml.retention_scores"
RETENTION_BACKTEST = "ml.retention_backtest"


def find_people(
    con: duckdb.DuckDBPyConnection, text: str, scope: Scope, by_name: bool, limit: int = 50
) -> pd.DataFrame:
    """Current employees whose number (or, when allowed, name) contains `text`."""
    require(con, PORTRAITS, EMPLOYEES)
    where, params = where_clause(
        Filters(), scope, org_column="p.org_unit_code", family_column=None, month_column=None
    )
    match = "p.employee_key like ?" + (" or e.employee_name like ?" if by_name else "")
    params.extend([f"%{text.strip()}%"] * (2 if by_name else 1))
    return con.execute(
        f"""
        select p.employee_key, e.employee_name, p.org_unit_code, p.branch_code, p.job_family
        from {PORTRAITS} p
        left join {EMPLOYEES} e on e.employee_key = p.employee_key and e.is_current
        {where} {"and" if where else "where"} ({match})
        order by p.employee_key
        limit {int(limit)}
        """,
        params,
    ).df()


def portrait(con: duckdb.DuckDBPyConnection, employee_key: str, scope: Scope) -> pd.DataFrame:
    """One employee's portrait row, or no row when the key is outside the viewer's scope."""
    require(con, PORTRAITS, EMPLOYEES)
    where, params = where_clause(
        Filters(), scope, org_column="p.org_unit_code", family_column=None, month_column=None
    )
    params.append(employee_key)
    return con.execute(
        f"""
        select p.*, e.employee_name, e.position
        from {PORTRAITS} p
        left join {EMPLOYEES} e on e.employee_key = p.employee_key and e.is_current
        {where} {"and" if where else "where"} p.employee_key = ?
        """,
        params,
    ).df()


def requirements(con: duckdb.DuckDBPyConnection, job_family: str) -> pd.DataFrame:
    """The current competency model of a job family: required level and hiring weight."""
    require(con, JOB_COMPETENCY)
    return con.execute(
        f"select competency_code, required_level, hiring_weight_pct from {JOB_COMPETENCY} "
        "where is_current and job_family = ? order by competency_code",
        [job_family],
    ).df()


def performance_history(
    con: duckdb.DuckDBPyConnection, employee_key: str, scope: Scope
) -> pd.DataFrame:
    require(con, REVIEWS, PORTRAITS)
    where, params = where_clause(
        Filters(), scope, org_column="p.org_unit_code", family_column=None, month_column=None
    )
    params.append(employee_key)
    return con.execute(
        f"""
        select r.review_period, r.period_end_date, r.review_score, r.review_grade
        from {REVIEWS} r join {PORTRAITS} p on p.employee_key = r.employee_key
        {where} {"and" if where else "where"} r.employee_key = ?
        order by r.period_end_date
        """,
        params,
    ).df()


def retention_people(
    con: duckdb.DuckDBPyConnection, filters: Filters, scope: Scope
) -> pd.DataFrame:
    """Everyone in scope and filters with a risk score, highest risk first."""
    require(con, PORTRAITS, EMPLOYEES)
    where, params = where_clause(
        filters,
        scope,
        org_column="p.org_unit_code",
        family_column="p.job_family",
        month_column=None,
    )
    return con.execute(
        f"""
        select p.employee_key, e.employee_name, p.org_unit_code, p.branch_code, p.job_family,
               p.tenure_months, p.p_exit_12m, p.risk_band,
               p.driver_1_text, p.driver_2_text, p.driver_3_text,
               p.largest_gap_competency, p.recommended_course_code, p.perf_trajectory
        from {PORTRAITS} p
        left join {EMPLOYEES} e on e.employee_key = p.employee_key and e.is_current
        {where} {"and" if where else "where"} p.risk_band is not null
        order by p.p_exit_12m desc
        """,
        params,
    ).df()


def retention_band_cube(con: duckdb.DuckDBPyConnection, scope: Scope) -> pd.DataFrame:
    """Branch x job family x risk band: people, and the expected leavers (sum of risks)."""
    require(con, PORTRAITS)
    where, params = where_clause(
        Filters(), scope, org_column="org_unit_code", family_column=None, month_column=None
    )
    return con.execute(
        f"""
        select coalesce(branch_code, 'unknown') as branch_code,
               coalesce(job_family, 'unknown') as job_family, risk_band,
               count(*) as people, sum(p_exit_12m) as expected_leavers
        from {PORTRAITS}
        {where} {"and" if where else "where"} risk_band is not null
        group by all order by all
        """,
        params,
    ).df()


def retention_backtest(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Last year's predictions by band against who actually left (enterprise-wide)."""
    require(con, RETENTION_BACKTEST)
    return con.execute(f"select * from {RETENTION_BACKTEST}").df()


def scope_org_units(con: duckdb.DuckDBPyConnection, scope: Scope) -> list[str]:
    """Every org unit code the viewer may see rows of (for the privacy layer's second check)."""
    require(con, ORG_UNITS)
    where, params = where_clause(Filters(), scope, family_column=None, month_column=None)
    return [
        r[0]
        for r in con.execute(f"select org_unit_code from {ORG_UNITS}{where}", params).fetchall()
    ]


# --- Tables shown as they are built (model outputs, pilot, quality) ----------------------------
SIZE_COLUMNS: tuple[str, ...] = (
    "n",
    "n_pairs",
    "pairs",
    "people",
    "employees",
    "hires",
    "takers",
    "candidates",
    "sample_size",
    "n_people",
    "group_size",
)


def mart_table(
    con: duckdb.DuckDBPyConnection, table: str, scope: Scope, limit: int = 100_000
) -> pd.DataFrame:
    """A precomputed table, scoped when it holds org units or people."""
    require(con, table)
    cols = columns(con, table)
    source = table
    if "employee_key" in cols and "org_unit_code" not in cols:
        # Rows about people carry their org unit, so scope and the privacy layer can check them.
        require(con, PORTRAITS)
        source = (
            f"(select t.*, p.org_unit_code from {table} t "
            f"left join {PORTRAITS} p on p.employee_key = t.employee_key)"
        )
        cols = [*cols, "org_unit_code"]
    if "org_unit_code" in cols:
        where, params = where_clause(
            Filters(), scope, org_column="org_unit_code", family_column=None, month_column=None
        )
    else:
        where, params = "", []
    return con.execute(f"select * from {source}{where} limit {int(limit)}", params).df()


CANDIDATES = "marts.dim_candidate"


def recruitment_funnel(con: duckdb.DuckDBPyConnection, scope: Scope) -> pd.DataFrame:
    """Job family x channel: candidates assessed, advanced by the AI, hired."""
    require(con, CANDIDATES)
    where, params = where_clause(
        Filters(), scope, org_column="latest_org_unit_code", family_column=None, month_column=None
    )
    return con.execute(
        f"""
        select coalesce(latest_job_family, 'unknown') as job_family,
               coalesce(recruiting_channel, 'unknown') as channel,
               count(*) as candidates,
               count(*) filter (where latest_ai_recommendation = 'advance') as advanced,
               count(*) filter (where is_hired) as hired
        from {CANDIDATES}{where}
        group by all order by all
        """,
        params,
    ).df()


ENROLLMENTS = "marts.fct_training_enrollments"


def training_gaps(con: duckdb.DuckDBPyConnection, scope: Scope) -> pd.DataFrame:
    """Branch x competency: people assessed and people below the job's required level."""
    require(con, PORTRAITS)
    where, params = where_clause(
        Filters(), scope, org_column="org_unit_code", family_column=None, month_column=None
    )
    parts = [
        f"""select coalesce(branch_code, 'unknown') as branch_code, '{c}' as competency_code,
               count(gap_{c}) as people, count(*) filter (where gap_{c} > 0) as below_required,
               avg(gap_{c}) filter (where gap_{c} > 0) as mean_gap
        from {PORTRAITS}{where} group by 1"""
        for c in COMPETENCIES
    ]
    return con.execute(
        " union all ".join(parts) + " order by 1, 2", params * len(COMPETENCIES)
    ).df()


def training_completion(con: duckdb.DuckDBPyConnection, scope: Scope) -> pd.DataFrame:
    """Branch x course: enrolments and completions."""
    require(con, ENROLLMENTS, PORTRAITS)
    where, params = where_clause(
        Filters(), scope, org_column="p.org_unit_code", family_column=None, month_column=None
    )
    return con.execute(
        f"""
        select coalesce(p.branch_code, 'unknown') as branch_code, e.course_code,
               count(*) as enrolled, count(*) filter (where e.is_completed) as completed
        from {ENROLLMENTS} e join {PORTRAITS} p on p.employee_key = e.employee_key
        {where}
        group by all order by all
        """,
        params,
    ).df()


def _table_page(*tables: str) -> Callable[[duckdb.DuckDBPyConnection], Any]:
    def run(con: duckdb.DuckDBPyConnection) -> Any:
        have = existing_tables(con)
        return [mart_table(con, t, FULL_SCOPE) for t in tables if t in have]

    return run


def _optional(fn: Callable[..., Any], *args: Any) -> Any:
    try:
        return fn(*args)
    except NotBuilt:
        return None


def _default_period(con: duckdb.DuckDBPyConnection) -> Filters:
    """The sidebar's default: the last 24 months."""
    all_months = months(con)
    return Filters(start=all_months[max(0, len(all_months) - 24)], end=all_months[-1])


# The benchmark runs what a page computes before drawing: queries plus the privacy layer. The
# protected views live in dashboards.views_data, which imports this module, hence the imports
# inside the functions.
def _headcount_page(con: duckdb.DuckDBPyConnection) -> Any:
    from dashboards.privacy import PrivacyPolicy
    from dashboards.views_data import headcount_view

    return (
        branches(con, FULL_SCOPE),
        job_families(con),
        headcount_view(con, _default_period(con), FULL_SCOPE, PrivacyPolicy()),
    )


def _overview_page(con: duckdb.DuckDBPyConnection) -> Any:
    from dashboards.privacy import PrivacyPolicy
    from dashboards.views_data import retention_family_view

    return (
        _headcount_page(con),
        _optional(retention_family_view, con, FULL_SCOPE, PrivacyPolicy()),
        _optional(hiring_quality_by_year, con, FULL_SCOPE),
        _optional(pilot_status, con),
    )


def _people_pages(con: duckdb.DuckDBPyConnection) -> Any:
    from dashboards.privacy import PrivacyPolicy
    from dashboards.views_data import retention_bands_view

    return (
        _optional(retention_people, con, Filters(), FULL_SCOPE),
        _optional(retention_bands_view, con, Filters(), FULL_SCOPE, PrivacyPolicy()),
        _optional(retention_backtest, con),
    )


def _recruitment_page(con: duckdb.DuckDBPyConnection) -> Any:
    return (_optional(recruitment_funnel, con, FULL_SCOPE), _table_page(*RECRUITMENT_TABLES)(con))


def _training_page(con: duckdb.DuckDBPyConnection) -> Any:
    return (
        _optional(training_gaps, con, FULL_SCOPE),
        _optional(training_completion, con, FULL_SCOPE),
        _table_page(*TRAINING_TABLES)(con),
    )


RECRUITMENT_TABLES = ("ml.ai_human_agreement", "ml.adverse_impact", "marts.hiring_quality")
WEIGHTS_TABLES = ("ml.competency_weights", "ml.reranking_summary")
TRAINING_TABLES = ("ml.training_effect",)
QUALITY_TABLES = ("ops.alerts", "marts.quarantine_summary", "marts.id_resolution_summary")

# Page name -> the queries it runs, unfiltered and unscoped, for `talentloop bench`.
PAGE_QUERIES: dict[str, Callable[[duckdb.DuckDBPyConnection], Any]] = {
    "headcount": _headcount_page,
    "overview": _overview_page,
    "portrait": lambda con: _optional(find_people, con, "0", FULL_SCOPE, True),
    "retention": _people_pages,
    "recruitment": _recruitment_page,
    "weights": _table_page(*WEIGHTS_TABLES),
    "training": _training_page,
    "quality": _table_page(*QUALITY_TABLES),
}


HIRING_QUALITY = "marts.hiring_quality"
PILOT_SCORECARD = "marts.pilot_scorecard"


def hiring_quality_by_year(con: duckdb.DuckDBPyConnection, scope: Scope) -> pd.DataFrame:
    """Hire year: AI-assessed hires, their mean performance, misses and leavers."""
    require(con, HIRING_QUALITY)
    where, params = where_clause(
        Filters(), scope, org_column="org_unit_code", family_column=None, month_column=None
    )
    return con.execute(
        f"""
        select year(hire_date) as hire_year, count(*) as hires,
               avg(observed_performance) as mean_performance,
               count(*) filter (where is_miss) as misses,
               count(*) filter (where has_left) as leavers
        from {HIRING_QUALITY}{where}
        group by 1 order by 1
        """,
        params,
    ).df()


def pilot_status(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Per pilot criterion: checks (scopes), passed, failed, insufficient data, under review."""
    require(con, PILOT_SCORECARD)
    return con.execute(
        f"""
        select criterion, count(*) as checks,
               count(*) filter (where is_pass) as passed,
               count(*) filter (where status = 'fail') as failed,
               count(*) filter (where status = 'insufficient') as insufficient,
               count(*) filter (where status = 'review') as review
        from {PILOT_SCORECARD}
        group by 1 order by 1
        """
    ).df()
