"""The dbt-duckdb plugin of the profile's `duckdb_encrypted` target: attaches the warehouse with
the home's key before the profile's own `attach` (an `ATTACH IF NOT EXISTS` of the same alias,
then a no-op), and makes it every cursor's default catalog, as it is when dbt opens a plain file
directly (ingest/encryption.py).

The plugin reads the key where the build does (`ingest.encryption.find_key` of the home named
by `TALENTLOOP_DBT_KEY_HOME`: the owner-only key file, or `TALENTLOOP_ENCRYPTION_KEY` when the
operator chose the environment). Before, the build handed dbt the derived key in an environment
variable, which anyone running as the same user could read in `/proc/<pid>/environ` of the dbt
process for as long as it ran."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from dbt.adapters.duckdb.plugins import BasePlugin

from ingest.encryption import EncryptionKeyError, attach, find_key

KEY_HOME_ENV = "TALENTLOOP_DBT_KEY_HOME"
WAREHOUSE_ENV = "TALENTLOOP_WAREHOUSE"


class Plugin(BasePlugin):
    def initialize(self, plugin_config: dict[str, Any]) -> None:
        self.catalog = str(plugin_config.get("catalog", "warehouse"))

    def configure_connection(self, conn: Any) -> None:
        home = Path(os.environ[KEY_HOME_ENV])
        key = find_key(home)
        if key is None:
            raise EncryptionKeyError(f"the encrypted target was chosen but {home} has no key")
        attach(conn, Path(os.environ[WAREHOUSE_ENV]), self.catalog, key)

    def configure_cursor(self, cursor: Any) -> None:
        cursor.execute(f'use "{self.catalog}"')
