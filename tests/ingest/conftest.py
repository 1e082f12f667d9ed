"""Fixtures for the ingest tests: private DuckDB files and small hand-made landing folders."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest
from ingest_samples import write_reference_sources


@pytest.fixture
def landing(tmp_path: Path) -> Path:
    path = tmp_path / "landing"
    path.mkdir()
    return path


@pytest.fixture
def ref_landing(landing: Path) -> Path:
    write_reference_sources(landing)
    return landing


@pytest.fixture
def con(tmp_path: Path):
    connection = duckdb.connect(str(tmp_path / "warehouse.duckdb"))
    yield connection
    connection.close()


@pytest.fixture
def put(landing: Path) -> Callable[..., Path]:
    """Write a file into the landing: put("exits/a.csv", text_or_bytes, encoding="utf-8")."""

    def _put(rel: str, content: str | bytes, encoding: str = "utf-8") -> Path:
        path = landing / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        data = content if isinstance(content, bytes) else content.encode(encoding)
        path.write_bytes(data)
        return path

    return _put
