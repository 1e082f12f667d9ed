"""Sign-in throttling: exponential backoff after repeated failures, per user and per client.

The state is shared by every Streamlit session and process of one home, so it lives in a small
JSON file (`<home>/signin_failures.json`, owner-only) updated under a file lock. Each key
(`user:<name>` or `client:<address>`) counts its consecutive failures; past `free` failures it
is locked for `base * 2**(failures - free)` seconds, at most `cap`. A success clears the user's
count (not the client's: an attacker who owns one account must not reset the backoff they
earned guessing another's). A count left alone for `forget_after` seconds starts again.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock

STATE_FILE = "signin_failures.json"


@dataclass(frozen=True)
class Policy:
    free_per_user: int = 5
    free_per_client: int = 10
    base_seconds: float = 30.0
    cap_seconds: float = 900.0
    forget_after_seconds: float = 3600.0

    @classmethod
    def from_section(cls, section: dict) -> Policy:
        """`[dashboards]` of talentloop.toml: signin_free_per_user, signin_base_seconds, ..."""
        defaults = cls()
        return cls(
            free_per_user=int(section.get("signin_free_per_user", defaults.free_per_user)),
            free_per_client=int(section.get("signin_free_per_client", defaults.free_per_client)),
            base_seconds=float(section.get("signin_base_seconds", defaults.base_seconds)),
            cap_seconds=float(section.get("signin_cap_seconds", defaults.cap_seconds)),
            forget_after_seconds=float(
                section.get("signin_forget_after_seconds", defaults.forget_after_seconds)
            ),
        )

    def lock_seconds(self, failures: int, free: int) -> float:
        if failures < free:
            return 0.0
        return min(self.cap_seconds, self.base_seconds * 2 ** (failures - free))


class Throttle:
    """Failure counts of one home."""

    def __init__(self, home: Path, policy: Policy | None = None) -> None:
        self.path = Path(home) / STATE_FILE
        self.policy = policy or Policy()
        self._lock = FileLock(str(self.path) + ".lock", timeout=10)

    def _load(self) -> dict[str, dict[str, float]]:
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            return {}

    def _save(self, state: dict[str, dict[str, float]]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + ".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(state, fh)
        os.replace(tmp, self.path)

    def _keys(self, username: str, client: str) -> dict[str, int]:
        return {
            f"user:{username}": self.policy.free_per_user,
            f"client:{client}": self.policy.free_per_client,
        }

    def locked_for(self, username: str, client: str, now: float | None = None) -> float:
        """Seconds until this user may try again from this client (0: may try now)."""
        now = time.time() if now is None else now
        with self._lock:
            state = self._load()
        wait = 0.0
        for key in self._keys(username, client):
            entry = state.get(key)
            if entry:
                wait = max(wait, entry.get("locked_until", 0.0) - now)
        return max(0.0, wait)

    def failed(self, username: str, client: str, now: float | None = None) -> float:
        """Count a failure; returns the seconds the user or client is now locked for."""
        now = time.time() if now is None else now
        wait = 0.0
        with self._lock:
            state = self._load()
            for key, free in self._keys(username, client).items():
                entry = state.get(key) or {"failures": 0, "last": now}
                if now - entry.get("last", now) > self.policy.forget_after_seconds:
                    entry = {"failures": 0, "last": now}
                failures = int(entry["failures"]) + 1
                seconds = self.policy.lock_seconds(failures, free)
                state[key] = {"failures": failures, "last": now, "locked_until": now + seconds}
                wait = max(wait, seconds)
            # Forget old entries, so guessing random user names cannot grow the file forever.
            forget = self.policy.forget_after_seconds + self.policy.cap_seconds
            self._save({k: e for k, e in state.items() if now - e.get("last", now) <= forget})
        return wait

    def succeeded(self, username: str) -> None:
        with self._lock:
            state = self._load()
            if state.pop(f"user:{username}", None) is not None:
                self._save(state)
