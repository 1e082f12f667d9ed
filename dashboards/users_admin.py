"""Changing the users file: add, change a password, disable, list, and the demo home's users.

The file is rewritten with tomlkit (comments and order kept), owner-only (0600), under a file
lock and swapped in with `os.replace`, so a sign-in never reads half a file. Passwords reach
these functions from a prompt or stdin (`talentloop users ...`), never from the command line.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import tomlkit
from filelock import FileLock

from dashboards.auth import ROLES, Viewer, hash_password, load_users, password_problems

# The demo bank's people: one per role (`make demo` creates them with random passwords).
DEMO_USERS: dict[str, dict] = {
    "ceo": {"name": "Chief executive", "role": "executive"},
    "hrbp_north": {"name": "HRBP North", "role": "hrbp", "org_units": ["BR001", "BR002"]},
    "analyst": {"name": "People analyst", "role": "analyst"},
    "admin": {"name": "HRIS admin", "role": "admin"},
}


class UsersError(ValueError):
    """A refused change (unknown or existing user, weak password, bad role)."""


def _document(path: Path) -> tomlkit.TOMLDocument:
    if path.is_file():
        return tomlkit.parse(path.read_text(encoding="utf-8"))
    doc = tomlkit.document()
    doc.add(tomlkit.comment("TalentLoop users: change with `talentloop users ...`"))
    return doc


def _save(path: Path, doc: tomlkit.TOMLDocument) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(tomlkit.dumps(doc))
    os.replace(tmp, path)


def _lock(path: Path) -> FileLock:
    return FileLock(str(path) + ".lock", timeout=30)


def _checked_password(username: str, password: str) -> str:
    problems = password_problems(username, password)
    if problems:
        raise UsersError("password refused: " + "; ".join(problems))
    return hash_password(password)


def add_user(
    path: Path,
    username: str,
    *,
    role: str,
    password: str,
    name: str | None = None,
    org_units: tuple[str, ...] = (),
    email: str | None = None,
) -> None:
    if role not in ROLES:
        raise UsersError(f"unknown role {role!r} (one of {', '.join(ROLES)})")
    try:
        Viewer(username, name or username, role, tuple(org_units), email)
    except ValueError as exc:
        raise UsersError(str(exc)) from None
    digest = _checked_password(username, password)
    with _lock(path):
        doc = _document(path)
        users = doc.setdefault("users", tomlkit.table(is_super_table=True))
        if username in users:
            raise UsersError(f"user {username!r} exists: use `talentloop users passwd`")
        spec = tomlkit.table()
        spec["name"] = name or username
        spec["role"] = role
        if org_units:
            spec["org_units"] = list(org_units)
        if email:
            spec["email"] = email
        spec["password_hash"] = digest
        users[username] = spec
        _save(path, doc)


def set_password(path: Path, username: str, password: str) -> None:
    """A new hash; the user's sessions kept in cookies stop working (they carry the old one's
    fingerprint)."""
    digest = _checked_password(username, password)
    with _lock(path):
        doc = _document(path)
        users = doc.get("users", {})
        if username not in users:
            raise UsersError(f"no user {username!r}")
        users[username]["password_hash"] = digest
        _save(path, doc)


def set_disabled(path: Path, username: str, disabled: bool = True) -> None:
    with _lock(path):
        doc = _document(path)
        users = doc.get("users", {})
        if username not in users:
            raise UsersError(f"no user {username!r}")
        if disabled:
            users[username]["disabled"] = True
        else:
            users[username].pop("disabled", None)
        _save(path, doc)


def list_users(path: Path) -> list[dict]:
    """User name, display name, role, org units, e-mail, disabled: never the hash."""
    return [
        {
            "user": username,
            "name": spec.get("name", username),
            "role": spec.get("role", ""),
            "org_units": list(spec.get("org_units", [])),
            "email": spec.get("email"),
            "disabled": bool(spec.get("disabled", False)),
            "has_password": "password_hash" in spec,
        }
        for username, spec in load_users(path).items()
    ]


def random_password() -> str:
    """20 random URL-safe characters (120 bits) from `secrets`: a passphrase-length password."""
    return secrets.token_urlsafe(15)


def create_demo_users(path: Path) -> dict[str, str]:
    """The demo bank's users with one random password each (returned once, never stored).

    Only for the demo home: refuses when the users file already exists."""
    if path.exists():
        raise UsersError(f"{path} exists: the demo users are created only in a new demo home")
    passwords = {}
    for username, spec in DEMO_USERS.items():
        password = random_password()
        add_user(
            path,
            username,
            role=spec["role"],
            password=password,
            name=spec["name"],
            org_units=tuple(spec.get("org_units", ())),
        )
        passwords[username] = password
    return passwords
