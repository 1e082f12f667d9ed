"""The thresholds file: defaults of the issue, overrides, and no silent typos."""

from __future__ import annotations

from pathlib import Path

import pytest

from analytics.pilot.thresholds import DEFAULT_THRESHOLDS_PATH, ENV_VAR, load_thresholds


def test_packaged_file_holds_the_issue_defaults():
    t = load_thresholds(DEFAULT_THRESHOLDS_PATH)
    assert (t.sync_success_min, t.conflict_rate_max) == (0.99, 0.01)
    assert (t.within_one_min, t.hr_user_min, t.candidate_min) == (0.80, 0.85, 0.85)
    assert (t.impact_ratio_min, t.min_category_share) == (0.80, 0.02)
    assert t.age_band_edges == (25, 35, 45) and t.n_bands == 5


def test_environment_variable_points_at_another_file(tmp_path: Path, monkeypatch):
    custom = tmp_path / "thresholds.toml"
    custom.write_text("[agreement]\nwithin_one_min = 0.9\n")
    monkeypatch.setenv(ENV_VAR, str(custom))
    t = load_thresholds()
    assert t.within_one_min == 0.9 and t.hr_user_min == 0.85


def test_a_misspelt_threshold_is_an_error(tmp_path: Path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[agreement]\nwithin_one_minimum = 0.9\n")
    with pytest.raises(ValueError, match="within_one_minimum"):
        load_thresholds(bad)
