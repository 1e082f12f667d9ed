"""marts.fct_headcount_monthly: employee x month snapshot."""

from expectations.rules import ColumnRule, References, RowCount, Unique
from expectations.suite import Suite

SUITE = Suite(
    name="mart_fct_headcount_monthly",
    table="marts.fct_headcount_monthly",
    asset_key=("fct_headcount_monthly",),
    column_rules=(
        ColumnRule("not_null", "employee_key"),
        ColumnRule("not_null", "month_start_date"),
        ColumnRule("between", "tenure_months", min_value=0, max_value=720),
        # "unknown": a month with no employee version to take the hire date from (WARN below).
        ColumnRule(
            "in_set",
            "tenure_band",
            value_set=("0-1y", "1-2y", "2-5y", "5-10y", "10y+", "unknown"),
        ),
        ColumnRule("not_null", "org_unit_code", "WARN"),
        ColumnRule("not_null", "job_family", "WARN"),
        ColumnRule("between", "grade", "WARN", min_value=1, max_value=10),
    ),
    table_rules=(
        RowCount(min_rows=1),
        # The grain, which is the primary key (dbt tests it too; this check also runs on its own).
        Unique(("employee_key", "month_start_date")),
        References("employee_key", "marts.dim_employee", "employee_key"),
        References("org_unit_code", "marts.dim_org_unit", "org_unit_code"),
        References("job_family", "marts.dim_job", "job_family"),
    ),
)
