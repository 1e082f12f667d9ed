"""raw.org_units: the organisation tree every other source refers to."""

from expectations.rules import FailingRows, References
from expectations.source_suite import source_suite

SUITE = source_suite(
    "org_units",
    extra_tables=(
        References("parent_code", "raw.org_units", "org_unit_code"),
        FailingRows("one_head_office", "level = 'head_office' and parent_code is not null", "WARN"),
    ),
)
