from __future__ import annotations

import pytest
from warehouse_build import Enterprise, build_enterprise

# ~3,000 employees: enough for every planted defect kind to occur, small enough to build in
# well under a minute.
DEFAULT_EMPLOYEES = 3000
DEFAULT_SEED = 7


@pytest.fixture(scope="session")
def enterprise(tmp_path_factory: pytest.TempPathFactory) -> Enterprise:
    built = build_enterprise(tmp_path_factory.mktemp("enterprise"), DEFAULT_EMPLOYEES, DEFAULT_SEED)
    assert built.build.returncode == 0, built.build.stdout[-5000:] + built.build.stderr[-2000:]
    return built
