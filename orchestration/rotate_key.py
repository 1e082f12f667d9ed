"""`talentloop rotate-key`: re-encrypt every file of a home under a new key.

Under the build lock (no build or erasure writes meanwhile): each DuckDB file (warehouse,
serving, analyst) is attached read-only with the old key and copied whole (`COPY FROM DATABASE`)
into a new file written with the new key; each new file is checked to open with the new key;
the new key is written to `encryption.key.next`; the files are swapped in; the archive objects
are re-sealed; then `encryption.key.next` replaces `encryption.key`. With no old key the plain
files are encrypted (the way to switch encryption on for a home built without it).

When the key comes from TALENTLOOP_ENCRYPTION_KEY, the new one must come from
TALENTLOOP_NEW_ENCRYPTION_KEY and the operator sets the first to it afterwards: TalentLoop does
not write a key the operator keeps elsewhere into the home.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from ingest import encryption, raw_archive
from ingest.encryption import AtRestKey, EncryptionKeyError
from ingest.settings import Settings
from orchestration import build_lock

NEW_KEY_ENV = "TALENTLOOP_NEW_ENCRYPTION_KEY"


@dataclass
class Rotation:
    files: list[Path] = field(default_factory=list)
    archive_objects: int = 0
    key_file: Path | None = None  # None when the key lives in the environment


def _copy(path: Path, old: AtRestKey | None, new: AtRestKey) -> Path:
    fresh = path.with_name(f".{path.stem}.rotating-{os.getpid()}.duckdb")
    fresh.unlink(missing_ok=True)
    con = duckdb.connect()
    try:
        encryption.attach(con, path, "rotate_old", old, read_only=True)
        encryption.attach(con, fresh, "rotate_new", new)
        con.execute("copy from database rotate_old to rotate_new")
    finally:
        con.close()
    encryption.connect(fresh, read_only=True, key=new).close()  # opens with the new key
    return fresh


def rotate(settings: Settings) -> Rotation:
    home = settings.home
    old = encryption.find_key(home)
    from_env = bool(os.environ.get(encryption.KEY_ENV))
    if from_env and not os.environ.get(NEW_KEY_ENV):
        raise EncryptionKeyError(
            f"the key comes from {encryption.KEY_ENV}: give the new one in {NEW_KEY_ENV}, "
            f"then set {encryption.KEY_ENV} to it"
        )
    secret = os.environ.get(NEW_KEY_ENV) or encryption.new_secret()
    new = encryption.checked_key(secret, NEW_KEY_ENV)
    if old == new:
        raise EncryptionKeyError("the new key is the current key")
    rotation = Rotation()
    with build_lock.hold(home, "rotate-key"):
        paths = [settings.warehouse_path, settings.serving_path, settings.analyst_path]
        fresh = {path: _copy(path, old, new) for path in paths if path.is_file()}
        next_key = encryption.key_file_path(home).with_name(encryption.KEY_FILE_NAME + ".next")
        if not from_env:
            # Kept beside the old key until every file is swapped: a crash in between leaves
            # both keys, so no file is left that no key opens.
            encryption.write_key_file(next_key, secret)
        for path, tmp in fresh.items():
            os.replace(tmp, path)
            Path(f"{path}.wal").unlink(missing_ok=True)
            rotation.files.append(path)
        rotation.archive_objects = raw_archive.reseal(home, old, new)
        if not from_env:
            os.replace(next_key, encryption.key_file_path(home))
            rotation.key_file = encryption.key_file_path(home)
    return rotation
