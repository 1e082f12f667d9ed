"""Data-quality suites (Great Expectations 1.x in code) and set-based SQL checks.

A library: it takes a DuckDB connection and returns `CheckResult`s; orchestration turns them
into Dagster asset checks and alerts. `run_all(con)` is what `talentloop check` prints.
"""

from expectations.registry import run_all
from expectations.result import CheckResult

__all__ = ["CheckResult", "run_all"]
