"""Encryption at rest: the home's key, encrypted DuckDB files and sealed archive objects.

Where the key comes from (first found wins), as the pseudonym key (ingest/pseudonyms.py):
1. `TALENTLOOP_ENCRYPTION_KEY`: the secret itself (at least 16 characters);
2. `<home>/encryption.key`, readable by its owner only (refused when group or others can read
   it); `talentloop rotate-key` writes a random one.
With neither, every file is written plain, as before. One secret yields two keys (HKDF-SHA256
with distinct labels): the DuckDB files' ENCRYPTION_KEY (AES-256-GCM, DuckDB's own format) and
the archive's AES-256-GCM key, so neither key reveals the other.

DuckDB writes encrypted files only with the httpfs extension loaded (its OpenSSL crypto; the
built-in module is read-only). The extension comes from a package (`duckdb-extension-httpfs`),
loaded from its file: nothing is downloaded, and DuckDB checks the file's signature on LOAD.
The key is bound as a query parameter, never written into SQL text, a profile or a log.
"""

from __future__ import annotations

import hmac
import importlib.util
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

import duckdb
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from ingest.key_file import read_owner_only

KEY_ENV = "TALENTLOOP_ENCRYPTION_KEY"
KEY_FILE_NAME = "encryption.key"
MIN_KEY_LENGTH = 16
# The dbt profile's target for an encrypted warehouse (its plugin reads the key from the home:
# orchestration/dbt_encryption.py).
DBT_TARGET = "duckdb_encrypted"
SEALED = b"TLAES1"  # the header of an archive object sealed with AES-256-GCM
_NONCE = 12


class EncryptionKeyError(RuntimeError):
    """A key is unsafe, missing for an encrypted file, or wrong for it."""


@dataclass(frozen=True)
class AtRestKey:
    secret: bytes

    def _derive(self, label: bytes) -> bytes:
        return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=label).derive(self.secret)

    @property
    def database_key(self) -> str:
        """DuckDB's ENCRYPTION_KEY: 256 derived bits as hex."""
        return self._derive(b"talentloop duckdb files").hex()

    @property
    def archive_key(self) -> bytes:
        return self._derive(b"talentloop raw archive")

    def archive_name(self, sha256_hex: str) -> str:
        """An archive object's name: HMAC-SHA256 of the bytes' SHA-256 under a key of its own,
        so whoever holds a candidate file cannot tell from the names whether it was delivered."""
        mac = hmac.new(
            self._derive(b"talentloop archive names"), bytes.fromhex(sha256_hex), "sha256"
        )
        return mac.hexdigest()


def key_file_path(home: Path) -> Path:
    return Path(home) / KEY_FILE_NAME


def checked_key(secret: str, origin: str) -> AtRestKey:
    secret = secret.strip()
    if len(secret) < MIN_KEY_LENGTH:
        raise EncryptionKeyError(f"{origin} is shorter than {MIN_KEY_LENGTH} characters")
    return AtRestKey(secret.encode("utf-8"))


def find_key(home: Path) -> AtRestKey | None:
    """The configured key, or None (files are plain); raises for a key file others can read."""
    if os.environ.get(KEY_ENV):
        return checked_key(os.environ[KEY_ENV], KEY_ENV)
    path = key_file_path(home)
    text = read_owner_only(path, "encryption key", EncryptionKeyError)
    return None if text is None else checked_key(text, f"the key file {path}")


def new_secret() -> str:
    return secrets.token_hex(32)


