"""Alert channels, from one TOML file (see `alerts.example.toml` at the repository root).

The file is `$TALENTLOOP_ALERTS`, else `<home>/alerts.toml`; without one, alerts are still
recorded (log and `ops.alerts`) but sent nowhere. Secrets can stay out of the file: every
`url`, `password` and `secret` may be given as `url_env` / `password_env` / `secret_env`.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from ingest.settings import load_settings

ChannelKind = Literal["webhook", "wecom", "dingtalk", "feishu", "slack", "email"]
KINDS: tuple[str, ...] = ("webhook", "wecom", "dingtalk", "feishu", "slack", "email")


@dataclass(frozen=True)
class ChannelConfig:
    name: str
    kind: ChannelKind
    url: str | None = None  # webhook kinds
    secret: str | None = None  # DingTalk / Feishu signed robots
    min_severity: str = "WARN"
    sources: tuple[str, ...] = ()  # empty: every source
    headers: dict[str, str] = field(default_factory=dict)  # generic webhook only
    # e-mail
    host: str | None = None
    port: int = 587
    security: Literal["starttls", "ssl", "none"] = "starttls"
    username: str | None = None
    password: str | None = None
    sender: str | None = None
    to: tuple[str, ...] = ()
    ca_file: str | None = None  # trust this CA (self-signed relay) in addition to none else


@dataclass(frozen=True)
class AlertConfig:
    channels: tuple[ChannelConfig, ...] = ()
    home: Path = field(default_factory=lambda: load_settings().home)
    run_url_base: str = "http://localhost:3000"
    group_window_minutes: float = 24 * 60
    retries: int = 3
    backoff_seconds: float = 2.0
    max_backoff_seconds: float = 60.0
    timeout_seconds: float = 10.0

    @property
    def log_path(self) -> Path:
        """Append-only alert log: readable while the warehouse is busy or unpublished."""
        return self.home / "alerts.jsonl"

    def run_url(self, run_id: str | None) -> str | None:
        return f"{self.run_url_base.rstrip('/')}/runs/{run_id}" if run_id else None


def _secret(table: dict, key: str) -> str | None:
    if table.get(f"{key}_env"):
        value = os.environ.get(table[f"{key}_env"])
        if value is None:
            raise ValueError(f"environment variable {table[f'{key}_env']} is not set")
        return value
    return table.get(key)


def _channel(table: dict, index: int) -> ChannelConfig:
    kind = table.get("kind")
    if kind not in KINDS:
        raise ValueError(f"channel {index}: kind must be one of {', '.join(KINDS)}")
    name = table.get("name", f"{kind}-{index}")
    ch = ChannelConfig(
        name=name,
        kind=kind,
        url=_secret(table, "url"),
        secret=_secret(table, "secret"),
        min_severity=str(table.get("min_severity", "WARN")).upper(),
        sources=tuple(table.get("sources", ())),
        headers=dict(table.get("headers", {})),
        host=table.get("host"),
        port=int(table.get("port", 465 if table.get("security") == "ssl" else 587)),
        security=table.get("security", "starttls"),
        username=table.get("username"),
        password=_secret(table, "password"),
        sender=table.get("sender"),
        to=tuple([table["to"]] if isinstance(table.get("to"), str) else table.get("to", ())),
        ca_file=table.get("ca_file"),
    )
    if kind == "email" and not (ch.host and ch.sender and ch.to):
        raise ValueError(f"channel {name}: e-mail needs host, sender and to")
    if kind != "email" and not ch.url:
        raise ValueError(f"channel {name}: {kind} needs url (or url_env)")
    if ch.security not in ("starttls", "ssl", "none"):
        raise ValueError(f"channel {name}: security must be starttls, ssl or none")
    return ch


def parse_alert_config(data: dict, home: Path) -> AlertConfig:
    defaults = data.get("defaults", {})
    channels = tuple(_channel(t, i) for i, t in enumerate(data.get("channel", []), start=1))
    return AlertConfig(
        channels=channels,
        home=home,
        run_url_base=defaults.get("run_url_base", "http://localhost:3000"),
        group_window_minutes=float(defaults.get("group_window_minutes", 24 * 60)),
        retries=int(defaults.get("retries", 3)),
        backoff_seconds=float(defaults.get("backoff_seconds", 2.0)),
        max_backoff_seconds=float(defaults.get("max_backoff_seconds", 60.0)),
        timeout_seconds=float(defaults.get("timeout_seconds", 10.0)),
    )


def load_alert_config(
    path: str | Path | None = None, home: str | Path | None = None
) -> AlertConfig:
    """Read the channels file: `path`, else $TALENTLOOP_ALERTS, else `<home>/alerts.toml`."""
    home_path = Path(home) if home else load_settings().home
    chosen = path or os.environ.get("TALENTLOOP_ALERTS")
    file = Path(chosen) if chosen else home_path / "alerts.toml"
    if not file.is_file():
        if chosen:
            raise FileNotFoundError(f"alert configuration {file} not found")
        return AlertConfig(home=home_path)
    with file.open("rb") as fh:
        return parse_alert_config(tomllib.load(fh), home_path)
