"""Shared fixtures of the analytics tests: small synthetic frames built in the tests."""

from __future__ import annotations

import pytest

from tests.analytics import synthetic


@pytest.fixture(scope="session")
def retention_frame():
    return synthetic.retention_features(employees=600, years=4, seed=3)
