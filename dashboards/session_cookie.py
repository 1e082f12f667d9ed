"""Sessions that survive a reload: a signed cookie with the user and the language.

Streamlit keeps `st.session_state` per browser tab connection, so a reload used to sign the
user out and reset the language. The browser now keeps two cookies, each signed with HMAC
(itsdangerous, SHA-1 HMAC over a key derived from `<home>/session.key`, 32 random bytes,
owner-only):
- `tl_session`: the user name, a fingerprint of their password hash (a new password ends every
  session) and the sign-in time; refreshed at most once a minute while the user is active, so
  its signature's age is the idle time;
- `tl_lang`: the chosen language (signed too, so a forged value is ignored, not trusted).
Streamlit reads cookies (`st.context.cookies`, those sent with the page's websocket request) but
has no API to set one outside OIDC (`st.login`), so the cookies are written by a script in an
`st.html` element (`unsafe_allow_javascript`); a script cannot make them HttpOnly (known limit,
docs/security.md).
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import stat
import time
from dataclasses import dataclass
from pathlib import Path

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

SESSION_COOKIE = "tl_session"
LANG_COOKIE = "tl_lang"
KEY_FILE = "session.key"
DEFAULT_IDLE_MINUTES = 30.0
DEFAULT_SESSION_HOURS = 12.0
REFRESH_SECONDS = 60.0
LANG_DAYS = 365


class KeyFileError(RuntimeError):
    """The session key is readable by others than its owner: refuse to sign with it."""


def session_key(home: Path) -> bytes:
    """The home's signing key, created owner-only on first use."""
    path = Path(home) / KEY_FILE
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            raise KeyFileError(
                f"{path} is readable by others (mode {mode:o}): chmod 600 it"
            ) from None
        return path.read_bytes()
    with os.fdopen(fd, "wb") as fh:
        fh.write(secrets.token_bytes(32))
    return path.read_bytes()


@dataclass(frozen=True)
class SessionPolicy:
    idle_minutes: float = DEFAULT_IDLE_MINUTES
    session_hours: float = DEFAULT_SESSION_HOURS

    @classmethod
    def from_section(cls, section: dict) -> SessionPolicy:
        """`idle_minutes` and `session_hours` of `[dashboards]` in talentloop.toml."""
        return cls(
            idle_minutes=float(section.get("idle_minutes", DEFAULT_IDLE_MINUTES)),
            session_hours=float(section.get("session_hours", DEFAULT_SESSION_HOURS)),
        )

    @property
    def idle_seconds(self) -> float:
        return self.idle_minutes * 60


def password_fingerprint(password_hash: str) -> str:
    return hashlib.sha256(password_hash.encode("utf-8")).hexdigest()[:16]


class SessionSigner:
    def __init__(self, home: Path, policy: SessionPolicy | None = None) -> None:
        self.policy = policy or SessionPolicy()
        key = session_key(home)
        self._session = URLSafeTimedSerializer(key, salt="talentloop-session")
        self._lang = URLSafeTimedSerializer(key, salt="talentloop-language")

    def session_token(self, username: str, password_hash: str, signed_in_at: float) -> str:
        return self._session.dumps(
            {"u": username, "p": password_fingerprint(password_hash), "s": int(signed_in_at)}
        )

    def read_session(self, token: str | None, users: dict[str, dict]) -> tuple[str, float] | None:
        """(user name, sign-in time) of a valid token: signed by this home, refreshed within the
        idle time, signed in within the session time, its user active with the same password."""
        if not token:
            return None
        try:
            data = self._session.loads(token, max_age=self.policy.idle_seconds)
            username, fingerprint, started = str(data["u"]), str(data["p"]), float(data["s"])
        except (BadSignature, SignatureExpired, KeyError, TypeError, ValueError):
            return None
        if time.time() - started > self.policy.session_hours * 3600:
            return None
        spec = users.get(username)
        if not spec or spec.get("disabled") or "password_hash" not in spec:
            return None
        if password_fingerprint(spec["password_hash"]) != fingerprint:
            return None
        return username, started

    def lang_token(self, lang: str) -> str:
        return self._lang.dumps(lang)

    def read_lang(self, token: str | None, languages: tuple[str, ...]) -> str | None:
        if not token:
            return None
        try:
            lang = self._lang.loads(token, max_age=LANG_DAYS * 86400)
        except (BadSignature, SignatureExpired):
            return None
        return lang if lang in languages else None


def cookie_script(name: str, value: str, max_age_seconds: int) -> str:
    """A script that sets (max_age > 0) or clears (0) a cookie on the app's whole path."""
    # The values are URL-safe base64 from itsdangerous: json.dumps only adds the quotes.
    return (
        "<script>document.cookie = "
        f"{json.dumps(name)} + '=' + {json.dumps(value)} + "
        f"'; Path=/; Max-Age={int(max_age_seconds)}; SameSite=Strict' + "
        "(location.protocol === 'https:' ? '; Secure' : '');</script>"
    )
