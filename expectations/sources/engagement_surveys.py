"""raw.engagement_surveys: employees' engagement scores, 1-5 (optional source, issue 22)."""

from expectations.rules import ColumnRule
from expectations.source_suite import HR_ID, source_suite

SUITE = source_suite(
    "engagement_surveys",
    extra_columns=(ColumnRule("regex", "employee_id", "WARN", regex=HR_ID),),
)
