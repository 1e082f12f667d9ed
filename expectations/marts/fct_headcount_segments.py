"""marts.fct_headcount_segments: the employee x month snapshot stored as runs of months.

fct_headcount_monthly is a view that expands these runs (179M rows at a million employees), so
the suite checks the runs: every value of the view comes from a run or from its month.
"""

from expectations.rules import ColumnRule, FailingRows, References, RowCount, Unique
from expectations.suite import Suite

SUITE = Suite(
    name="mart_fct_headcount_segments",
    table="marts.fct_headcount_segments",
    asset_key=("fct_headcount_segments",),
    column_rules=(
        ColumnRule("not_null", "employee_key"),
        ColumnRule("not_null", "first_month_start_date"),
        ColumnRule("not_null", "last_month_start_date"),
        ColumnRule("not_null", "org_unit_code", "WARN"),
        ColumnRule("not_null", "job_family", "WARN"),
    ),
    table_rules=(
        RowCount(min_rows=1),
        # The runs' primary key (dbt also tests that an employee's runs never share a month).
        Unique(("employee_key", "first_month_start_date")),
        FailingRows("run_ends_before_it_starts", "last_month_start_date < first_month_start_date"),
        # Tenure in the view is 0 to 720 months: hired by the end of the run's first month, and
        # at most 60 years before its last.
        FailingRows(
            "tenure_outside_0_to_720_months",
            "hire_date >= first_month_start_date + interval 1 month "
            "or hire_date < last_month_start_date - interval 60 year",
        ),
        References("employee_key", "marts.dim_employee", "employee_key"),
        References("org_unit_code", "marts.dim_org_unit", "org_unit_code"),
        References("job_family", "marts.dim_job", "job_family"),
        References("grade", "raw.vocab_grades", "rank", "WARN"),
    ),
)
