"""raw.exits: exits with type and reason code."""

from expectations.rules import ColumnRule, FailingRows
from expectations.source_suite import HR_ID, source_suite

SUITE = source_suite(
    "exits",
    extra_columns=(ColumnRule("regex", "employee_id", "WARN", regex=HR_ID),),
    extra_tables=(
        # R09 is the retirement reason: the two fields must tell the same story.
        FailingRows(
            "retirement_reason_matches_type",
            "(reason_code = 'R09') <> (exit_type = 'retirement')",
            "WARN",
        ),
    ),
)
