from __future__ import annotations

from pathlib import Path

import pytest
from warehouse_build import Enterprise, build_enterprise

# ~3,000 employees: enough for every planted defect kind to occur, small enough to build in
# well under a minute.
DEFAULT_EMPLOYEES = 3000
DEFAULT_SEED = 7


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """This folder's slow tests run only when asked for (`-m slow`)."""
    if "slow" in (config.getoption("-m") or ""):
        return
    skip = pytest.mark.skip(reason="slow: run with -m slow")
    here = Path(__file__).parent
    for item in items:
        if "slow" in item.keywords and item.path.is_relative_to(here):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def enterprise(tmp_path_factory: pytest.TempPathFactory) -> Enterprise:
    built = build_enterprise(tmp_path_factory.mktemp("enterprise"), DEFAULT_EMPLOYEES, DEFAULT_SEED)
    assert built.build.returncode == 0, built.build.stdout[-5000:] + built.build.stderr[-2000:]
    return built
