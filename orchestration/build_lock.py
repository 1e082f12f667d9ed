"""One writer per home: the build lock, and no process of a killed build left behind.

`hold(home)` takes an exclusive `flock` on `<home>/build.lock` and writes the holder's PID,
purpose and start time into it. The kernel drops a flock when its process dies, however it
dies, so a lock whose file names a PID but is free is stale: the next holder says so, kills
any process the dead build left (found by the `TALENTLOOP_BUILD_TOKEN` it passed to its
children) and takes over. A second build while the first runs is refused with the holder's PID.

Children: dbt runs through `orchestration/dbt_guard.py`, which asks Linux to SIGKILL it when
its parent dies (prctl PR_SET_PDEATHSIG) before it becomes dbt, so SIGKILL of a build takes its
dbt with it instead of leaving it writing the warehouse for minutes.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psutil

log = logging.getLogger(__name__)

LOCK_FILE = "build.lock"
TOKEN_ENV = "TALENTLOOP_BUILD_TOKEN"


class BuildLocked(RuntimeError):
    """Another build (or erasure, key rotation) is writing this home."""


@dataclass(frozen=True)
class Holder:
    pid: int
    purpose: str
    started: float
    token: str

    def describe(self) -> str:
        started = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(self.started))
        return f"{self.purpose} (PID {self.pid}, started {started})"


def _read(fd: int) -> Holder | None:
    os.lseek(fd, 0, os.SEEK_SET)
    raw = os.read(fd, 4096)
    try:
        data = json.loads(raw)
        return Holder(int(data["pid"]), str(data["purpose"]), float(data["started"]), data["token"])
    except (ValueError, KeyError, TypeError):
        return None


def _kill_leftovers(token: str) -> list[int]:
    """Kill the processes a dead build left (they carry its token in their environment)."""
    killed = []
    for proc in psutil.process_iter(["pid"]):
        try:
            if proc.pid != os.getpid() and proc.environ().get(TOKEN_ENV) == token:
                proc.kill()
                killed.append(proc.pid)
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            continue
    psutil.wait_procs([psutil.Process(p) for p in killed if psutil.pid_exists(p)], timeout=10)
    return killed


@contextmanager
def hold(home: Path, purpose: str = "build") -> Iterator[Holder]:
    """Hold the home's write lock for the block; raise BuildLocked when someone else holds it."""
    home = Path(home)
    home.mkdir(parents=True, exist_ok=True)
    fd = os.open(home / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read(fd)
            who = holder.describe() if holder else "another process"
            raise BuildLocked(
                f"{home} is being written by {who}: wait for it to finish, or stop it "
                f"(kill {holder.pid if holder else '<pid>'}); the lock is {home / LOCK_FILE}"
            ) from None
        stale = _read(fd)
        if stale is not None:
            killed = _kill_leftovers(stale.token)
            log.warning(
                "cleared a stale lock of %s, which ended without releasing it%s",
                stale.describe(),
                f"; killed its leftover processes {killed}" if killed else "",
            )
        me = Holder(os.getpid(), purpose, time.time(), uuid.uuid4().hex)
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, json.dumps(me.__dict__).encode())
        os.fsync(fd)
        previous_token = os.environ.get(TOKEN_ENV)
        os.environ[TOKEN_ENV] = me.token  # inherited by dbt: how leftovers are found
        try:
            yield me
        finally:
            if previous_token is None:
                os.environ.pop(TOKEN_ENV, None)
            else:
                os.environ[TOKEN_ENV] = previous_token
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def holder(home: Path) -> Holder | None:
    """The current holder, or None when the home is free (a stale lock counts as free)."""
    path = Path(home) / LOCK_FILE
    if not path.exists():
        return None
    fd = os.open(path, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return _read(fd)
        fcntl.flock(fd, fcntl.LOCK_UN)
        return None
    finally:
        os.close(fd)
