"""The dbt-duckdb plugin of the profile's `duckdb_encrypted` target: loads the packaged httpfs
extension (DuckDB writes encrypted files only with its OpenSSL crypto) before the profile
attaches the warehouse with its key, and makes the warehouse every cursor's default catalog, as
it is when dbt opens a plain file directly (ingest/encryption.py)."""

from __future__ import annotations

from typing import Any

from dbt.adapters.duckdb.plugins import BasePlugin

from ingest.encryption import load_crypto


class Plugin(BasePlugin):
    def initialize(self, plugin_config: dict[str, Any]) -> None:
        self.catalog = str(plugin_config.get("catalog", "warehouse"))

    def configure_connection(self, conn: Any) -> None:
        load_crypto(conn)

    def configure_cursor(self, cursor: Any) -> None:
        cursor.execute(f'use "{self.catalog}"')
