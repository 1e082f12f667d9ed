"""The privacy class of every table the dashboards serve, declared once (docs/privacy.md).

A table is served only through its declaration: `declaration(table)` raises `Undeclared` for a
table that has none, and the data layer asks for it before it reads or protects anything. The
class, not the table's column names, decides the protection:

- `Cube`: counts of people per finest cell (its `dims`), perturbed by the cell-key method
  (dashboards/data/cellkey.py); `linked` names a stock and its two flows over `time`, perturbed
  together so their identity holds; `magnitudes` (sums or means over the cell's people) enter a
  figure only from cells with at least min_group people (`size` counts them).
- `Individuals`: rows about single people, shown only to roles that may see individuals, scoped
  to the viewer's org units and pseudonymised for analysts.
- `Groups`: statistics per group of people (model outputs); a group with fewer than min_group
  people (`size`) has its `measures` withheld.
- `Statistics`: figures about no one in particular (reference data, model-level statistics,
  pipeline health): served as they are.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Cube:
    dims: tuple[str, ...]
    counts: tuple[str, ...]
    time: str | None = None
    linked: tuple[str, str, str] | None = None  # stock, inflow, outflow
    magnitudes: tuple[str, ...] = ()
    size: str | None = None
    # Roles that see every person in their scope (HR business partners, analysts, admins) are
    # shown the exact counts: they can count the people themselves.
    exact_for_individual_roles: bool = False


@dataclass(frozen=True)
class Individuals:
    org_column: str = "org_unit_code"


@dataclass(frozen=True)
class Groups:
    size: str
    measures: tuple[str, ...]


@dataclass(frozen=True)
class Statistics:
    pass


PrivacyClass = Cube | Individuals | Groups | Statistics


class Undeclared(LookupError):
    """A table without a privacy class: it cannot be served."""


SERVED: dict[str, PrivacyClass] = {
    # Counts of people (dbt: marts/dashboard, marts/people).
    "marts.agg_headcount_monthly": Cube(
        dims=("branch_code", "job_family"),
        counts=("headcount", "hires", "exits"),
        time="month",
        linked=("headcount", "hires", "exits"),
    ),
    "marts.agg_retention_bands": Cube(
        dims=("branch_code", "job_family", "risk_band"),
        counts=("people",),
        magnitudes=("expected_leavers",),
        size="people",
        exact_for_individual_roles=True,
    ),
    "marts.agg_candidate_funnel": Cube(
        dims=("job_family", "channel"), counts=("candidates", "advanced", "hired")
    ),
    "marts.agg_competency_gaps": Cube(
        dims=("branch_code", "competency_code"),
        counts=("people", "below_required"),
        magnitudes=("mean_gap",),
        size="below_required",
    ),
    "marts.agg_training_completion": Cube(
        dims=("branch_code", "course_code"), counts=("enrolled", "completed")
    ),
    "marts.agg_hiring_quality_yearly": Cube(
        dims=("hire_year",),
        counts=("hires", "misses", "leavers"),
        magnitudes=("mean_performance",),
        size="hires",
    ),
    # Single people.
    "marts.people_directory": Individuals(),
    "marts.employee_portraits": Individuals(),
    "marts.fct_performance_reviews": Individuals(),
    "ml.training_recommendations": Individuals(),
    # Statistics per group of people (model outputs).
    "ml.retention_backtest": Groups(
        size="employees",
        measures=(
            "predicted_rate",
            "predicted_leavers",
            "actual_leavers",
            "actual_rate",
            "share_of_all_leavers",
        ),
    ),
    "ml.ai_human_agreement": Groups(
        size="n_pairs", measures=("n_blind", "value", "ci_low", "ci_high")
    ),
    "ml.adverse_impact": Groups(
        size="n",
        measures=(
            "share_of_sample",
            "hits",
            "rate",
            "impact_ratio",
            "p_value",
            "p_value_holm",
            "median_score",
        ),
    ),
    "ml.training_effect": Groups(
        size="takers",
        measures=(
            "takers_compared",
            "mean_change_takers",
            "mean_change_similar",
            "effect",
            "effect_ci_low",
            "effect_ci_high",
        ),
    ),
    "ml.competency_weights": Groups(
        size="hires",
        measures=(
            "std_coefficient",
            "recommended_weight_pct",
            "recommended_ci_low",
            "recommended_ci_high",
            "difference_pts",
        ),
    ),
    "ml.reranking_summary": Groups(
        size="candidates",
        measures=(
            "hires_with_performance",
            "correlation_current",
            "performance_top_half_current",
            "performance_bottom_half_current",
            "correlation_recommended",
            "performance_top_half_recommended",
            "performance_bottom_half_recommended",
        ),
    ),
    # About no one in particular.
    "marts.dim_org_unit": Statistics(),
    "marts.dim_job_competency": Statistics(),
    "marts.dim_course": Statistics(),
    "marts.pilot_scorecard": Statistics(),
    "ops.alerts": Statistics(),
    "marts.quarantine_summary": Statistics(),
    "marts.id_resolution_summary": Statistics(),
}


def declaration(table: str) -> PrivacyClass:
    """The table's privacy class; a table without one cannot be served."""
    try:
        return SERVED[table]
    except KeyError:
        raise Undeclared(f"{table} has no privacy class in dashboards/data/catalog.py") from None
