"""One writer per home, nothing orphaned: a second build is refused with the holder's PID, a
build killed with SIGKILL mid-dbt leaves no process behind (dbt dies with it), its stale lock
is detected and cleared, and the next build runs and publishes."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from orchestration import build_lock
from sample_enterprise import generate

TALENTLOOP = [sys.executable, "-m", "orchestration.cli"]

HOLDER = """
import subprocess, sys, time
from pathlib import Path
from orchestration import build_lock
with build_lock.hold(Path(sys.argv[1]), "build"):
    # A child like dbt: it carries the build's token in its environment.
    subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    print("held", flush=True)
    time.sleep(600)
"""


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TALENTLOOP_")}
    return {**env, "TALENTLOOP_HOME": str(home), "COLUMNS": "200"}


def _hold_in_subprocess(home: Path) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(home)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout.readline().strip() == "held"
    return proc


def test_a_second_writer_is_refused_with_the_holders_pid(tmp_path: Path) -> None:
    proc = _hold_in_subprocess(tmp_path)
    try:
        with (
            pytest.raises(build_lock.BuildLocked, match=f"PID {proc.pid}"),
            build_lock.hold(tmp_path),
        ):
            pass
        assert build_lock.holder(tmp_path).pid == proc.pid
    finally:
        for child in psutil.Process(proc.pid).children(recursive=True):
            child.kill()
        proc.kill()
        proc.wait()


def test_a_stale_lock_is_cleared_and_its_leftovers_killed(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    proc = _hold_in_subprocess(tmp_path)
    children = psutil.Process(proc.pid).children()
    assert len(children) == 1
    proc.send_signal(signal.SIGKILL)  # no cleanup runs: the lock file still names it
    proc.wait()
    assert children[0].is_running()  # a plain child outlives its killed parent
    assert build_lock.holder(tmp_path) is None  # the kernel dropped the flock
    with caplog.at_level(logging.WARNING), build_lock.hold(tmp_path) as me:
        assert me.pid == os.getpid()
    assert f"stale lock of build (PID {proc.pid}" in caplog.text
    assert not children[0].is_running() or children[0].status() == psutil.STATUS_ZOMBIE


@pytest.fixture(scope="module")
def landing(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("landing")
    generate(out, 300, seed=5)
    return out


def _dbt_of(build: psutil.Process) -> list[psutil.Process]:
    found = []
    for p in build.children(recursive=True):
        try:
            if any("dbt" in part for part in p.cmdline()):
                found.append(p)
        except psutil.NoSuchProcess:
            continue
    return found


@pytest.mark.slow
def test_a_build_killed_mid_dbt_leaves_no_process_and_the_next_build_runs(
    tmp_path: Path, landing: Path
) -> None:
    home = tmp_path / "home"
    cmd = [*TALENTLOOP, "build", "--landing", str(landing), "--home", str(home)]
    build = subprocess.Popen(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_env(home)
    )
    proc = psutil.Process(build.pid)
    deadline = time.monotonic() + 900
    dbt: list[psutil.Process] = []
    while not dbt and build.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
        dbt = _dbt_of(proc)
    assert dbt, "dbt never started"
    time.sleep(2)  # well inside dbt's models
    assert build.poll() is None, "the build ended before it could be killed"

    second = subprocess.run(cmd, capture_output=True, text=True, env=_env(home), timeout=300)
    assert second.returncode == 3
    assert f"PID {build.pid}" in second.stdout and "not started" in second.stdout

    family = [proc, *proc.children(recursive=True)]
    build.send_signal(signal.SIGKILL)  # the build process only: not its group
    build.wait()
    gone, alive = psutil.wait_procs(family, timeout=15)
    assert not [p for p in alive if p.status() != psutil.STATUS_ZOMBIE], alive

    rerun = subprocess.run(cmd, capture_output=True, text=True, env=_env(home), timeout=1800)
    assert rerun.returncode == 0, rerun.stdout[-3000:] + rerun.stderr[-3000:]
    assert "stale lock" in rerun.stdout + rerun.stderr
    assert "published" in rerun.stdout
    assert build_lock.holder(home) is None
