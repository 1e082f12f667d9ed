"""marts.fct_interview_scores: assessment x competency x rater type (AI / human)."""

from expectations.rules import ColumnRule, References, Unique
from expectations.suite import Suite

SUITE = Suite(
    name="mart_fct_interview_scores",
    table="marts.fct_interview_scores",
    asset_key=("fct_interview_scores",),
    column_rules=(
        ColumnRule("in_set", "rater_type", value_set=("ai", "human")),
        ColumnRule("between", "score", min_value=0, max_value=10),
        ColumnRule("not_null", "candidate_key", "WARN"),
    ),
    table_rules=(
        Unique(("score_key",)),
        References("job_family", "marts.dim_job", "job_family"),
        # The customer's competencies (reference data), not a list in code.
        References("competency_code", "marts.dim_competency", "competency_code"),
        References("org_unit_code", "marts.dim_org_unit", "org_unit_code"),
        References("employee_key", "marts.dim_employee", "employee_key", "WARN"),
    ),
)
