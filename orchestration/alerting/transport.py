"""Getting a message out: HTTP POST for webhooks, SMTP (STARTTLS / SSL, auth) for e-mail."""

from __future__ import annotations

import json
import smtplib
import ssl
import urllib.error
import urllib.request
from email.message import EmailMessage

from orchestration.alerting.config import ChannelConfig


class DeliveryError(Exception):
    """One attempt failed; `status_code` is the HTTP status when there was one."""

    def __init__(self, message: str, status_code: int | None = None) -> None:
        super().__init__(message)
        self.status_code = status_code


def _vendor_error(kind: str, body: bytes) -> str | None:
    """Chat robots answer HTTP 200 with an error code in the body when they refuse a message."""
    if kind not in ("wecom", "dingtalk", "feishu"):
        return None
    try:
        data = json.loads(body or b"{}")
    except ValueError:
        return "the reply is not JSON"
    code = data.get("errcode", data.get("code", data.get("StatusCode", 0)))
    if code not in (0, None):
        return f"{kind} error code {code}"
    return None


def post_json(
    url: str, body: bytes, *, kind: str, timeout: float, headers: dict[str, str] | None = None
) -> int:
    """POST the body; returns the HTTP status or raises DeliveryError."""
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={"Content-Type": "application/json; charset=utf-8", **(headers or {})},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            status, reply = response.status, response.read()
    except urllib.error.HTTPError as exc:
        raise DeliveryError(f"HTTP {exc.code}", exc.code) from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise DeliveryError(f"cannot reach the receiver: {type(reason).__name__}") from None
    problem = _vendor_error(kind, reply)
    if problem:
        raise DeliveryError(problem, status)
    return status


def send_email(channel: ChannelConfig, message: EmailMessage, *, timeout: float) -> int:
    """Send through the configured relay; returns the SMTP reply code of the accepted message."""
    context = ssl.create_default_context(cafile=channel.ca_file)
    host, port = channel.host or "localhost", channel.port
    try:
        if channel.security == "ssl":
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(host, port, timeout=timeout, context=context)
        else:
            smtp = smtplib.SMTP(host, port, timeout=timeout)
        with smtp:
            smtp.ehlo()
            if channel.security == "starttls":
                smtp.starttls(context=context)
                smtp.ehlo()
            if channel.username:
                smtp.login(channel.username, channel.password or "")
            refused = smtp.send_message(message)
            if refused:
                raise DeliveryError(f"{len(refused)} recipient(s) refused")
            return 250
    except smtplib.SMTPResponseException as exc:
        raise DeliveryError(f"SMTP {exc.smtp_code}", exc.smtp_code) from None
    except (smtplib.SMTPException, ssl.SSLError, OSError) as exc:
        raise DeliveryError(f"SMTP failure: {type(exc).__name__}") from None
