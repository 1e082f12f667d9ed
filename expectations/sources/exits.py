"""raw.exits: exits with type and reason code."""

from expectations.rules import ColumnRule, FailingRows
from expectations.source_suite import HR_ID, source_suite

# Voluntary, involuntary or neither (retirement, contract end): what the exit type says and
# what the customer's exit-reason flags (raw.vocab_exit_reasons) say of the reason code.
_TYPE_KIND = "case when exit_type in ('voluntary', 'involuntary') then exit_type else 'other' end"
_REASON_KIND = (
    "coalesce((select case when v.is_voluntary then 'voluntary' "
    "when v.is_involuntary then 'involuntary' else 'other' end "
    "from raw.vocab_exit_reasons as v where v.reason_code = exits.reason_code), 'other')"
)

SUITE = source_suite(
    "exits",
    extra_columns=(ColumnRule("regex", "employee_id", "WARN", regex=HR_ID),),
    extra_tables=(
        # The type and the reason's flags must tell the same story (codes are reference data).
        FailingRows("reason_flags_match_type", f"{_TYPE_KIND} <> {_REASON_KIND}", "WARN"),
    ),
)
