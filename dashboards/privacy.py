"""Who may see which rows, and the policy's parameters.

Counts of people are protected by the data layer (dashboards/data: each served table's declared
privacy class, the cell-key method in dashboards/data/cellkey.py, docs/privacy.md). This module
holds what that layer and the pages share: the minimum group size, pseudonyms, and the check of
rows about single people:
- executives never get them; analysts get pseudonymised rows without names; HR business
  partners only rows of their org units; admins everything.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from ingest.pseudonyms import find_key
from ingest.pseudonyms import pseudonym as keyed_pseudonym
from ingest.settings import load_settings

DEFAULT_MIN_GROUP = 5
ABSOLUTE_MIN_GROUP = 3
# The column an older export format marked hidden rows with (dashboards/exports.py drops them).
SUPPRESSED = "suppressed"
# Columns that identify a person directly: never shown to analysts or executives.
PERSONAL_COLUMNS: frozenset[str] = frozenset(
    {
        "name",
        "full_name",
        "employee_name",
        "name_zh",
        "candidate_name",
        "national_id_hash",
        "birth_date",
        "phone",
        "email",
        "manager_name",
    }
)
ID_COLUMNS: tuple[str, ...] = ("employee_key", "employee_id", "manager_key", "candidate_key")


class PrivacyError(PermissionError):
    """Raised when a role asks for data it may never see."""


def pseudonym_key() -> str:
    """The installation's pseudonym key (ingest/pseudonyms.py), so a pseudonym on a dashboard is
    the one analysts see in analyst.duckdb. With none configured the dashboards make up a random
    key for this process: pseudonyms then match nothing published, but never a public default."""
    key = find_key(load_settings().home)
    return key.decode("utf-8") if key is not None else _PROCESS_KEY


_PROCESS_KEY = secrets.token_hex(32)


@dataclass(frozen=True)
class PrivacyPolicy:
    """The suppression threshold; configurable, never below ABSOLUTE_MIN_GROUP."""

    min_group: int = DEFAULT_MIN_GROUP
    pseudonym_salt: str = ""  # empty: the installation's key, read when first needed

    def __post_init__(self) -> None:
        if self.min_group < ABSOLUTE_MIN_GROUP:
            raise ValueError(
                f"min_group must be at least {ABSOLUTE_MIN_GROUP}, got {self.min_group}"
            )


def policy_from_settings(section: dict) -> PrivacyPolicy:
    """Build the policy from talentloop.toml's `[dashboards]` section."""
    return PrivacyPolicy(
        min_group=int(section.get("min_group_size", DEFAULT_MIN_GROUP)),
        pseudonym_salt=pseudonym_key(),
    )


def pseudonym(employee_key: str, salt: str) -> str:
    """A stable pseudonym: HMAC-SHA256 under the key, 16 hex characters, as in analyst.duckdb;
    unlinkable to the person without the key."""
    return keyed_pseudonym(employee_key, salt.encode("utf-8"))


def protect_individuals(
    df: pd.DataFrame,
    role: str,
    org_units: Iterable[str] = (),
    *,
    org_column: str = "org_unit_code",
    policy: PrivacyPolicy | None = None,
) -> pd.DataFrame:
    """Rows about single people, as the role may see them.

    The query layer has already scoped the rows; this is the second, independent check.
    """
    policy = policy or PrivacyPolicy()
    if role == "executive":
        raise PrivacyError("executives see aggregates only")
    out = df.copy()
    if role == "hrbp":
        allowed = set(org_units)
        if org_column not in out.columns:
            raise PrivacyError(f"individual rows without {org_column} cannot be scoped")
        out = out[out[org_column].isin(allowed)]
    elif role == "analyst":
        out = out.drop(columns=[c for c in out.columns if c in PERSONAL_COLUMNS])
        salt = policy.pseudonym_salt or pseudonym_key()
        for col in ID_COLUMNS:
            if col in out.columns:
                out[col] = out[col].map(
                    lambda v: None if v is None or pd.isna(v) else pseudonym(v, salt)
                )
    elif role != "admin":
        raise PrivacyError(f"unknown role {role!r}")
    out = out.reset_index(drop=True)
    out.attrs["privacy"] = f"individuals:{role}"
    return out
