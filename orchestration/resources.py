"""Dagster resources shared by every definitions module."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb

from ingest import encryption
from ingest.settings import DEFAULT_DUCKDB_MEMORY_LIMIT, load_settings


class WarehouseResource(dg.ConfigurableResource):
    """The build's DuckDB file. Only build runs write it; readers use the serving copy."""

    path: str
    landing: str
    home: str
    memory_limit: str = DEFAULT_DUCKDB_MEMORY_LIMIT

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        # Every asset of a run works in this home's vocabulary (<home>/reference): the contract's
        # allowed codes and score fields, the labels and the per-competency model features.
        from ingest import vocabulary

        vocabulary.activate_home(self.home_path)

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        con = encryption.connect(
            self.path, read_only=read_only, config={"memory_limit": self.memory_limit}
        )
        try:
            yield con
        finally:
            con.close()

    @property
    def landing_path(self) -> Path:
        return Path(self.landing)

    @property
    def home_path(self) -> Path:
        return Path(self.home)


def warehouse_from_settings(
    home: str | Path | None = None, landing: str | Path | None = None
) -> WarehouseResource:
    s = load_settings(home, landing)
    return WarehouseResource(
        path=str(s.warehouse_path),
        landing=str(s.landing),
        home=str(s.home),
        memory_limit=s.duckdb_memory_limit,
    )
