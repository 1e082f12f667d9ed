"""raw.human_interviews: human interviewers' scores on the same competencies."""

from expectations.rules import ColumnRule
from expectations.source_suite import CANDIDATE_ID, HR_ID, source_suite

SUITE = source_suite(
    "human_interviews",
    extra_columns=(
        ColumnRule("regex", "candidate_id", "WARN", regex=CANDIDATE_ID),
        ColumnRule("regex", "interviewer_id", "WARN", regex=HR_ID),
    ),
)
