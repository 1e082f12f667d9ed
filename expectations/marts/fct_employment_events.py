"""marts.fct_employment_events: hire, transfer, promotion, probation, exit."""

from expectations.rules import ColumnRule, References, Unique
from expectations.suite import Suite
from ingest.contract import EXIT_TYPES

SUITE = Suite(
    name="mart_fct_employment_events",
    table="marts.fct_employment_events",
    asset_key=("fct_employment_events",),
    column_rules=(
        ColumnRule("not_null", "employee_key"),
        ColumnRule("not_null", "event_date"),
        ColumnRule("in_set", "exit_type", value_set=EXIT_TYPES),
    ),
    table_rules=(
        Unique(("event_key",)),
        References("employee_key", "marts.dim_employee", "employee_key"),
        References("org_unit_code", "marts.dim_org_unit", "org_unit_code"),
        # The customer's exit-reason taxonomy (reference data).
        References("exit_reason_code", "raw.vocab_exit_reasons", "reason_code", "WARN"),
    ),
)
