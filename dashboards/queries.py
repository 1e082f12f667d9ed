"""The query layer: every SQL a page runs, with the viewer's scope applied in SQL.

Functions take a read-only connection to the serving copy, the page filters and the viewer's
scope, and return unprotected pandas frames; `dashboards.data` sends them through the privacy
layer before anything is drawn (nothing here imports it: the layer imports this module). Scope is part of the WHERE clause, so an HR business partner's
query never returns a row outside their org units whatever the widgets, filters or URL say.
Only precomputed marts (marts/ml/ops schemas) are read. Pages read aggregates whose size does
not grow with the number of employees (`marts.agg_*`, built by dbt for the dashboards) and, for
lists of people, a bounded number of rows (the first `PEOPLE_LIMIT` by risk, search results,
`TABLE_LIMIT` rows of a per-person table), so a page stays fast at a million employees.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import duckdb
import pandas as pd

from dashboards.privacy import pseudonym
from dashboards.serving import columns, has_table, require
from ingest.pseudonyms import pid_param_list, pid_sql

# fct_headcount_monthly summed per month x org unit x job family (dbt: marts/dashboard).
HEADCOUNT = "marts.agg_headcount_monthly"
ORG_UNITS = "marts.dim_org_unit"
# Lists of single people show at most this many rows (the highest risk first), with the number
# of people matching; per-person tables shown as they are built show at most TABLE_LIMIT rows.
PEOPLE_LIMIT = 200
SEARCH_LIMIT = 50
TABLE_LIMIT = 1000


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
    """The business units (the bank's branches, and the head office for the units directly
    under it) a viewer may filter by: every unit that is some unit's `branch_code`, so the
    business-unit level is the customer's (reference data `org_levels`), named nowhere here."""
    require(con, ORG_UNITS)
    where, params = where_clause(Filters(), scope, family_column=None, month_column=None)
    extra = " and " if where else " where "
    return con.execute(
        f"select org_unit_code, org_unit_name_zh as name_zh, org_unit_name_en as name_en "
        f"from {ORG_UNITS}{where}{extra}org_unit_code in "
        f"(select branch_code from {ORG_UNITS} where branch_code is not null) "
        "order by org_unit_code",
        params,
    ).df()


