from __future__ import annotations

from pathlib import Path

import pytest
from engines import KEY
from warehouse_build import Enterprise, build_enterprise

from orchestration.publish import publish

# ~3,000 employees: enough for every planted defect kind to occur, small enough to build in
# well under a minute.
DEFAULT_EMPLOYEES = 3000
DEFAULT_SEED = 7


@pytest.fixture(scope="session")
def enterprise(tmp_path_factory: pytest.TempPathFactory) -> Enterprise:
    built = build_enterprise(tmp_path_factory.mktemp("enterprise"), DEFAULT_EMPLOYEES, DEFAULT_SEED)
    assert built.build.returncode == 0, built.build.stdout[-5000:] + built.build.stderr[-2000:]
    return built


@pytest.fixture(scope="session")
def duckdb_published(enterprise: Enterprise, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The DuckDB build published as after `talentloop build` (serving and analyst files): what
    the copies published from other engines must equal."""
    serving = tmp_path_factory.mktemp("duckdb-published") / "serving.duckdb"
    publish(enterprise.warehouse, serving, key=KEY)
    return serving
