"""Loopback ports for the servers the engine runs start on this machine (Spark, PostgreSQL)."""

from __future__ import annotations

import json
import socket
import urllib.request
from typing import Any

LOOPBACK = "127.0.0.1"


def free_port() -> int:
    """A port free on the loopback interface now (the OS picks it)."""
    with socket.socket() as s:
        s.bind((LOOPBACK, 0))
        return s.getsockname()[1]


def get_json(url: str, timeout: float = 5.0) -> Any:
    """A JSON document from a local status page (Spark's master and worker UIs)."""
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return json.load(response)
