"""raw.training_enrollments: the learning system's Excel export."""

from expectations.rules import ColumnRule, FailingRows
from expectations.source_suite import LMS_ID, source_suite

SUITE = source_suite(
    "training_enrollments",
    extra_columns=(
        ColumnRule("regex", "learner_id", "WARN", regex=LMS_ID),
        ColumnRule("a_le_b", "sessions_attended", "WARN", other="sessions_planned"),
    ),
    extra_tables=(
        FailingRows("completed_before_enrolled", "completed_date < enrolled_date", "WARN"),
        FailingRows("completed_without_date", "completed and completed_date is null", "WARN"),
    ),
)
