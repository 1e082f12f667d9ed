"""raw.performance_reviews: quarterly reviews."""

from expectations.rules import ColumnRule, FailingRows
from expectations.source_suite import HR_ID, source_suite

SUITE = source_suite(
    "performance_reviews",
    extra_columns=(
        ColumnRule("regex", "employee_id", "WARN", regex=HR_ID),
        ColumnRule("regex", "reviewer_id", "WARN", regex=HR_ID),
        ColumnRule("regex", "period", "WARN", regex=r"^[0-9]{4}Q[1-4]$"),
    ),
    extra_tables=(
        FailingRows(
            "actual_without_target", "sales_actual is not null and sales_target is null", "WARN"
        ),
    ),
)
