"""raw.time_records: overtime and absence per person and month (optional source, issue 22)."""

from expectations.rules import ColumnRule
from expectations.source_suite import HR_ID, source_suite

SUITE = source_suite(
    "time_records",
    extra_columns=(ColumnRule("regex", "employee_id", "WARN", regex=HR_ID),),
)
