"""Fixtures every test directory shares."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ingest import vocabulary


@pytest.fixture(autouse=True, scope="module")
def _vocabulary_restored() -> Iterator[None]:
    """A build activates its home's vocabulary for the whole process (as the app and a build
    do): a test module that builds a customer home must not leave the next module in it."""
    before = vocabulary.active() if vocabulary.is_activated() else None
    yield
    if before is None:
        vocabulary.deactivate()
    else:
        vocabulary.activate(before)