def write_key_file(path: Path, secret: str) -> None:
    """Write `secret` to `path` owner-only, swapped in atomically (never readable by others)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(secret + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def httpfs_extension() -> Path:
    """The packaged httpfs extension file built for the installed DuckDB."""
    spec = importlib.util.find_spec("duckdb_extension_httpfs")
    found = []
    if spec and spec.origin:
        root = Path(spec.origin).parent / "extensions" / f"v{duckdb.__version__}"
        found = sorted(root.rglob("httpfs.duckdb_extension"))
    if not found:
        raise EncryptionKeyError(
            f"writing encrypted files needs the package duckdb-extension-httpfs=={duckdb.__version__}"
            " (DuckDB's OpenSSL crypto); install requirements.txt"
        )
    return found[0]


def load_crypto(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(f"load '{httpfs_extension()}'")


def _sql_text(value: Path | str) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def _explained(path: Path, exc: duckdb.Error, key: AtRestKey | None) -> EncryptionKeyError | None:
    text = str(exc)
    if "without a key" in text:
        return EncryptionKeyError(
            f"{path} is encrypted and no key is configured: set {KEY_ENV} or write the key to "
            f"{key_file_path(path.parent)} (owner-only)"
        )
    if "Wrong encryption key" in text:
        origin = KEY_ENV if os.environ.get(KEY_ENV) else str(key_file_path(path.parent))
        return EncryptionKeyError(f"{path} cannot be opened with the configured key ({origin})")
    if "is not encrypted" in text and key is not None:
        return EncryptionKeyError(
            f"{path} is not encrypted but a key is configured: `talentloop rotate-key` "
            "encrypts the home's files"
        )
    return None


def attach(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    alias: str,
    key: AtRestKey | None,
    *,
    read_only: bool = False,
) -> None:
    """ATTACH `path` as `alias`, with `key` when given (created encrypted if it is new)."""
    path = Path(path)
    options, params = ["read_only"] if read_only else [], {}
    if key is not None:
        load_crypto(con)
        options.append("encryption_key $key")
        params["key"] = key.database_key
        # A query past memory_limit spills to temporary files: encrypted like the file, and in
        # its folder, not in the working directory where an in-memory connection spills.
        con.execute("set temp_file_encryption = true")
        if con.execute("select current_setting('temp_directory')").fetchone()[0] == ".tmp":
            con.execute(f"set temp_directory = {_sql_text(spill_directory(path))}")
    clause = f" ({', '.join(options)})" if options else ""
    try:
        con.execute(f'attach {_sql_text(path)} as "{alias}"{clause}', params)
    except duckdb.Error as exc:
        raise (_explained(path, exc, key) or exc) from None


def spill_directory(path: Path) -> Path:
    """Where DuckDB spills for a file: `<file>.tmp`, its default for a file opened directly."""
    return Path(f"{path}.tmp")


def catalog_name(path: Path) -> str:
    """The catalog DuckDB gives a file opened directly: its name up to the first dot."""
    return Path(path).name.lstrip(".").split(".")[0]


def connect(
    path: Path | str,
    *,
    read_only: bool = False,
    config: dict | None = None,
    key: AtRestKey | None | bool = True,
) -> duckdb.DuckDBPyConnection:
    """Open a DuckDB file of a home as `duckdb.connect(path)` would, encrypted when the home has
    a key (`key=True`: the key of the file's folder; or a key, or None for a plain file). The
    file keeps its usual catalog name, so `current_database()` and qualified names still hold."""
    path = Path(path)
    if key is True:
        key = find_key(path.parent)
    if key is None:
        try:
            return duckdb.connect(str(path), read_only=read_only, config=config or {})
        except duckdb.Error as exc:
            raise (_explained(path, exc, None) or exc) from None
    con = duckdb.connect(config=config or {})
    try:
        attach(con, path, catalog_name(path), key, read_only=read_only)
        con.execute(f'use "{catalog_name(path)}"')
    except BaseException:
        con.close()
        raise
    return con


def seal(key: AtRestKey | None, data: bytes) -> bytes:
    """An archive object's bytes: AES-256-GCM with a random nonce when a key is set."""
    if key is None:
        return data
    nonce = os.urandom(_NONCE)
    return SEALED + nonce + AESGCM(key.archive_key).encrypt(nonce, data, SEALED)


def unseal(key: AtRestKey | None, blob: bytes, origin: Path) -> bytes:
    if not blob.startswith(SEALED):
        return blob
    if key is None:
        raise EncryptionKeyError(f"{origin} is encrypted and no key is configured ({KEY_ENV})")
    nonce = blob[len(SEALED) : len(SEALED) + _NONCE]
    try:
        return AESGCM(key.archive_key).decrypt(nonce, blob[len(SEALED) + _NONCE :], SEALED)
    except Exception as exc:  # cryptography's InvalidTag: wrong key or altered bytes
        raise EncryptionKeyError(f"{origin} cannot be decrypted with the configured key") from exc
