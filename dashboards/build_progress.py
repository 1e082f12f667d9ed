"""How far the running build is, for the pages to show until a first copy is published.

Read from the home's build lock (who builds, since when) and the tail of the build's log file
(`talentloop build` writes dbt's and Dagster's lines there): the stage is the last step the log
names, and dbt's "N of M" lines give its progress. Plain files only: the dashboards never
import Dagster.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path

from orchestration.build_lock import holder

LOG_GLOB = "logs/build-*.log"
TAIL_BYTES = 256 * 1024
# The build's steps in order, by the name its log gives them (orchestration/definitions.py);
# before the first of them the build is reading the landing files.
STAGES: tuple[tuple[str, str], ...] = (
    (" - warehouse_models - ", "warehouse"),
    (" - ml__", "models"),
    (" - model_marts - ", "marts"),
    (" - serving_copy - ", "publish"),
)
DBT_PROGRESS = re.compile(rb"^(\d+) of (\d+) (?:OK|PASS|WARN|ERROR|SKIP|NO-OP)", re.M)


@dataclass(frozen=True)
class Progress:
    seconds: float
    stage: str  # ingest, warehouse, models, marts, publish
    done: int | None = None
    total: int | None = None


def _tail(path: Path) -> bytes:
    with path.open("rb") as fh:
        size = fh.seek(0, 2)
        fh.seek(max(0, size - TAIL_BYTES))
        return fh.read()


def current(home: Path) -> Progress | None:
    """The running build's progress, or None when no build holds the home."""
    running = holder(home)
    if running is None or running.purpose != "build":
        return None
    logs = [p for p in Path(home).glob(LOG_GLOB) if p.stat().st_mtime >= running.started - 5]
    stage, done, total = "ingest", None, None
    if logs:
        tail = _tail(max(logs, key=lambda p: p.stat().st_mtime))
        at = -1
        for marker, name in STAGES:
            where = tail.rfind(marker.encode())
            if where > at:
                stage, at = name, where
        matches = (
            DBT_PROGRESS.findall(tail[max(at, 0) :]) if stage in ("warehouse", "marts") else []
        )
        if matches:
            done, total = int(matches[-1][0]), int(matches[-1][1])
    return Progress(time.time() - running.started, stage, done, total)
