"""What each page shows: one public function per page, returning exactly its figures.

`<page>(con, scope, filters, policy, **options) -> dict[str, DataFrame]`: every frame is
protected (see dashboards/data/protect.py for the `<column>_status` columns: exact, perturbed,
partial, withheld). The pages draw these frames and nothing else, the report takes the overview's,
and `talentloop bench` times these functions; the security tests attack through them
(docs/privacy.md documents the shapes).
"""

from __future__ import annotations

import duckdb
import pandas as pd

from dashboards import queries
from dashboards.data import protect
from dashboards.data.catalog import Cube, Groups, Individuals, Statistics, declaration
from dashboards.data.protect import EXACT, INDIVIDUAL_ROLES, PERTURBED, WITHHELD, status_of
from dashboards.data.views import (  # noqa: F401 (re-exported for the report)
    apply_filters,
    exact_when_rest_is_empty,
    headcount_view,
    retention_bands_view,
    retention_by_family,
    retention_cells,
    twelve_months,
)
from dashboards.privacy import PrivacyError, PrivacyPolicy, pseudonym
from dashboards.queries import Filters, Scope
from dashboards.serving import NotBuilt

Figures = dict[str, pd.DataFrame]
NO_FILTERS = Filters()


def default_policy(policy: PrivacyPolicy | None) -> PrivacyPolicy:
    return policy or PrivacyPolicy()


def served_table(
    con: duckdb.DuckDBPyConnection, table: str, scope: Scope, policy: PrivacyPolicy
) -> pd.DataFrame:
    """A table shown as it is built, through its declared class (none: it is not served)."""
    spec = declaration(table)
    if isinstance(spec, Cube):
        raise TypeError(f"{table} is a cube: pages show it through its view")
    raw = queries.mart_table(con, table, scope)
    if isinstance(spec, Individuals):
        units = queries.scope_org_units(con, scope)
        return protect.individuals(table, raw, scope.role, units, policy)
    if isinstance(spec, Groups):
        return protect.groups(table, raw, policy)
    assert isinstance(spec, Statistics)
    return protect.statistics(table, raw)


def _optional(figures: Figures, name: str, fn, *args) -> None:
    """Compute one figure; when its tables are not built, name them in `missing` instead."""
    try:
        figures[name] = fn(*args)
    except NotBuilt as error:
        rows = pd.DataFrame({"figure": name, "table": error.missing})
        figures["missing"] = pd.concat([figures.get("missing"), rows], ignore_index=True)
        figures["missing"].attrs["privacy"] = "statistics"


def headcount(
    con: duckdb.DuckDBPyConnection,
    scope: Scope,
    filters: Filters = NO_FILTERS,
    policy: PrivacyPolicy | None = None,
) -> Figures:
    """monthly (month: headcount, hires, exits), by_branch and by_family (month x branch or
    job family: headcount, hires, exits), latest (branch x job family in the last month)."""
    policy = default_policy(policy)
    view = headcount_view(con, filters, scope, policy)
    counts = ["headcount", "hires", "exits"]
    cells = view.cells
    latest = cells[cells["month"] == cells["month"].max()] if len(cells) else cells
    keep = ["month", "branch_code", "job_family", *counts, *map(status_of, counts)]
    return {
        "monthly": view.totals,
        "by_branch": exact_when_rest_is_empty(
            protect.sum_cells(cells, ["month", "branch_code"], counts),
            ["branch_code"],
            view.everything,
            view.exact,
        ),
        "by_family": exact_when_rest_is_empty(
            protect.sum_cells(cells, ["month", "job_family"], counts),
            ["job_family"],
            view.everything,
            view.exact,
        ),
        "latest": protect.mark(latest[keep].reset_index(drop=True), "cube"),
    }


