"""What an alert says, and what happened to each delivery of it."""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal

from orchestration.alerting.privacy import PersonalDataError, ensure_no_personal_data

Severity = Literal["ERROR", "WARN"]
SEVERITY_RANK: dict[str, int] = {"WARN": 1, "ERROR": 2}
_NAME = re.compile(r"^[A-Za-z0-9_.:/\-]{1,200}$")
# Counts that change on every evaluation without the problem changing.
VOLATILE_COUNTS = frozenset({"hours_since_delivery"})
_RUN_ID = re.compile(r"^[A-Za-z0-9_\-]{1,64}$")


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


@dataclass(frozen=True)
class Alert:
    """One data-quality or run problem, for the people who own the source.

    It names the source, file, rule, counts and a link to the run, and nothing about a person:
    the constructor rejects names, IDs, hashes and free text (see `privacy`).
    """

    rule: str
    severity: Severity
    source: str | None = None
    file: str | None = None
    counts: Mapping[str, int] = field(default_factory=dict)
    run_url: str | None = None
    run_id: str | None = None
    asset: str | None = None
    summary: str = ""
    created_at: datetime = field(default_factory=_now)

    def __post_init__(self) -> None:
        if self.severity not in SEVERITY_RANK:
            raise ValueError(f"severity must be ERROR or WARN, not {self.severity!r}")
        for name in ("rule", "source", "asset"):
            value = getattr(self, name)
            if value is not None and not _NAME.match(value):
                raise PersonalDataError(f"alert field {name!r} must be a plain identifier")
            if value is not None:
                ensure_no_personal_data(name, value)
        if self.file is not None:
            if self.file.startswith("/") or ".." in self.file.split("/"):
                raise ValueError("alert file must be a path relative to the landing folder")
            # File names may be Chinese (人事导出.csv); IDs in them are still refused.
            ensure_no_personal_data("file", self.file, allow_cjk=True)
        for key, value in self.counts.items():
            if not _NAME.match(key) or isinstance(value, bool) or not isinstance(value, int):
                raise PersonalDataError("alert counts must map plain names to integers")
        if self.run_id is not None and not _RUN_ID.match(self.run_id):
            raise ValueError("run_id must be a run identifier")
        if self.run_url is not None:
            if not self.run_url.startswith(("http://", "https://")):
                raise ValueError("run_url must be an http(s) link")
            # The run ID in the link is a UUID: only the person-ID shapes are checked there.
            ensure_no_personal_data("run_url", self.run_url.replace(self.run_id or "\0", ""))
        ensure_no_personal_data("summary", self.summary)

    @property
    def fingerprint(self) -> str:
        """Identical alerts share a fingerprint: same rule, severity, source, asset, file and
        counts (counts that only measure time passing, like the hours since a delivery, aside).
        A file re-delivered with a different number of bad rows is news; the same state is not."""
        counts = {k: v for k, v in sorted(self.counts.items()) if k not in VOLATILE_COUNTS}
        key = json.dumps(
            [self.rule, self.severity, self.source, self.asset, self.file, counts],
            ensure_ascii=False,
        )
        return hashlib.sha256(key.encode()).hexdigest()[:16]

    @property
    def title(self) -> str:
        where = self.source or self.asset or "talentloop"
        return f"[{self.severity}] TalentLoop data quality: {self.rule} in {where}"

    def lines(self) -> list[str]:
        """The alert as label: value lines, shared by every channel's format."""
        out = []
        if self.source:
            out.append(f"source: {self.source}")
        if self.asset and self.asset != f"raw.{self.source}":
            out.append(f"asset: {self.asset}")
        if self.file:
            out.append(f"file: {self.file}")
        out.append(f"rule: {self.rule}")
        out.append(f"severity: {self.severity}")
        if self.counts:
            out.append("counts: " + ", ".join(f"{k}={v}" for k, v in self.counts.items()))
        if self.summary:
            out.append(f"detail: {self.summary}")
        if self.run_url:
            out.append(f"run: {self.run_url}")
        return out

    def text(self) -> str:
        return "\n".join([self.title, *self.lines()])

    def to_dict(self) -> dict:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "source": self.source,
            "file": self.file,
            "asset": self.asset,
            "counts": dict(self.counts),
            "summary": self.summary,
            "run_id": self.run_id,
            "run_url": self.run_url,
            "created_at": self.created_at.isoformat(),
            "fingerprint": self.fingerprint,
        }


DeliveryStatus = Literal["sent", "failed", "grouped", "filtered"]


@dataclass(frozen=True)
class Delivery:
    """The outcome of one alert on one channel (after retries)."""

    alert_id: str
    channel: str
    kind: str
    status: DeliveryStatus
    attempts: int = 0
    status_code: int | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.status == "sent"


def new_alert_id() -> str:
    return uuid.uuid4().hex
