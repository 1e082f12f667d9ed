"""Connections to the engines, from the same variables as dbt_project/profiles.yml, so the dbt
build and the steps after it (serving copy, analyst role) reach the same database."""

from __future__ import annotations

import os
from typing import Any

POSTGRES_VARIABLES = {
    "host": ("TALENTLOOP_PG_HOST", "localhost"),
    "port": ("TALENTLOOP_PG_PORT", "5432"),
    "user": ("TALENTLOOP_PG_USER", "talentloop"),
    "password": ("TALENTLOOP_PG_PASSWORD", ""),
    "dbname": ("TALENTLOOP_PG_DATABASE", "talentloop"),
}


def connect_postgres() -> Any:
    """A psycopg2 connection to the profile's `postgres` output."""
    import psycopg2

    settings = {
        key: os.environ.get(var, default) for key, (var, default) in POSTGRES_VARIABLES.items()
    }
    return psycopg2.connect(**settings)
