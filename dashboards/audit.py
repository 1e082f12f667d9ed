"""The append-only audit log: who viewed or exported what, when, under which role.

One JSON object per line in `$TALENTLOOP_HOME/audit.log`. The file is opened in append mode
for every record (O_APPEND: concurrent writers never overwrite each other) and never rewritten.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any


def record(
    path: Path,
    *,
    user: str,
    role: str,
    action: str,
    page: str,
    detail: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Append one event (`action` is `view`, `export`, `report`, `sign_in` or `denied`)."""
    event = {
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "user": user,
        "role": role,
        "action": action,
        "page": page,
        "detail": detail or {},
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps(event, ensure_ascii=False, default=str) + "\n"
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        os.write(fd, line.encode("utf-8"))
    finally:
        os.close(fd)
    return event


def read(path: Path) -> list[dict[str, Any]]:
    """Every event, oldest first."""
    if not path.is_file():
        return []
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]
