from __future__ import annotations

import os
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