def _kpis(view) -> pd.DataFrame:
    """Headcount now and a year earlier; hires, exits, attrition over the last 12 months and
    the 12 before."""
    totals = view.totals
    now, before = twelve_months(view), twelve_months(view, offset=12)
    rows = []
    if len(totals):
        last = totals.iloc[-1]
        year_ago = totals.iloc[-13] if len(totals) > 12 else None
        rows.append(
            {
                "figure": "headcount",
                "value": float(last["headcount"]),
                "value_status": last[status_of("headcount")],
                "year_ago": None if year_ago is None else float(year_ago["headcount"]),
                "year_ago_status": WITHHELD
                if year_ago is None
                else year_ago[status_of("headcount")],
            }
        )
    for key, name in (
        ("hires", "hires_12m"),
        ("exits", "exits_12m"),
        ("attrition", "attrition_12m"),
    ):
        rows.append(
            {
                "figure": name,
                "value": now[key],
                "value_status": now["status"],
                "year_ago": before[key],
                "year_ago_status": before["status"],
            }
        )
    out = pd.DataFrame(
        rows, columns=["figure", "value", "value_status", "year_ago", "year_ago_status"]
    )
    return protect.mark(out, "cube")


def _forecast(
    con: duckdb.DuckDBPyConnection, scope: Scope, filters: Filters, policy: PrivacyPolicy
) -> pd.DataFrame:
    """Expected leavers over the next 12 months, people and their rate (cells under min_group
    people are left out of both, so the rate is over the same people)."""
    cells = retention_bands_view(con, filters, scope, policy)
    shown = cells[cells[status_of("expected_leavers")] != WITHHELD]
    partial = len(shown) < len(cells)
    size = float(shown["_true_size"].sum())
    expected = float(shown["expected_leavers"].astype(float).sum())
    status = WITHHELD if not size else ("partial" if partial else EXACT)
    return protect.mark(
        pd.DataFrame(
            [
                {
                    "expected_leavers": expected if size else None,
                    "rate": expected / size if size else None,
                    "expected_leavers_status": status,
                    "rate_status": status,
                }
            ]
        ),
        "cube",
    )


def _hiring(con: duckdb.DuckDBPyConnection, scope: Scope, policy: PrivacyPolicy) -> pd.DataFrame:
    """Hire year: hires (perturbed), their mean performance (years with min_group hires) and the
    share of misses (perturbed counts)."""
    raw = queries.hiring_quality_by_year(con, scope)
    cells = protect.cube("marts.agg_hiring_quality_yearly", raw, scope.role, policy)
    cells["miss_rate"] = cells["misses"] / cells["hires"]
    cells[status_of("miss_rate")] = PERTURBED
    return protect.mark(cells.drop(columns=["_true_size"]), "cube")


