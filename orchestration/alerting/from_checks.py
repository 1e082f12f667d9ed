"""Turn failed data-quality results into alerts."""

from __future__ import annotations

from expectations.result import CheckResult
from orchestration.alerting.config import AlertConfig
from orchestration.alerting.model import Alert
from orchestration.alerting.privacy import PersonalDataError, find_personal_data


def alert_from_result(result: CheckResult, config: AlertConfig, run_id: str | None) -> Alert:
    """One alert for one failed result: its source, file, rule, counts and the run link."""
    summary = result.message
    if find_personal_data(summary):
        # Messages name files, which may be Chinese: the file field carries it instead.
        summary = f"{result.name} failed (observed {result.observed})"
    fields = dict(
        rule=result.name,
        severity=result.severity,
        source=result.source,
        file=result.file,
        counts=dict(result.counts),
        run_id=run_id,
        run_url=config.run_url(run_id),
        asset=result.asset,
        summary=summary,
    )
    try:
        return Alert(**fields)
    except PersonalDataError:
        # A file named after a person (hr_00012345.csv): the owner still hears of the problem.
        fields.update(file=None, summary=f"{result.name} failed; file name withheld")
        return Alert(**fields)
