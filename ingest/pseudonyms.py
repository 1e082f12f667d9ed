"""The pseudonym key and the keyed hash that turns an ID into a pseudonym.

A pseudonym is HMAC-SHA256(key, ID) as hex, cut to 16 characters: stable across builds with the
same key, and without the key neither reversible nor linkable (hashing every possible employee
number gives nothing back, unlike a plain or prefix-keyed hash with a known key).

Where the key comes from (first found wins):
1. `TALENTLOOP_PSEUDONYM_KEY`: the key itself;
2. the key file: `TALENTLOOP_PSEUDONYM_KEY_FILE`, else `<home>/pseudonym.key`; it must be
   readable by its owner only (mode 0600), like an SSH key.
There is no default key: a build with none refuses to run (`PseudonymKeyError`), except for a
generated sample enterprise, whose build writes a random key into its home (`ensure_key_file`).

The key travels only as a bound parameter of the publish step's queries (`pid_sql` and
`pid_params`): never in SQL text, dbt's variables, compiled SQL, a manifest or a log.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from ingest.key_file import read_owner_only

KEY_ENV = "TALENTLOOP_PSEUDONYM_KEY"
KEY_FILE_ENV = "TALENTLOOP_PSEUDONYM_KEY_FILE"
KEY_FILE_NAME = "pseudonym.key"
PSEUDONYM_LENGTH = 16
# The key every installation used before keys were required: hashing employee numbers with it
# reversed every pseudonym. Refused if configured; tests prove pseudonyms do not reverse with it.
RETIRED_DEFAULT_KEY = "talentloop-dev-pseudonym-key"
MIN_KEY_LENGTH = 16
_BLOCK = 64  # SHA-256's block size: HMAC pads the key to it


class PseudonymKeyError(RuntimeError):
    """No usable pseudonym key is configured."""


def key_file_path(home: Path) -> Path:
    return Path(os.environ.get(KEY_FILE_ENV) or Path(home) / KEY_FILE_NAME)


def _missing_message(home: Path) -> str:
    return (
        f"no pseudonym key configured: set {KEY_ENV} to a secret of at least "
        f"{MIN_KEY_LENGTH} characters, or write one to the key file {key_file_path(home)} "
        f"(or the path in {KEY_FILE_ENV}) readable by its owner only (chmod 600); "
        "`talentloop key init` writes a random one"
    )


def _checked(key: str, origin: str) -> bytes:
    key = key.strip()
    if key == RETIRED_DEFAULT_KEY:
        raise PseudonymKeyError(f"{origin} holds the retired public default key; set a secret one")
    if len(key) < MIN_KEY_LENGTH:
        raise PseudonymKeyError(f"{origin} is shorter than {MIN_KEY_LENGTH} characters")
    return key.encode("utf-8")


def find_key(home: Path) -> bytes | None:
    """The configured key, or None when there is none; raises for one that is unsafe."""
    if os.environ.get(KEY_ENV):
        return _checked(os.environ[KEY_ENV], KEY_ENV)
    path = key_file_path(home)
    text = read_owner_only(path, "pseudonym key", PseudonymKeyError)
    return None if text is None else _checked(text, f"the key file {path}")


def load_key(home: Path) -> bytes:
    """The configured key; raises PseudonymKeyError naming the variable and file when none is."""
    key = find_key(home)
    if key is None:
        raise PseudonymKeyError(_missing_message(home))
    return key


def ensure_key_file(home: Path) -> Path:
    """Write a random key to the home's key file (owner-only) unless a key is configured."""
    path = key_file_path(home)
    if find_key(home) is not None:
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    # O_EXCL with mode 0600: the key is never readable by others, not even for an instant.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(secrets.token_hex(32) + "\n")
    return path


def pseudonym(value: str, key: bytes) -> str:
    """HMAC-SHA256 of the ID's text under the key, 16 hex characters."""
    return hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()[:PSEUDONYM_LENGTH]


def pid_sql(expr: str, *, positional: bool = False) -> str:
    """DuckDB SQL for `pseudonym(expr, key)`, with the key as the parameters `pid_params` gives
    (or, `positional`, two `?` bound to `pid_param_list`, in that order).

    HMAC(K, m) = H((K ^ opad) || H((K ^ ipad) || m)) (RFC 2104), written with DuckDB's sha256 on
    blobs; NULL stays NULL so optional IDs (manager, interviewer) keep their meaning."""
    opad, ipad = ("?", "?") if positional else ("$pid_opad", "$pid_ipad")
    inner = f"unhex(sha256({ipad} || encode(cast({expr} as varchar))))"
    return f"substr(sha256({opad} || {inner}), 1, {PSEUDONYM_LENGTH})"


def pid_params(key: bytes) -> dict[str, bytes]:
    """The HMAC's padded keys, bound as parameters so the key never enters SQL text."""
    if len(key) > _BLOCK:
        key = hashlib.sha256(key).digest()
    key = key.ljust(_BLOCK, b"\0")
    return {
        "pid_ipad": bytes(b ^ 0x36 for b in key),
        "pid_opad": bytes(b ^ 0x5C for b in key),
    }


def pid_param_list(key: bytes) -> list[bytes]:
    """`pid_params` for `pid_sql(..., positional=True)`."""
    params = pid_params(key)
    return [params["pid_opad"], params["pid_ipad"]]
