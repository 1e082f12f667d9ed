"""raw.job_changes: transfers, promotions and grade changes."""

from expectations.rules import ColumnRule
from expectations.source_suite import HR_ID, source_suite

SUITE = source_suite(
    "job_changes",
    extra_columns=(
        ColumnRule("regex", "employee_id", "WARN", regex=HR_ID),
        ColumnRule("regex", "to_manager_id", "WARN", regex=HR_ID),
    ),
)
