"""raw.competency_models: required level and hiring weight per job family and competency."""

from expectations.rules import FailingRows
from expectations.source_suite import source_suite

# A job family's hiring weights must add up to 100 within one model version of one load.
_WEIGHTS_OFF = """
(job_family, effective_date, _load_id) in (
    select job_family, effective_date, _load_id from raw.competency_models
    group by all having abs(sum(hiring_weight_pct) - 100) > 0.5
)"""

SUITE = source_suite(
    "competency_models",
    extra_tables=(FailingRows("weights_sum_to_100", _WEIGHTS_OFF, "ERROR"),),
)
