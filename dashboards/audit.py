"""The tamper-evident audit log: who signed in, viewed, exported or erased what, when, as whom.

One JSON object per line in `$TALENTLOOP_HOME/audit.log`. Each line carries its sequence number
(`seq`, from 1) and the SHA-256 of the previous line's bytes (`prev`; 64 zeros for the first),
so an edited, inserted or deleted line breaks the chain at the line after it. The hash of the
last line and the line count are also kept in `audit.log.head`, so a deleted or edited last
line is caught too. Writers (two Streamlit sessions, a CLI command) take an exclusive file lock
(`audit.log.lock`) around read-last-line + append, so concurrent writers never fork the chain.

Someone who can write the home folder can still rewrite the whole chain and its head: the chain
proves that nothing was changed *behind the writer's back*, not against the folder's owner
(docs/security.md).
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from filelock import FileLock

GENESIS = "0" * 64
LOCK_TIMEOUT_SECONDS = 30


def _lock(path: Path) -> FileLock:
    return FileLock(str(path) + ".lock", timeout=LOCK_TIMEOUT_SECONDS)


def _head_path(path: Path) -> Path:
    return path.with_name(path.name + ".head")


def line_hash(line: bytes) -> str:
    """The hash the next line carries: of the line's bytes without its newline."""
    return hashlib.sha256(line.rstrip(b"\n")).hexdigest()


def _last_line(path: Path) -> bytes | None:
    """The last non-empty line, read backwards from the end (the log grows without bound)."""
    if not path.is_file():
        return None
    with path.open("rb") as fh:
        fh.seek(0, os.SEEK_END)
        end = fh.tell()
        block, data = 4096, b""
        while end > 0:
            start = max(0, end - block)
            fh.seek(start)
            data = fh.read(end - start) + data
            end = start
            stripped = data.rstrip(b"\n")
            if b"\n" in stripped or end == 0:
                return stripped.rsplit(b"\n", 1)[-1] if stripped else None
    return None


def _write_head(path: Path, seq: int, digest: str) -> None:
    head = _head_path(path)
    tmp = head.with_name(head.name + ".tmp")
    tmp.write_text(json.dumps({"seq": seq, "hash": digest}), encoding="utf-8")
    os.chmod(tmp, 0o640)
    os.replace(tmp, head)


def record(
    path: Path,
    *,
    user: str,
    role: str,
    action: str,
    page: str,
    detail: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Append one event (`view`, `export`, `report`, `sign_in`, `sign_in_failed`,
    `sign_in_locked`, `sign_out`, `denied`, `erase`, ...) to the chain."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with _lock(path):
        last = _last_line(path)
        if last is None:
            seq, prev = 1, GENESIS
        else:
            try:
                seq = int(json.loads(last).get("seq", 0)) + 1
            except (ValueError, AttributeError):
                seq = 0  # an unreadable last line: `verify` reports it; keep appending
            prev = line_hash(last)
        event = {
            "seq": seq,
            "prev": prev,
            "at": datetime.now(UTC).isoformat(timespec="seconds"),
            "user": user,
            "role": role,
            "action": action,
            "page": page,
            "detail": detail or {},
        }
        line = json.dumps(event, ensure_ascii=False, default=str).encode("utf-8")
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
        try:
            os.write(fd, line + b"\n")
            os.fsync(fd)
        finally:
            os.close(fd)
        _write_head(path, seq, line_hash(line))
    return event


def read(path: Path) -> list[dict[str, Any]]:
    """Every event, oldest first."""
    if not Path(path).is_file():
        return []
    with Path(path).open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@dataclass(frozen=True)
class Verdict:
    """The result of `verify`: `ok`, or the first broken line (1-based) and what is wrong."""

    ok: bool
    lines: int
    line: int | None = None
    problem: str | None = None

    def __str__(self) -> str:
        if self.ok:
            return f"audit log intact: {self.lines} lines, chain and head agree"
        return f"line {self.line}: {self.problem}"


def verify(path: Path) -> Verdict:
    """Walk the chain; report the first line that was edited, inserted or deleted."""
    path = Path(path)
    if not path.is_file():
        return Verdict(ok=True, lines=0)
    prev, number = GENESIS, 0
    with path.open("rb") as fh:
        for number, raw in enumerate(fh, start=1):
            line = raw.rstrip(b"\n")
            try:
                event = json.loads(line)
                seq, carried = int(event["seq"]), str(event["prev"])
            except (ValueError, KeyError, TypeError):
                return Verdict(False, number, number, "not a chained audit record (edited)")
            if seq != number:
                kind = "inserted" if seq < number else "deleted before it"
                return Verdict(
                    False, number, number, f"sequence {seq} where {number} was expected: {kind}"
                )
            if carried != prev:
                return Verdict(
                    False,
                    number,
                    number - 1,
                    "its hash does not match the next line's: edited or replaced",
                )
            prev = line_hash(line)
    head = _head_path(path)
    if head.is_file():
        recorded = json.loads(head.read_text(encoding="utf-8"))
        if int(recorded["seq"]) > number:
            return Verdict(False, number, number + 1, "the head records more lines: deleted")
        if int(recorded["seq"]) < number:
            return Verdict(
                False, number, int(recorded["seq"]) + 1, "past the recorded head: appended"
            )
        if recorded["hash"] != prev:
            return Verdict(False, number, number, "does not match the recorded head: edited")
    elif number:
        return Verdict(False, number, number, "the head file is missing")
    return Verdict(ok=True, lines=number)
