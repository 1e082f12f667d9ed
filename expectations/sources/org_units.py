"""raw.org_units: the organisation tree every other source refers to."""

from expectations.rules import FailingRows, References
from expectations.source_suite import source_suite

SUITE = source_suite(
    "org_units",
    extra_tables=(
        References("parent_code", "raw.org_units", "org_unit_code"),
        # A unit of the top level (rank 1 of the customer's org levels) has no parent.
        FailingRows(
            "one_head_office",
            "parent_code is not null and level in "
            "(select level_code from raw.vocab_org_levels where level_rank = 1)",
            "WARN",
        ),
    ),
)
