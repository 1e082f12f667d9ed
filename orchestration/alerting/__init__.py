"""Alerts that reach the people who own the data: channels, formats, grouping, retry, record.

`send_alert(alert, config)` is the one entry point; `alerts.example.toml` documents the
channels file. Nothing here imports Dagster, so the CLI and sensors share it.
"""

from orchestration.alerting.config import AlertConfig, ChannelConfig, load_alert_config
from orchestration.alerting.model import Alert, Delivery
from orchestration.alerting.privacy import PersonalDataError
from orchestration.alerting.send import send_alert
from orchestration.alerting.store import read_alert_log, sync_alert_tables

__all__ = [
    "Alert",
    "AlertConfig",
    "ChannelConfig",
    "Delivery",
    "PersonalDataError",
    "load_alert_config",
    "read_alert_log",
    "send_alert",
    "sync_alert_tables",
]
