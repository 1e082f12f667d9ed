"""Secrets kept in a file of the home: read only when the file is its owner's alone."""

from __future__ import annotations

import stat
from pathlib import Path


def read_owner_only(path: Path, what: str, error: type[Exception]) -> str | None:
    """The file's text, None when there is no file; raises `error` when group or others can
    read it (like an SSH key: a secret others can read is no secret)."""
    if not path.is_file():
        return None
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise error(f"the {what} file {path} is readable by others (mode {mode:o}); chmod 600 it")
    return path.read_text(encoding="utf-8")
