"""The pilot's acceptance thresholds, read from one TOML file."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_THRESHOLDS_PATH = Path(__file__).with_name("pilot_thresholds.toml")
ENV_VAR = "TALENTLOOP_PILOT_THRESHOLDS"


@dataclass(frozen=True)
class Thresholds:
    """Every threshold of the scorecard, with the defaults of the pilot issue."""

    sync_success_min: float = 0.99
    conflict_rate_max: float = 0.01
    late_grace_days: int = 1
    within_one_min: float = 0.80
    min_pairs: int = 30
    band_width: float = 2.0
    bootstrap_resamples: int = 500
    hr_user_min: float = 0.85
    candidate_min: float = 0.85
    min_responses: int = 30
    impact_ratio_min: float = 0.80
    significance_level: float = 0.05
    min_category_share: float = 0.02
    min_category_n: int = 1
    age_band_edges: tuple[int, ...] = field(default=(25, 35, 45))

    @property
    def n_bands(self) -> int:
        return int(round(10 / self.band_width))


def load_thresholds(path: str | Path | None = None) -> Thresholds:
    """Read the thresholds file (argument > $TALENTLOOP_PILOT_THRESHOLDS > packaged default)."""
    resolved = Path(path or os.environ.get(ENV_VAR) or DEFAULT_THRESHOLDS_PATH)
    with resolved.open("rb") as fh:
        raw = tomllib.load(fh)
    flat: dict = {}
    for section in raw.values():
        if isinstance(section, dict):
            flat.update(section)
    known = Thresholds.__dataclass_fields__
    unknown = sorted(set(flat) - set(known))
    if unknown:
        # A typo in a threshold name must not silently fall back to the default.
        raise ValueError(f"{resolved}: unknown thresholds {unknown}")
    if "age_band_edges" in flat:
        flat["age_band_edges"] = tuple(int(e) for e in flat["age_band_edges"])
    return Thresholds(**flat)
