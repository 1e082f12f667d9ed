"""Who is looking: the local users file (argon2 hashes), OpenID Connect, roles and scope.

The users file (`users.example.toml` shows the format) lives at `$TALENTLOOP_HOME/users.toml` or
wherever `TALENTLOOP_USERS` points. With OpenID Connect configured (an `[auth]` section in
Streamlit's secrets), `st.login` signs people in and the users file maps their e-mail to a role.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

ROLES: tuple[str, ...] = ("executive", "hrbp", "analyst", "admin")
_hasher = PasswordHasher()

MIN_PASSWORD_LENGTH = 12
# Refused whatever their length: the old demo password and what people type first.
COMMON_PASSWORDS = frozenset(
    {"change-me", "changeme", "password", "passw0rd", "12345678", "123456789012", "talentloop"}
)


@dataclass(frozen=True)
class Viewer:
    """A signed-in person: role and, for HR business partners, the org units they look after."""

    username: str
    display_name: str
    role: str
    org_units: tuple[str, ...] = field(default_factory=tuple)
    email: str | None = None

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ValueError(f"unknown role {self.role!r}")
        if self.role == "hrbp" and not self.org_units:
            raise ValueError(f"HR business partner {self.username!r} has no org units assigned")

    @property
    def sees_individuals(self) -> bool:
        return self.role != "executive"

    @property
    def sees_names(self) -> bool:
        return self.role in ("hrbp", "admin")

    @property
    def is_scoped(self) -> bool:
        return self.role == "hrbp"


def users_path(home: Path) -> Path:
    return Path(os.environ.get("TALENTLOOP_USERS") or home / "users.toml")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def password_problems(username: str, password: str) -> list[str]:
    """Why a new password is refused (empty when it is accepted): at least 12 characters, at
    least three kinds of character (lower, upper, digit, other) unless it is 20 or longer (a
    passphrase), not a common password, not containing the user name."""
    problems = []
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append(f"shorter than {MIN_PASSWORD_LENGTH} characters")
    kinds = sum(
        (
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        )
    )
    if kinds < 3 and len(password) < 20:
        problems.append("fewer than 3 kinds of character (lower, upper, digit, other)")
    if password.lower() in COMMON_PASSWORDS:
        problems.append("a common password")
    if username and username.lower() in password.lower():
        problems.append("contains the user name")
    return problems


def load_users(path: Path) -> dict[str, dict]:
    """The `[users.<name>]` tables of the users file (empty when the file is absent)."""
    if not path.is_file():
        return {}
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    users = data.get("users", {})
    return {name: dict(spec) for name, spec in users.items()}


def active_viewer(users: dict[str, dict], username: str) -> Viewer | None:
    """The viewer of a user who still exists and is not disabled (a restored session)."""
    spec = users.get(username)
    if spec is None or spec.get("disabled"):
        return None
    return _viewer(username, spec)


def _viewer(username: str, spec: dict) -> Viewer:
    return Viewer(
        username=username,
        display_name=str(spec.get("name", username)),
        role=str(spec.get("role", "")),
        org_units=tuple(spec.get("org_units", ())),
        email=spec.get("email"),
    )


def authenticate(users: dict[str, dict], username: str, password: str) -> Viewer | None:
    """The viewer when the password matches its argon2 hash and the user is not disabled."""
    spec = users.get(username)
    if spec is None or "password_hash" not in spec or spec.get("disabled"):
        # Hash anyway so a wrong user name costs the same time as a wrong password.
        _hasher.hash(password)
        return None
    try:
        _hasher.verify(spec["password_hash"], password)
    except (VerificationError, InvalidHashError):
        return None
    return _viewer(username, spec)


def viewer_for_email(users: dict[str, dict], email: str) -> Viewer | None:
    """Map an OpenID Connect identity to its role through the users file."""
    for username, spec in users.items():
        if spec.get("disabled"):
            continue
        if str(spec.get("email", "")).lower() == email.lower():
            return _viewer(username, spec)
    return None
