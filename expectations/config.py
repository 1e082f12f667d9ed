"""Data-quality settings: freshness cadences and thresholds, overridable in talentloop.toml.

```toml
[freshness]            # expected cadence in days per source (default: Source.cadence_days)
hr_employees = 1
grace_hours = 6        # slack before a late delivery raises an alert

[quality]
ai_score_drift_severity = "WARN"   # "ERROR" blocks publishing and the models on a drift
ai_score_max_mean_shift = 0.5
row_count_min_ratio = 0.5
row_count_max_ratio = 2.0
```
"""

from __future__ import annotations

from dataclasses import dataclass, field

from expectations.distribution import DriftLimits
from expectations.result import Severity
from ingest.contract import SOURCES
from ingest.settings import Settings


@dataclass(frozen=True)
class QualityConfig:
    cadence_days: dict[str, float] = field(
        default_factory=lambda: {s.name: float(s.cadence_days) for s in SOURCES.values()}
    )
    grace_hours: float = 6.0
    drift: DriftLimits = field(default_factory=DriftLimits)
    drift_severity: Severity = "WARN"
    row_count_min_ratio: float = 0.5
    row_count_max_ratio: float = 2.0


def quality_config(settings: Settings | None = None) -> QualityConfig:
    if settings is None:
        return QualityConfig()
    fresh = settings.section("freshness")
    qual = settings.section("quality")
    cadence = {s.name: float(fresh.get(s.name, s.cadence_days)) for s in SOURCES.values()}
    severity = str(qual.get("ai_score_drift_severity", "WARN")).upper()
    return QualityConfig(
        cadence_days=cadence,
        grace_hours=float(fresh.get("grace_hours", 6.0)),
        drift=DriftLimits(
            window_days=int(qual.get("ai_score_window_days", 30)),
            baseline_days=int(qual.get("ai_score_baseline_days", 180)),
            max_mean_shift=float(qual.get("ai_score_max_mean_shift", 0.5)),
            max_std_ratio=float(qual.get("ai_score_max_std_ratio", 1.5)),
        ),
        drift_severity="ERROR" if severity == "ERROR" else "WARN",
        row_count_min_ratio=float(qual.get("row_count_min_ratio", 0.5)),
        row_count_max_ratio=float(qual.get("row_count_max_ratio", 2.0)),
    )
