"""Whether the latest build was published, and if not, why: read beside the serving copy.

A build blocked by a failing ERROR check leaves the previous serving copy in place, so that
copy's `ops.alerts` cannot say why. Every alert is also appended at once to
`<home>/alerts.jsonl` (see orchestration/alerting/store.py); the alerts recorded there after
the serving copy was published are the reasons the newer build did not replace it. Read here
with plain json so the dashboards never import Dagster. Alerts hold no personal data.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

ALERT_LOG_NAME = "alerts.jsonl"
# The log is append-only and can grow: only its tail can hold alerts newer than the copy.
TAIL_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True)
class LoggedAlert:
    """One alert of the log, as the data-quality page shows it."""

    created_at: dt.datetime  # naive UTC, as the alert log writes it
    severity: str
    rule: str
    source: str | None
    file: str | None
    asset: str | None
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def blocking(self) -> bool:
        return self.severity == "ERROR"


def alert_log_path(home: Path) -> Path:
    return Path(home) / ALERT_LOG_NAME


def published_at(serving_path: Path) -> dt.datetime | None:
    """When the serving copy was swapped in (its mtime, naive UTC), or None when there is none."""
    path = Path(serving_path)
    if not path.is_file():
        return None
    stamp = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC)
    # The alert log records when each alert was sent, to the microsecond, in naive UTC.
    return stamp.replace(tzinfo=None)


def _records(path: Path) -> list[dict]:
    if not path.is_file():
        return []
    with path.open("rb") as fh:
        size = fh.seek(0, os.SEEK_END)
        fh.seek(max(0, size - TAIL_BYTES))
        data = fh.read()
    if size > TAIL_BYTES:
        data = data.split(b"\n", 1)[-1]  # the first line of the tail is partial
    out = []
    for line in data.splitlines():
        try:
            out.append(json.loads(line))
        except ValueError:
            continue  # a line torn by a killed writer
    return out


def alerts_since(log_path: Path, since: dt.datetime | None) -> list[LoggedAlert]:
    """Alerts recorded after `since` (all when None), newest first, one per fingerprint: a
    repeat grouped into an earlier alert says nothing new."""
    seen: set[str] = set()
    out: list[LoggedAlert] = []
    for record in reversed(_records(log_path)):
        try:
            created = dt.datetime.fromisoformat(record["created_at"])
        except (KeyError, TypeError, ValueError):
            continue
        if created.tzinfo is not None:
            created = created.astimezone(dt.UTC).replace(tzinfo=None)
        if since is not None and created <= since:
            continue
        fingerprint = str(record.get("fingerprint") or record.get("alert_id") or id(record))
        if fingerprint in seen:
            continue
        seen.add(fingerprint)
        out.append(
            LoggedAlert(
                created_at=created,
                severity=str(record.get("severity", "")),
                rule=str(record.get("rule", "")),
                source=record.get("source"),
                file=record.get("file"),
                asset=record.get("asset"),
                counts={str(k): v for k, v in (record.get("counts") or {}).items()},
            )
        )
    return out


def unpublished_alerts(
    home: Path, serving_path: Path
) -> tuple[dt.datetime | None, list[LoggedAlert]]:
    """The serving copy's publication time and the alerts recorded since (newest first)."""
    stamp = published_at(serving_path)
    return stamp, alerts_since(alert_log_path(home), stamp)
