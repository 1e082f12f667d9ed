"""A real serving copy built from a small generated enterprise with `talentloop build`'s own
code (`orchestration.build.run_build`: ingest, dbt, models, checks, publish); a build that does
not publish fails the tests that need it."""

from __future__ import annotations

from pathlib import Path

from ingest.settings import load_settings
from orchestration.build import run_build
from sample_enterprise import generate
from tests.dashboard.conftest import write_users


def build_home(home: Path, employees: int = 300, seed: int = 3) -> Path:
    landing = home / "landing"
    generate(landing, employees, seed=seed)
    result = run_build(load_settings(home, landing))
    assert result.published, f"the build did not publish: failed steps {result.failed_steps}"
    write_users(home / "users.toml")
    return home
