"""marts.fct_performance_reviews: employee x quarter."""

from expectations.rules import ColumnRule, References, Unique
from expectations.suite import Suite

SUITE = Suite(
    name="mart_fct_performance_reviews",
    table="marts.fct_performance_reviews",
    asset_key=("fct_performance_reviews",),
    column_rules=(
        ColumnRule("between", "review_score", min_value=1, max_value=10),
        ColumnRule("a_le_b", "period_start_date", other="period_end_date"),
    ),
    table_rules=(
        Unique(("review_key",)),
        References("employee_key", "marts.dim_employee", "employee_key", "WARN"),
        # A level of the customer's rating scale (reference data).
        References("review_grade", "raw.vocab_performance_ratings", "rating_code"),
    ),
)
