"""AI-interview pilot scorecard: AI-human agreement, adverse-impact audit, satisfaction,
integration health, and the scorecard that judges them against `pilot_thresholds.toml`.

Pure functions over polars frames; orchestration/defs/pilot.py wires them to the warehouse.
"""

from analytics.pilot.adverse_impact import impact_ratios, unknown_counts
from analytics.pilot.agreement import agreement_table, pair_scores
from analytics.pilot.integration_health import integration_health_table
from analytics.pilot.report import scorecard_markdown
from analytics.pilot.satisfaction import satisfaction_table
from analytics.pilot.scorecard import add_trend, alert_message, build_scorecard
from analytics.pilot.thresholds import Thresholds, load_thresholds

__all__ = [
    "Thresholds",
    "add_trend",
    "agreement_table",
    "alert_message",
    "build_scorecard",
    "impact_ratios",
    "integration_health_table",
    "load_thresholds",
    "pair_scores",
    "satisfaction_table",
    "scorecard_markdown",
    "unknown_counts",
]
