"""Shared fixtures of the analytics tests: small synthetic frames built in the tests."""

from __future__ import annotations

import pytest

from tests.analytics import synthetic


@pytest.fixture(scope="session")
def retention_frame():
    return synthetic.retention_features(employees=600, years=4, seed=3)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Slow tests of this folder (a generated 20,000-employee enterprise) run only with -m slow."""
    if "slow" in (config.option.markexpr or ""):
        return
    skip = pytest.mark.skip(reason="builds a 20,000-employee enterprise; run with -m slow")
    for item in items:
        if "slow" in item.keywords and "tests/analytics/" in str(item.path).replace("\\", "/"):
            item.add_marker(skip)
