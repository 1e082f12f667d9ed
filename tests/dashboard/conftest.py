from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from dashboards.auth import hash_password
from tests.dashboard import tiny_serving

PASSWORD = "correct horse battery"
USERS = {
    "exec": ("executive", ()),
    "hrbp1": ("hrbp", ("BR001",)),
    "analyst": ("analyst", ()),
    "admin": ("admin", ()),
}


def write_users(path: Path) -> Path:
    digest = hash_password(PASSWORD)
    lines = []
    for name, (role, units) in USERS.items():
        lines.append(f"[users.{name}]")
        lines.append(f'name = "{name.title()}"')
        lines.append(f'role = "{role}"')
        lines.append(f'password_hash = "{digest}"')
        if units:
            lines.append("org_units = [" + ", ".join(f'"{u}"' for u in units) + "]")
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def tiny_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("tiny_home")
    tiny_serving.build(home / "serving.duckdb")
    write_users(home / "users.toml")
    return home


@pytest.fixture
def home_env(tiny_home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TALENTLOOP_HOME", str(tiny_home))
    monkeypatch.delenv("TALENTLOOP_USERS", raising=False)
    return tiny_home


@pytest.fixture(scope="session")
def real_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home with a real serving copy from a small generated enterprise (built once per session
    and shared by the browser tests and the tests of the dashboard marts)."""
    from tests.dashboard.real_home import build_home

    # TALENTLOOP_BROWSER_HOME: measure the pages on a home built elsewhere (e.g. by
    # `talentloop bench --employees 100000`), instead of a fresh 300-employee one.
    prebuilt = os.environ.get("TALENTLOOP_BROWSER_HOME")
    if prebuilt:
        write_users(Path(prebuilt) / "users.toml")
        return Path(prebuilt)
    return build_home(tmp_path_factory.mktemp("browser_home"))


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def streamlit_server() -> Iterator[Callable[[Path], str]]:
    """A factory: `streamlit_server(home)` runs `streamlit run` on that home (once per home and
    session), waits for its health check and returns its URL; every server stops at the end.
    The browser tests of pages and of sign-in share it."""
    import subprocess
    import time
    import urllib.request

    from ingest.settings import PROJECT_ROOT

    running: dict[Path, tuple[subprocess.Popen, str]] = {}

    def start(home: Path) -> str:
        if home in running:
            return running[home][1]
        port = _free_port()
        env = dict(os.environ, TALENTLOOP_HOME=str(home))
        env.pop("TALENTLOOP_USERS", None)
        proc = subprocess.Popen(
            [
                str(PROJECT_ROOT / ".venv" / "bin" / "streamlit"),
                "run",
                "dashboards/streamlit_app.py",
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
                "--browser.gatherUsageStats",
                "false",
                "--server.fileWatcherType",
                "none",
            ],
            cwd=PROJECT_ROOT,  # .streamlit/config.toml: toolbarMode = "minimal"
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}"
        running[home] = (proc, url)
        deadline = time.time() + 90
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return url
            except OSError:
                time.sleep(0.5)
        raise RuntimeError(f"streamlit did not start on {home}")

    yield start
    for proc, _url in running.values():
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
