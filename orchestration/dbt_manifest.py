"""Keep dbt's manifest current so Dagster can load the dbt project as assets.

`dbt parse` runs only when a project file is newer than the manifest; a file lock keeps two
processes (tests, the UI and a build) from parsing into the same target folder at once.
"""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from pathlib import Path

from ingest.settings import DBT_PROJECT_DIR

MANIFEST_TARGET = DBT_PROJECT_DIR / "target"
MANIFEST_PATH = MANIFEST_TARGET / "manifest.json"
_WATCHED = ("models", "macros", "seeds", "tests", "snapshots")


def dbt_executable() -> str:
    """The dbt of this interpreter's environment (the venv), not whatever is on PATH."""
    candidate = Path(sys.executable).parent / "dbt"
    return str(candidate) if candidate.exists() else "dbt"


def _newest_source_mtime() -> float:
    newest = 0.0
    for name in ("dbt_project.yml", "profiles.yml"):
        p = DBT_PROJECT_DIR / name
        if p.exists():
            newest = max(newest, p.stat().st_mtime)
    for sub in _WATCHED:
        for p in (DBT_PROJECT_DIR / sub).rglob("*"):
            if p.is_file():
                newest = max(newest, p.stat().st_mtime)
    return newest


def ensure_manifest() -> Path:
    """Parse the dbt project when the manifest is missing or older than any project file."""
    MANIFEST_TARGET.mkdir(parents=True, exist_ok=True)
    with open(MANIFEST_TARGET / ".parse.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if MANIFEST_PATH.exists() and MANIFEST_PATH.stat().st_mtime >= _newest_source_mtime():
            return MANIFEST_PATH
        env = {**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
        proc = subprocess.run(
            [
                dbt_executable(),
                "parse",
                "--project-dir",
                str(DBT_PROJECT_DIR),
                "--profiles-dir",
                str(DBT_PROJECT_DIR),
                "--target-path",
                str(MANIFEST_TARGET),
                "--quiet",
            ],
            capture_output=True,
            text=True,
            env=env,
        )
        if proc.returncode != 0:
            raise RuntimeError(f"dbt parse failed:\n{proc.stdout}\n{proc.stderr}")
    return MANIFEST_PATH
