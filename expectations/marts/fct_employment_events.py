"""marts.fct_employment_events: hire, transfer, promotion, probation, exit."""

from expectations.rules import ColumnRule, References, Unique
from expectations.suite import Suite
from ingest.contract import EXIT_REASON_CODES, EXIT_TYPES

SUITE = Suite(
    name="mart_fct_employment_events",
    table="marts.fct_employment_events",
    asset_key=("fct_employment_events",),
    column_rules=(
        ColumnRule("not_null", "employee_key"),
        ColumnRule("not_null", "event_date"),
        ColumnRule("in_set", "exit_type", value_set=EXIT_TYPES),
        ColumnRule("in_set", "exit_reason_code", "WARN", value_set=tuple(EXIT_REASON_CODES)),
    ),
    table_rules=(
        Unique(("event_key",)),
        References("employee_key", "marts.dim_employee", "employee_key"),
        References("org_unit_code", "marts.dim_org_unit", "org_unit_code"),
    ),
)
