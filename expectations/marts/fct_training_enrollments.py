"""marts.fct_training_enrollments: one row per enrollment, latest correction."""

from expectations.rules import ColumnRule, References, Unique
from expectations.suite import Suite

SUITE = Suite(
    name="mart_fct_training_enrollments",
    table="marts.fct_training_enrollments",
    asset_key=("fct_training_enrollments",),
    column_rules=(
        ColumnRule("between", "attendance_rate", min_value=0, max_value=1),
        ColumnRule("between", "exam_score", min_value=0, max_value=100),
        ColumnRule("not_null", "employee_key", "WARN"),
    ),
    table_rules=(
        Unique(("enrollment_id",)),
        References("course_code", "marts.dim_course", "course_code"),
        References("employee_key", "marts.dim_employee", "employee_key", "WARN"),
    ),
)