def months(con: duckdb.DuckDBPyConnection) -> list[dt.date]:
    """Every month with data (the headcount aggregate has a row for each)."""
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
    require(con, HEADCOUNT)
    where, params = where_clause(filters, scope, month_column="month_start_date")
    return con.execute(
        f"""
        select month_start_date as month,
               coalesce(branch_code, 'unknown') as branch_code,
               coalesce(job_family, 'unknown') as job_family,
               cast(sum(headcount) as bigint) as headcount,
               cast(sum(hires) as bigint) as hires,
               cast(sum(exits) as bigint) as exits
        from {HEADCOUNT}
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
    require(con, HEADCOUNT)
    where, params = where_clause(filters, scope, month_column="month_start_date")
    return con.execute(
        f"""
        select month_start_date as month,
               cast(sum(headcount) as bigint) as headcount,
               cast(sum(hires) as bigint) as hires,
               cast(sum(exits) as bigint) as exits
        from {HEADCOUNT}
        {where}
        group by all
        order by 1
        """,
        params,
    ).df()


# --- People: talent portrait and retention risk (individual rows, scoped in SQL) -------------
PORTRAITS = "marts.employee_portraits"
# Current employees with name and retention fields, stored highest risk first (dbt: marts/people).
DIRECTORY = "marts.people_directory"
REVIEWS = "marts.fct_performance_reviews"
JOB_COMPETENCY = "marts.dim_job_competency"
RETENTION_BANDS = "marts.agg_retention_bands"
RETENTION_BACKTEST = "ml.retention_backtest"


def _stored_pseudonyms_fit(con: duckdb.DuckDBPyConnection, salt: str) -> bool:
    """True when the directory stores pseudonyms made with `salt` (the build's key is the
    viewer's; checked on one row). Hashing every employee per search took 0.35-0.56 s at a
    million employees; reading the stored column is a plain scan."""
    if "employee_pid" not in columns(con, DIRECTORY):
        return False
    row = con.execute(f"select employee_key, employee_pid from {DIRECTORY} limit 1").fetchall()
    return bool(row) and row[0][1] == pseudonym(row[0][0], salt)


def _person_match(
    con: duckdb.DuckDBPyConnection,
    text: str,
    params: list[Any],
    *,
    by_name: bool,
    pseudonym_salt: str | None = None,
) -> str:
    """SQL condition on a row of the directory: its number (or name, or for analysts its
    pseudonym, never the number) contains `text`, taken literally."""
    needle = text.strip()
    if pseudonym_salt is not None:
        if _stored_pseudonyms_fit(con, pseudonym_salt):
            params.append(needle.lower())
            return "contains(employee_pid, ?)"
        # The pseudonym of dashboards.privacy.pseudonym, computed where the rows are.
        params.extend([*pid_param_list(pseudonym_salt.encode()), needle.lower()])
        return f"contains({pid_sql('employee_key', positional=True)}, ?)"
    if by_name:
        params.extend([needle, needle])
        return "(contains(employee_key, ?) or contains(coalesce(employee_name, ''), ?))"
    params.append(needle)
    return "contains(employee_key, ?)"


def find_people(
    con: duckdb.DuckDBPyConnection,
    text: str,
    scope: Scope,
    by_name: bool,
    limit: int = SEARCH_LIMIT,
    pseudonym_salt: str | None = None,
) -> pd.DataFrame:
    """Current employees whose number (or, when allowed, name; with `pseudonym_salt`, their
    pseudonym instead) contains `text`: at most `limit`, by number."""
    require(con, DIRECTORY)
    where, params = where_clause(Filters(), scope, family_column=None, month_column=None)
    match = _person_match(con, text, params, by_name=by_name, pseudonym_salt=pseudonym_salt)
    return con.execute(
        f"""
        select employee_key, employee_name, org_unit_code, branch_code, job_family
        from {DIRECTORY}
        {where} {"and" if where else "where"} {match}
        order by employee_key
        limit {int(limit)}
        """,
        params,
    ).df()


def portrait(con: duckdb.DuckDBPyConnection, employee_key: str, scope: Scope) -> pd.DataFrame:
    """One employee's portrait row, or no row when the key is outside the viewer's scope."""
    require(con, PORTRAITS, DIRECTORY)
    where, params = where_clause(
        Filters(), scope, org_column="p.org_unit_code", family_column=None, month_column=None
    )
    params = [employee_key, *params, employee_key]
    return con.execute(
        f"""
        select p.*, d.employee_name, d.position
        from {PORTRAITS} p
        left join (
            select employee_key, employee_name, position from {DIRECTORY} where employee_key = ?
        ) d on d.employee_key = p.employee_key
        {where} {"and" if where else "where"} p.employee_key = ?
        """,
        params,
    ).df()


COURSES = "marts.dim_course"


def names_of(con: duckdb.DuckDBPyConnection, course: str | None, org_unit: str) -> pd.DataFrame:
    """The names of a portrait's course (recommended) and org unit in both languages, one row
    per kind: kind, code, name_zh, name_en (reference data about no one)."""
    require(con, ORG_UNITS)
    parts = [
        f"select 'org_unit' as kind, org_unit_code as code, org_unit_name_zh as name_zh, "
        f"org_unit_name_en as name_en from {ORG_UNITS} where org_unit_code = ?"
    ]
    params: list[object] = [org_unit]
    if course and has_table(con, COURSES):
        parts.append(
            f"select 'course', course_code, course_name_zh, course_name_en from {COURSES} "
            "where course_code = ?"
        )
        params.append(course)
    return con.execute(" union all ".join(parts), params).df()


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


RETENTION_COLUMNS = (
    "employee_key, employee_name, org_unit_code, branch_code, job_family, tenure_months, "
    "p_exit_12m, risk_band, driver_1_text, driver_2_text, driver_3_text, "
    "largest_gap_competency, recommended_course_code, perf_trajectory"
)


def _retention_where(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    scope: Scope,
    band: str | None,
    search: str,
    by_name: bool,
    pseudonym_salt: str | None,
) -> tuple[str, list[Any]]:
    where, params = where_clause(filters, scope, month_column=None)
    conds = ["risk_band is not null"]
    if band:
        conds.append("risk_band = ?")
        params.append(band)
    if search.strip():
        conds.append(
            _person_match(con, search, params, by_name=by_name, pseudonym_salt=pseudonym_salt)
        )
    return (where + " and " if where else " where ") + " and ".join(conds), params


def retention_people(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    scope: Scope,
    band: str | None = None,
    search: str = "",
    by_name: bool = True,
    pseudonym_salt: str | None = None,
    limit: int = PEOPLE_LIMIT,
) -> pd.DataFrame:
    """The `limit` people with the highest risk in scope and filters (optionally one risk band,
    and a search as `find_people`'s), highest first. The directory is stored in that order,
    so the query reads its first rows only; `retention_people_count` counts all of them."""
    require(con, DIRECTORY)
    where, params = _retention_where(con, filters, scope, band, search, by_name, pseudonym_salt)
    return con.execute(
        f"""
        select {RETENTION_COLUMNS}
        from {DIRECTORY}{where}
        order by p_exit_12m desc, employee_key
        limit {int(limit)}
        """,
        params,
    ).df()


def retention_people_count(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    scope: Scope,
    band: str | None = None,
    search: str = "",
    by_name: bool = True,
    pseudonym_salt: str | None = None,
) -> int:
    """How many people `retention_people` would list without its limit."""
    require(con, DIRECTORY)
    where, params = _retention_where(con, filters, scope, band, search, by_name, pseudonym_salt)
    return int(con.execute(f"select count(*) from {DIRECTORY}{where}", params).fetchone()[0])


def retention_band_cube(con: duckdb.DuckDBPyConnection, scope: Scope) -> pd.DataFrame:
    """Branch x job family x risk band: people, and the expected leavers (sum of risks)."""
    require(con, RETENTION_BANDS)
    where, params = where_clause(Filters(), scope, family_column=None, month_column=None)
    return con.execute(
        f"""
        select coalesce(branch_code, 'unknown') as branch_code,
               coalesce(job_family, 'unknown') as job_family, risk_band,
               cast(sum(people) as bigint) as people, sum(expected_leavers) as expected_leavers
        from {RETENTION_BANDS}{where}
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
def _is_about_people(cols: list[str]) -> bool:
    return "employee_key" in cols or "candidate_key" in cols


def mart_table(
    con: duckdb.DuckDBPyConnection, table: str, scope: Scope, limit: int | None = None
) -> pd.DataFrame:
    """A precomputed table, scoped when it holds org units or people.

    A table with a row per person is a list, not a figure: a page shows at most TABLE_LIMIT of
    its rows (`limit` overrides); other tables (statistics per group) up to 100,000 rows.
    """
    require(con, table)
    cols = columns(con, table)
    if limit is None:
        limit = TABLE_LIMIT if _is_about_people(cols) else 100_000
    if "employee_key" in cols and "org_unit_code" not in cols:
        # Rows about people carry their org unit, so scope and the privacy layer can check them.
        require(con, PORTRAITS)
        if scope.restricted:
            where, params = where_clause(Filters(), scope, family_column=None, month_column=None)
            sql = (
                f"select t.*, p.org_unit_code from {table} t join "
                f"(select employee_key, org_unit_code from {PORTRAITS}{where}) p "
                f"on p.employee_key = t.employee_key limit {int(limit)}"
            )
        else:
            # No scope to check: take the first rows, then look up only their org units.
            sql = (
                f"select t.*, p.org_unit_code from (select * from {table} limit {int(limit)}) t "
                f"left join {PORTRAITS} p on p.employee_key = t.employee_key"
            )
            params = []
        return con.execute(sql, params).df()
    if "org_unit_code" in cols:
        where, params = where_clause(
            Filters(), scope, org_column="org_unit_code", family_column=None, month_column=None
        )
    else:
        where, params = "", []
    return con.execute(f"select * from {table}{where} limit {int(limit)}", params).df()


# Candidates per org unit x job family x channel (dim_candidate counted; dbt: marts/dashboard).
FUNNEL = "marts.agg_candidate_funnel"


def recruitment_funnel(con: duckdb.DuckDBPyConnection, scope: Scope) -> pd.DataFrame:
    """Job family x channel: candidates assessed, advanced by the AI, hired."""
    require(con, FUNNEL)
    where, params = where_clause(Filters(), scope, family_column=None, month_column=None)
    return con.execute(
        f"""
        select coalesce(job_family, 'unknown') as job_family,
               coalesce(recruiting_channel, 'unknown') as channel,
               cast(sum(candidates) as bigint) as candidates,
               cast(sum(advanced) as bigint) as advanced,
               cast(sum(hired) as bigint) as hired
        from {FUNNEL}{where}
        group by all order by all
        """,
        params,
    ).df()


# employee_portraits' gaps and fct_training_enrollments counted per org unit (dbt: marts/people).
COMPETENCY_GAPS = "marts.agg_competency_gaps"
TRAINING_COMPLETION = "marts.agg_training_completion"


def training_gaps(con: duckdb.DuckDBPyConnection, scope: Scope) -> pd.DataFrame:
    """Branch x competency: people assessed and people below the job's required level."""
    require(con, COMPETENCY_GAPS)
    where, params = where_clause(Filters(), scope, family_column=None, month_column=None)
    return con.execute(
        f"""
        select coalesce(branch_code, 'unknown') as branch_code, competency_code,
               cast(sum(people) as bigint) as people,
               cast(sum(below_required) as bigint) as below_required,
               sum(gap_below_sum) / nullif(sum(below_required), 0) as mean_gap
        from {COMPETENCY_GAPS}{where}
        group by all order by 1, 2
        """,
        params,
    ).df()


COURSES = "marts.dim_course"


def course_labels(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Code and zh/en names of every course (the catalogue: about no one, no scope needed)."""
    require(con, COURSES)
    return con.execute(
        f"select course_code, course_name_zh as name_zh, course_name_en as name_en "
        f"from {COURSES} order by course_code"
    ).df()


def training_completion(con: duckdb.DuckDBPyConnection, scope: Scope) -> pd.DataFrame:
    """Branch x course: enrolments and completions."""
    require(con, TRAINING_COMPLETION)
    where, params = where_clause(Filters(), scope, family_column=None, month_column=None)
    return con.execute(
        f"""
        select coalesce(branch_code, 'unknown') as branch_code, course_code,
               cast(sum(enrolled) as bigint) as enrolled,
               cast(sum(completed) as bigint) as completed
        from {TRAINING_COMPLETION}{where}
        group by all order by all
        """,
        params,
    ).df()


# hiring_quality counted per hire year x org unit (dbt: marts/people).
HIRING_QUALITY = "marts.agg_hiring_quality_yearly"
PILOT_SCORECARD = "marts.pilot_scorecard"


def hiring_quality_by_year(con: duckdb.DuckDBPyConnection, scope: Scope) -> pd.DataFrame:
    """Hire year: AI-assessed hires, their mean performance, misses and leavers."""
    require(con, HIRING_QUALITY)
    where, params = where_clause(Filters(), scope, family_column=None, month_column=None)
    return con.execute(
        f"""
        select cast(hire_year as bigint) as hire_year, cast(sum(hires) as bigint) as hires,
               sum(performance_sum) / nullif(sum(hires_with_performance), 0)
                   as mean_performance,
               cast(sum(misses) as bigint) as misses,
               cast(sum(leavers) as bigint) as leavers
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
