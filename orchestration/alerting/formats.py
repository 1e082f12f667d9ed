"""The message each channel expects: generic JSON, WeCom, DingTalk, Feishu and Slack incoming
webhooks (their documented robot formats), and a plain-text e-mail."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
import urllib.parse
from email.message import EmailMessage

from orchestration.alerting.config import ChannelConfig
from orchestration.alerting.model import Alert


def _markdown(alert: Alert) -> str:
    lines = [f"**{alert.title}**", ""]
    for line in alert.lines():
        label, _, value = line.partition(": ")
        if label == "run":
            lines.append(f"> run: [{value}]({value})")
        else:
            lines.append(f"> {label}: {value}")
    return "\n".join(lines)


def generic_payload(alert: Alert, alert_id: str) -> dict:
    return {"event": "talentloop.alert", "alert_id": alert_id, **alert.to_dict()}


def wecom_payload(alert: Alert) -> dict:
    # WeCom group robots cap markdown content at 4096 bytes.
    return {"msgtype": "markdown", "markdown": {"content": _markdown(alert)[:3500]}}


def dingtalk_payload(alert: Alert) -> dict:
    return {"msgtype": "markdown", "markdown": {"title": alert.title, "text": _markdown(alert)}}


def feishu_payload(alert: Alert, secret: str | None = None) -> dict:
    rows = [
        [{"tag": "text", "text": line}] for line in alert.lines() if not line.startswith("run:")
    ]
    if alert.run_url:
        rows.append([{"tag": "a", "text": "open the run", "href": alert.run_url}])
    payload: dict = {
        "msg_type": "post",
        "content": {"post": {"zh_cn": {"title": alert.title, "content": rows}}},
    }
    if secret:
        timestamp = str(int(time.time()))
        # Feishu signs with the string as key over an empty message.
        digest = hmac.new(f"{timestamp}\n{secret}".encode(), b"", hashlib.sha256).digest()
        payload.update(timestamp=timestamp, sign=base64.b64encode(digest).decode())
    return payload


def slack_payload(alert: Alert) -> dict:
    body = "\n".join(
        f"*{label}:* <{value}|open the run>" if label == "run" else f"*{label}:* {value}"
        for label, _, value in (line.partition(": ") for line in alert.lines())
    )
    return {
        "text": alert.title,
        "blocks": [
            {"type": "header", "text": {"type": "plain_text", "text": alert.title[:150]}},
            {"type": "section", "text": {"type": "mrkdwn", "text": body}},
        ],
    }


def dingtalk_url(url: str, secret: str | None) -> str:
    """DingTalk signed robots take `timestamp` and `sign` (HMAC-SHA256) as query parameters."""
    if not secret:
        return url
    timestamp = str(int(time.time() * 1000))
    digest = hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
    sign = urllib.parse.quote_plus(base64.b64encode(digest).decode())
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}timestamp={timestamp}&sign={sign}"


def webhook_request(channel: ChannelConfig, alert: Alert, alert_id: str) -> tuple[str, dict]:
    """(url, JSON payload) for a webhook-kind channel."""
    url = channel.url or ""
    if channel.kind == "webhook":
        payload = generic_payload(alert, alert_id)
    elif channel.kind == "wecom":
        payload = wecom_payload(alert)
    elif channel.kind == "dingtalk":
        payload, url = dingtalk_payload(alert), dingtalk_url(url, channel.secret)
    elif channel.kind == "feishu":
        payload = feishu_payload(alert, channel.secret)
    elif channel.kind == "slack":
        payload = slack_payload(alert)
    else:
        raise ValueError(f"{channel.kind} is not a webhook channel")
    return url, payload


def email_message(channel: ChannelConfig, alert: Alert) -> EmailMessage:
    msg = EmailMessage()
    msg["Subject"] = alert.title
    msg["From"] = channel.sender or ""
    msg["To"] = ", ".join(channel.to)
    msg.set_content(alert.text() + "\n\n-- TalentLoop (this message carries no personal data)\n")
    return msg
