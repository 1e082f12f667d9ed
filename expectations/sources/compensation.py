"""raw.compensation: effective-dated pay records (optional source, issue 22 part 4)."""

from expectations.rules import ColumnRule, FailingRows
from expectations.source_suite import HR_ID, source_suite

SUITE = source_suite(
    "compensation",
    extra_columns=(ColumnRule("regex", "employee_id", "WARN", regex=HR_ID),),
    extra_tables=(
        # Without a midpoint or both ends of the band, pay against the midpoint is unknown.
        FailingRows(
            "band_unknown",
            "band_midpoint is null and (band_min is null or band_max is null)",
            "WARN",
        ),
        FailingRows("band_inverted", "band_min > band_max", "WARN"),
    ),
)
