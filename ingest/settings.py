"""Where TalentLoop keeps its files, and how that is configured.

Precedence: explicit argument > environment variable > `talentloop.toml` (in the working
directory or `$TALENTLOOP_HOME`) > default. This is the lowest layer of the project: every
package (ingest, orchestration, analytics, dashboards, expectations) may import it.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"
DEFAULT_HOME = PROJECT_ROOT / ".talentloop"
# DuckDB's own default is 80% of RAM per process; the build runs DuckDB in this process and in
# dbt's, so each gets a bound (DuckDB spills joins and sorts to disk past it) and the whole build
# stays under 8 GB at a million employees. Override: TALENTLOOP_DUCKDB_MEMORY_LIMIT or
# `duckdb_memory_limit` in talentloop.toml.
DEFAULT_DUCKDB_MEMORY_LIMIT = "4GB"


def _load_toml(home: Path | None) -> dict:
    for candidate in (Path.cwd() / "talentloop.toml", (home or DEFAULT_HOME) / "talentloop.toml"):
        if candidate.is_file():
            with candidate.open("rb") as fh:
                return tomllib.load(fh)
    return {}


@dataclass(frozen=True)
class Settings:
    """Resolved paths and options of one TalentLoop installation."""

    home: Path
    landing: Path
    extra: dict = field(default_factory=dict)

    @property
    def warehouse_path(self) -> Path:
        """The build's working file: only the build writes it."""
        return self.home / "warehouse.duckdb"

    @property
    def serving_path(self) -> Path:
        """The published copy: dashboards and reports read only this, read-only."""
        return self.home / "serving.duckdb"

    @property
    def analyst_path(self) -> Path:
        """The analysts' file: pseudonymised tables only, no identifiers, no key."""
        return self.home / "analyst.duckdb"

    @property
    def dagster_home(self) -> Path:
        return self.home / "dagster"

    @property
    def audit_log_path(self) -> Path:
        return self.home / "audit.log"

    @property
    def dbt_target_dir(self) -> Path:
        return self.home / "dbt_target"

    @property
    def duckdb_memory_limit(self) -> str:
        return str(
            os.environ.get("TALENTLOOP_DUCKDB_MEMORY_LIMIT")
            or self.extra.get("duckdb_memory_limit")
            or DEFAULT_DUCKDB_MEMORY_LIMIT
        )

    def section(self, name: str) -> dict:
        """A `[name]` table of talentloop.toml (empty when absent)."""
        value = self.extra.get(name, {})
        return value if isinstance(value, dict) else {}


def load_settings(home: str | Path | None = None, landing: str | Path | None = None) -> Settings:
    env_home = os.environ.get("TALENTLOOP_HOME")
    home_path = Path(home or env_home or DEFAULT_HOME)
    toml = _load_toml(home_path)
    if not home and not env_home and "home" in toml:
        home_path = Path(toml["home"])
    landing_path = Path(
        landing
        or os.environ.get("TALENTLOOP_LANDING")
        or toml.get("landing")
        or home_path / "landing"
    )
    return Settings(home=home_path.resolve(), landing=landing_path.resolve(), extra=toml)
