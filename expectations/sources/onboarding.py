"""raw.onboarding: contract, social insurance and probation of each hire."""

from expectations.rules import ColumnRule, FailingRows
from expectations.source_suite import HR_ID, source_suite

SUITE = source_suite(
    "onboarding",
    extra_columns=(ColumnRule("regex", "employee_id", "WARN", regex=HR_ID),),
    extra_tables=(
        FailingRows("probation_ends_after_hire", "probation_end_date <= hire_date", "WARN"),
        FailingRows(
            "contract_before_hire_plus_31d", "contract_signed_date > hire_date + 31", "WARN"
        ),
    ),
)
