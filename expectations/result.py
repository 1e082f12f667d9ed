"""The outcome of one data-quality check, shared by the suites, the CLI and the asset checks."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["ERROR", "WARN"]


@dataclass(frozen=True)
class CheckResult:
    """One rule evaluated on one table.

    `observed` is an aggregate (a count, a ratio, a mean): never a value of a person's record,
    so results can go to logs, alerts and the data-quality page as they are.
    """

    name: str
    asset: str
    severity: Severity
    passed: bool
    observed: float | int | str | None
    message: str
    source: str | None = None
    file: str | None = None
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def blocks(self) -> bool:
        """A failed ERROR check stops publishing and everything downstream."""
        return not self.passed and self.severity == "ERROR"


def worst_severity(results: list[CheckResult]) -> Severity:
    """ERROR when any failed result is an ERROR, else WARN."""
    return "ERROR" if any(r.blocks for r in results) else "WARN"
