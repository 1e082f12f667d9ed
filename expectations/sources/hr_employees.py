"""raw.hr_employees: the legacy HR master extract."""

from expectations.rules import ColumnRule, FailingRows
from expectations.source_suite import CANDIDATE_ID, HR_ID, source_suite

SUITE = source_suite(
    "hr_employees",
    extra_columns=(
        ColumnRule("regex", "employee_id", "WARN", regex=HR_ID),
        ColumnRule("regex", "manager_id", "WARN", regex=HR_ID),
        ColumnRule("regex", "ai_candidate_id", "WARN", regex=CANDIDATE_ID),
        ColumnRule("regex", "national_id_hash", "WARN", regex=r"^[0-9a-fA-F]{64}$"),
    ),
    extra_tables=(
        # Hired before 16 is quarantined (impossible_sequence); 16-17 and past 70 are improbable.
        FailingRows(
            "hired_before_18",
            "hire_date < birth_date + interval 18 year and hire_date >= birth_date + interval 16 year",
            "WARN",
        ),
        FailingRows("hired_after_70", "hire_date > birth_date + interval 70 year", "WARN"),
    ),
)
