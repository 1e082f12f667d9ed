from __future__ import annotations

import os
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def enterprise(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A serving copy built by `talentloop build`'s own code from a generated enterprise (small
    for CI); TALENTLOOP_SECURITY_HOME points at a home built by hand (e.g. 20,000 employees)."""
    prebuilt = os.environ.get("TALENTLOOP_SECURITY_HOME")
    if prebuilt:
        return Path(prebuilt) / "serving.duckdb"
    from tests.dashboard.real_home import build_home

    home = build_home(tmp_path_factory.mktemp("security_home"), employees=600, seed=11)
    return home / "serving.duckdb"