def _courses(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Course names in both languages, so no page shows a code like CRS070."""
    return protect.mark(queries.course_labels(con), "statistics")


def overview(
    con: duckdb.DuckDBPyConnection,
    scope: Scope,
    filters: Filters = NO_FILTERS,
    policy: PrivacyPolicy | None = None,
) -> Figures:
    """kpis, monthly (the headcount page's), forecast, hiring (by hire year), pilot."""
    policy = default_policy(policy)
    view = headcount_view(con, filters, scope, policy)
    figures: Figures = {"kpis": _kpis(view), "monthly": view.totals}
    _optional(figures, "forecast", _forecast, con, scope, filters, policy)
    _optional(figures, "hiring", _hiring, con, scope, policy)
    _optional(figures, "pilot", lambda: protect.mark(queries.pilot_status(con), "statistics"))
    return figures


def retention(
    con: duckdb.DuckDBPyConnection,
    scope: Scope,
    filters: Filters = NO_FILTERS,
    policy: PrivacyPolicy | None = None,
    band: str | None = "high",
    search: str = "",
) -> Figures:
    """bands (job family x risk band: people), summary (people and people at high risk in the
    scope and filters), people (the list, roles that see individuals), backtest, courses (the
    names of the courses the people list recommends)."""
    policy = default_policy(policy)
    cells = retention_bands_view(con, filters, scope, policy)
    bands = protect.sum_cells(cells, ["job_family", "risk_band"], ["people"])
    people_total = protect.sum_cells(cells, [], ["people"])
    high_total = protect.sum_cells(cells[cells["risk_band"] == "high"], [], ["people"])
    summary = pd.DataFrame(
        {
            "people": [int(people_total["people"].iloc[0]) if len(cells) else 0],
            "people_status": [people_total[status_of("people")].iloc[0] if len(cells) else EXACT],
            "high": [int(high_total["people"].iloc[0]) if len(high_total) else 0],
            "high_status": [high_total[status_of("people")].iloc[0] if len(high_total) else EXACT],
        }
    )
    figures: Figures = {"bands": bands, "summary": protect.mark(summary, "cube")}
    if scope.role in INDIVIDUAL_ROLES:
        by_name = scope.role in ("hrbp", "admin")
        salt = None if by_name else policy.pseudonym_salt
        args = (filters, scope, band, search.strip(), by_name, salt)
        raw = queries.retention_people(con, *args)
        units = queries.scope_org_units(con, scope)
        figures["people"] = protect.individuals(
            "marts.people_directory", raw, scope.role, units, policy
        )
        count = queries.retention_people_count(con, *args)
        figures["people_count"] = protect.mark(
            pd.DataFrame({"people": [count], "people_status": [EXACT]}), "individuals"
        )
    _optional(
        figures,
        "backtest",
        lambda: protect.groups("ml.retention_backtest", queries.retention_backtest(con), policy),
    )
    _optional(figures, "courses", _courses, con)
    return figures


def recruitment(
    con: duckdb.DuckDBPyConnection,
    scope: Scope,
    filters: Filters = NO_FILTERS,
    policy: PrivacyPolicy | None = None,
) -> Figures:
    """funnel (job family x channel: candidates, advanced, hired), agreement, adverse_impact,
    pilot (the scorecard per criterion) and hiring (quality of hires by hire year): the AI
    pilot's scorecard."""
    policy = default_policy(policy)
    figures: Figures = {}
    _optional(figures, "pilot", lambda: protect.mark(queries.pilot_status(con), "statistics"))
    _optional(figures, "hiring", _hiring, con, scope, policy)

    def funnel() -> pd.DataFrame:
        raw = queries.recruitment_funnel(con, scope)
        cells = protect.cube("marts.agg_candidate_funnel", raw, scope.role, policy)
        return apply_filters(con, cells, Filters(job_families=filters.job_families))

    _optional(figures, "funnel", funnel)
    for name, table in (
        ("agreement", "ml.ai_human_agreement"),
        ("adverse_impact", "ml.adverse_impact"),
    ):
        _optional(figures, name, served_table, con, table, scope, policy)
    return figures


def training(
    con: duckdb.DuckDBPyConnection,
    scope: Scope,
    filters: Filters = NO_FILTERS,
    policy: PrivacyPolicy | None = None,
) -> Figures:
    """gaps (branch x competency: people, below_required, mean_gap), gaps_by_competency,
    completion (branch x course), by_course, courses (code: zh/en names), recommendations
    (individuals), effect."""
    policy = default_policy(policy)
    figures: Figures = {}
    org_only = Filters(org_units=filters.org_units)

    def gaps() -> pd.DataFrame:
        raw = queries.training_gaps(con, scope)
        cells = protect.cube("marts.agg_competency_gaps", raw, scope.role, policy)
        return apply_filters(con, cells, org_only)

    _optional(figures, "gaps", gaps)
    if "gaps" in figures:
        cells = figures["gaps"]
        by = protect.sum_cells(cells, ["competency_code"], ["people", "below_required"])
        by["share"] = by["below_required"] / by["people"]
        by[status_of("share")] = PERTURBED
        figures["gaps_by_competency"] = by
        figures["gaps"] = protect.mark(cells.drop(columns=["_true_size"]), "cube")

    def completion() -> pd.DataFrame:
        raw = queries.training_completion(con, scope)
        cells = protect.cube("marts.agg_training_completion", raw, scope.role, policy)
        return apply_filters(con, cells, org_only)

    _optional(figures, "completion", completion)
    _optional(figures, "courses", _courses, con)
    if "completion" in figures:
        by = protect.sum_cells(figures["completion"], ["course_code"], ["enrolled", "completed"])
        by["rate"] = by["completed"] / by["enrolled"]
        by[status_of("rate")] = PERTURBED
        figures["by_course"] = by
    if scope.role in INDIVIDUAL_ROLES:
        _optional(
            figures,
            "recommendations",
            served_table,
            con,
            "ml.training_recommendations",
            scope,
            policy,
        )
    _optional(figures, "effect", served_table, con, "ml.training_effect", scope, policy)
    return figures


def weights(
    con: duckdb.DuckDBPyConnection,
    scope: Scope,
    filters: Filters = NO_FILTERS,
    policy: PrivacyPolicy | None = None,
) -> Figures:
    """weights (job family x competency), reranking (job family)."""
    policy = default_policy(policy)
    figures: Figures = {}
    _optional(figures, "weights", served_table, con, "ml.competency_weights", scope, policy)
    _optional(figures, "reranking", served_table, con, "ml.reranking_summary", scope, policy)
    return figures


def quality(
    con: duckdb.DuckDBPyConnection,
    scope: Scope,
    filters: Filters = NO_FILTERS,
    policy: PrivacyPolicy | None = None,
) -> Figures:
    """alerts, quarantine, ids: pipeline health, about no one in particular."""
    policy = default_policy(policy)
    figures: Figures = {}
    for name, table in (
        ("alerts", "ops.alerts"),
        ("quarantine", "marts.quarantine_summary"),
        ("ids", "marts.id_resolution_summary"),
    ):
        _optional(figures, name, served_table, con, table, scope, policy)
    return figures


def portrait(
    con: duckdb.DuckDBPyConnection,
    scope: Scope,
    filters: Filters = NO_FILTERS,
    policy: PrivacyPolicy | None = None,
    employee: str | None = None,
    search: str = "",
) -> Figures:
    """found (people matching `search`), person (the portrait of `employee`), reviews,
    requirements, names (of the person's org unit and recommended course): single people,
    never for executives."""
    policy = default_policy(policy)
    if scope.role not in INDIVIDUAL_ROLES:
        raise PrivacyError("executives see aggregates only")
    by_name = scope.role in ("hrbp", "admin")
    units = queries.scope_org_units(con, scope)
    figures: Figures = {}
    salt = None if by_name else policy.pseudonym_salt
    if search.strip():
        text = search.strip() if by_name else search.strip().lower()
        found = queries.find_people(con, text, scope, by_name, queries.SEARCH_LIMIT, salt)
        figures["found"] = protect.individuals(
            "marts.people_directory", found, scope.role, units, policy
        )
    if employee and salt is not None:
        # Analysts name a person by pseudonym only: the one person whose pseudonym it is.
        wanted = employee.strip().lower()
        match = queries.find_people(con, wanted, scope, False, queries.SEARCH_LIMIT, salt)
        keys = [k for k in match["employee_key"] if pseudonym(k, salt) == wanted]
        employee = keys[0] if len(keys) == 1 else None
    if employee:
        person = queries.portrait(con, employee, scope)
        figures["person"] = protect.individuals(
            "marts.employee_portraits", person, scope.role, units, policy
        )
        if len(person):
            history = queries.performance_history(con, employee, scope)
            history["org_unit_code"] = person["org_unit_code"].iloc[0]
            figures["reviews"] = protect.individuals(
                "marts.fct_performance_reviews", history, scope.role, units, policy
            )
            family = person["job_family"].iloc[0]
            course = person["recommended_course_code"].iloc[0]
            figures["names"] = protect.statistics(
                "marts.dim_org_unit",
                queries.names_of(
                    con,
                    course if isinstance(course, str) else None,
                    person["org_unit_code"].iloc[0],
                ),
            )
            _optional(
                figures,
                "requirements",
                lambda: protect.statistics(
                    "marts.dim_job_competency", queries.requirements(con, family)
                ),
            )
    return figures


def sidebar_options(con: duckdb.DuckDBPyConnection, scope: Scope) -> Figures:
    """The sidebar's choices: months, branches the viewer may filter by, job families."""
    months = pd.DataFrame({"month": queries.months(con)})
    return {
        "months": protect.mark(months, "statistics"),
        "branches": protect.mark(queries.branches(con, scope), "statistics"),
        "job_families": protect.mark(
            pd.DataFrame({"job_family": queries.job_families(con)}), "statistics"
        ),
        "org_units": protect.mark(queries.org_unit_labels(con), "statistics"),
    }
