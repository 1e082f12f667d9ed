from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.quality.receivers import (
    SmtpReceiver,
    WebhookReceiver,
    start_smtp_receiver,
    start_webhook_receiver,
)


@pytest.fixture
def webhook() -> Iterator[WebhookReceiver]:
    receiver = start_webhook_receiver()
    try:
        yield receiver
    finally:
        receiver.server.shutdown()
        receiver.server.server_close()


@pytest.fixture
def smtp(tmp_path: Path) -> Iterator[SmtpReceiver]:
    receiver = start_smtp_receiver(tmp_path, "dq-robot", "s3cret-pass")
    try:
        yield receiver
    finally:
        receiver.controller.stop()
