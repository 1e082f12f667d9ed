"""marts.dim_employee: SCD2 employee versions."""

from expectations.rules import ColumnRule, FailingRows, References, RowCount, Unique
from expectations.suite import Suite
from ingest.contract import SEX

_TWO_CURRENT = """
is_current and employee_key in (
    select employee_key from marts.dim_employee where is_current
    group by employee_key having count(*) > 1
)"""

SUITE = Suite(
    name="mart_dim_employee",
    table="marts.dim_employee",
    asset_key=("dim_employee",),
    column_rules=(
        ColumnRule("not_null", "employee_key"),
        ColumnRule("regex", "employee_key", regex=r"^[0-9]{8}$"),
        ColumnRule("not_null", "valid_from"),
        ColumnRule("in_set", "sex", "WARN", value_set=SEX.codes),
        ColumnRule("a_le_b", "valid_from", other="valid_to"),
    ),
    table_rules=(
        RowCount(min_rows=1),
        Unique(("employee_version_key",)),
        FailingRows("one_current_version", _TWO_CURRENT),
        References("org_unit_code", "marts.dim_org_unit", "org_unit_code"),
        References("job_family", "marts.dim_job", "job_family"),
        References("education_code", "raw.vocab_education_levels", "education_code", "WARN"),
        # The grade is the rank of a code of the customer's grades (reference data).
        References("grade", "raw.vocab_grades", "rank"),
        References("manager_key", "marts.dim_employee", "employee_key", "WARN"),
    ),
)
