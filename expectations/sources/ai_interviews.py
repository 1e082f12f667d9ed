"""raw.ai_interviews: the vendor's assessments. Score drift is in `expectations.distribution`."""

from expectations.rules import ColumnRule
from expectations.source_suite import AI_EMPLOYEE_NO, CANDIDATE_ID, source_suite

SUITE = source_suite(
    "ai_interviews",
    extra_columns=(
        ColumnRule("regex", "candidate_id", "WARN", regex=CANDIDATE_ID),
        ColumnRule("regex", "employee_no", "WARN", regex=AI_EMPLOYEE_NO),
        ColumnRule("regex", "model_version", "WARN", regex=r"^v?[0-9]+(?:\.[0-9]+)*$"),
    ),
)
