"""The tamper-evident audit log: `talentloop audit verify` passes an intact chain and names the
first edited, inserted or deleted line (exit 1); concurrent writers in separate processes keep
one unbroken chain."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dashboards import audit

TALENTLOOP = [sys.executable, "-m", "orchestration.cli"]


def _verify(home: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TALENTLOOP_")}
    return subprocess.run(
        [*TALENTLOOP, "audit", "verify", "--home", str(home)],
        capture_output=True,
        text=True,
        env={**env, "COLUMNS": "200"},
    )


@pytest.fixture
def log(tmp_path: Path) -> Path:
    path = tmp_path / "audit.log"
    for i in range(6):
        audit.record(path, user=f"u{i}", role="admin", action="view", page=f"p{i}")
    return path


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines(keepends=True)


def test_an_intact_log_verifies(log: Path) -> None:
    proc = _verify(log.parent)
    assert proc.returncode == 0, proc.stdout
    assert "6 lines" in proc.stdout
    events = audit.read(log)
    assert [e["seq"] for e in events] == [1, 2, 3, 4, 5, 6]
    assert events[0]["prev"] == audit.GENESIS


def test_an_edited_line_is_named(log: Path) -> None:
    lines = _lines(log)
    lines[2] = lines[2].replace('"user": "u2"', '"user": "u9"')
    log.write_text("".join(lines), encoding="utf-8")
    proc = _verify(log.parent)
    assert proc.returncode == 1
    assert "line 3:" in proc.stdout and "edited" in proc.stdout


def test_an_edited_last_line_is_caught_by_the_head(log: Path) -> None:
    lines = _lines(log)
    lines[-1] = lines[-1].replace('"page": "p5"', '"page": "px"')
    log.write_text("".join(lines), encoding="utf-8")
    verdict = audit.verify(log)
    assert not verdict.ok and verdict.line == 6


def test_a_deleted_line_is_named(log: Path) -> None:
    lines = _lines(log)
    del lines[3]
    log.write_text("".join(lines), encoding="utf-8")
    proc = _verify(log.parent)
    assert proc.returncode == 1 and "line 4:" in proc.stdout and "deleted" in proc.stdout


def test_a_deleted_last_line_is_caught_by_the_head(log: Path) -> None:
    log.write_text("".join(_lines(log)[:-1]), encoding="utf-8")
    verdict = audit.verify(log)
    assert not verdict.ok and verdict.line == 6 and "deleted" in verdict.problem


def test_an_inserted_line_is_named(log: Path) -> None:
    lines = _lines(log)
    forged = json.loads(lines[1])
    forged["user"] = "mallory"
    lines.insert(2, json.dumps(forged) + "\n")
    log.write_text("".join(lines), encoding="utf-8")
    proc = _verify(log.parent)
    assert proc.returncode == 1 and "line 3:" in proc.stdout and "inserted" in proc.stdout


def test_a_line_appended_by_hand_is_caught(log: Path) -> None:
    # Even chained correctly: the head records where the writer stopped.
    last = _lines(log)[-1].rstrip("\n").encode()
    forged = {"seq": 7, "prev": audit.line_hash(last), "user": "mallory", "action": "view"}
    with log.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(forged) + "\n")
    verdict = audit.verify(log)
    assert not verdict.ok and verdict.line == 7


WRITER = """
import sys
from pathlib import Path
from dashboards import audit
path, who = Path(sys.argv[1]), sys.argv[2]
for i in range(60):
    audit.record(path, user=who, role="hrbp", action="view", page=str(i))
"""


def test_concurrent_writers_in_separate_processes_keep_one_chain(tmp_path: Path) -> None:
    path = tmp_path / "audit.log"
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(path), f"session{i}"]) for i in range(4)
    ]
    assert all(p.wait(timeout=120) == 0 for p in procs)
    verdict = audit.verify(path)
    assert verdict.ok, str(verdict)
    assert verdict.lines == 240
    assert {e["user"] for e in audit.read(path)} == {f"session{i}" for i in range(4)}
