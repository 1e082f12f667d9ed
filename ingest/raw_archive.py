"""The raw archive: every landing file, once loaded, kept in the home for `retention_days`.

`<home>/archive/objects/<name[:2]>/<name>.gz`: the file's bytes, gzip-compressed, named by the
SHA-256 of the delivered bytes (the load ledger's `file_hash`), so a file delivered twice is
stored once. When the home has an encryption key (ingest/encryption.py) the object is sealed with
AES-256-GCM and its name, in the folder and the manifest, is a keyed digest of that SHA-256
(`AtRestKey.archive_name`): a plain SHA-256 would let whoever holds a candidate file confirm that
it was delivered. `talentloop rotate-key` re-seals and renames every object.
The ingest hands each file over with the bytes and hash it already holds (`archive_prepared`),
so nothing is read or hashed twice, and a file whose name is not valid UTF-8 keeps its name's
bytes (`raw_name`, hex) for `restore`. `<home>/archive/manifest.jsonl`: one line per archived delivery (hash, source,
path relative to the landing, archived_at), rewritten under a file lock when entries are purged
or erased. Owner-only files (0600) in an owner-only folder (0700).

`restore(home, dest)` writes the archive back as a landing folder (the newest delivery of a
path under its own name, older ones beside it as `<stem>~<hash8><suffix>`), which is what
`talentloop build --from-archive` builds from. `purge(home, days)` removes what is older.
`scrub(home, lines)` (erasure) rewrites archived files without given lines: the object is
then named by its new bytes and the manifest keeps the original hash as `delivered_hash`.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from filelock import FileLock

if TYPE_CHECKING:
    from ingest.load import PreparedFile

from ingest.encryption import AtRestKey, find_key, seal, unseal
from ingest.tombstones import ERASED_RULE

DEFAULT_RETENTION_DAYS = 90


@dataclass(frozen=True)
class Entry:
    sha256: str
    source: str
    file: str
    archived_at: str
    delivered_hash: str | None = None
    raw_name: str | None = None  # the path's bytes as hex, when they are not valid UTF-8

    @property
    def archived(self) -> datetime:
        return datetime.fromisoformat(self.archived_at)


def archive_dir(home: Path) -> Path:
    """The archive folder, created owner-only (0700) with its object folders."""
    path = Path(home) / "archive"
    if not path.is_dir():
        (path / "objects").mkdir(parents=True, exist_ok=True)
        for folder in (path, path / "objects"):
            os.chmod(folder, 0o700)
    return path


def _object(home: Path, sha: str) -> Path:
    return archive_dir(home) / "objects" / sha[:2] / f"{sha}.gz"


def _manifest(home: Path) -> Path:
    return archive_dir(home) / "manifest.jsonl"


def _lock(home: Path) -> FileLock:
    return FileLock(str(_manifest(home)) + ".lock", timeout=60)


def entries(home: Path) -> list[Entry]:
    path = _manifest(home)
    if not path.is_file():
        return []
    with path.open(encoding="utf-8") as fh:
        return [Entry(**json.loads(line)) for line in fh if line.strip()]


def _write_manifest(home: Path, kept: list[Entry]) -> None:
    path = _manifest(home)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.writelines(json.dumps(asdict(e)) + "\n" for e in kept)
    os.replace(tmp, path)


def _write_object(target: Path, blob: bytes) -> None:
    target.parent.mkdir(exist_ok=True, mode=0o700)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(blob)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, target)


def _name(key: AtRestKey | None, sha: str) -> str:
    """The object name of bytes with SHA-256 `sha`: keyed when the home has a key."""
    return sha if key is None else key.archive_name(sha)


def _store(
    home: Path, data: bytes, sha: str | None = None, key: AtRestKey | None | bool = True
) -> str:
    """Store `data` (once) and return its object name."""
    key = find_key(home) if key is True else key
    name = _name(key, sha or hashlib.sha256(data).hexdigest())
    target = _object(home, name)
    if not target.exists():
        archive_dir(home)
        # mtime=0: the same bytes always compress to the same object (before sealing).
        packed = gzip.compress(data, compresslevel=1, mtime=0)
        _write_object(target, seal(key, packed))
    return name


def archive(
    home: Path,
    source: str,
    file: str,
    data: bytes,
    now: datetime | None = None,
    stored_as: str | None = None,
    *,
    delivered: str | None = None,
    raw_name: str | None = None,
) -> Entry:
    """Keep one delivered file; idempotent for the same bytes and path. `stored_as`: the
    object already stored for it instead of its bytes (a copy without erased rows);
    `delivered`: the bytes' SHA-256 when the caller has it."""
    key = find_key(home)
    plain = delivered or hashlib.sha256(data).hexdigest()
    delivered = _name(key, plain)
    sha = stored_as or _store(home, data, plain, key=key)
    with _lock(home):
        current = entries(home)
        for e in current:
            if (e.delivered_hash or e.sha256) == delivered and e.file == file:
                return e
        entry = Entry(
            sha,
            source,
            file,
            (now or datetime.now(UTC)).isoformat(timespec="seconds"),
            delivered if sha != delivered else None,
            raw_name,
        )
        fd = os.open(_manifest(home), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(asdict(entry)) + "\n")
    return entry


def read(home: Path, entry: Entry, key: AtRestKey | None | bool = True) -> bytes:
    path = _object(home, entry.sha256)
    key = find_key(home) if key is True else key
    return gzip.decompress(unseal(key, path.read_bytes(), path))


def reseal(home: Path, old: AtRestKey | None, new: AtRestKey | None) -> int:
    """Re-encrypt every archive object from `old` to `new` and rename it by the new key
    (rotate-key); returns the count. The delivered hash of an object rewritten by an erasure
    cannot be renamed (the delivered bytes are gone): it is dropped, so a re-delivery of that
    file is archived again, without the erased rows."""
    with _lock(home):
        renamed: dict[str, str] = {}
        updated = []
        for e in entries(home):
            if e.sha256 not in renamed:
                data = read(home, e, key=old)
                renamed[e.sha256] = _store(home, data, key=new)
            updated.append(replace(e, sha256=renamed[e.sha256], delivered_hash=None))
        _write_manifest(home, updated)
        _drop_unreferenced(home, updated)
    return len(renamed)


def _drop_unreferenced(home: Path, kept: list[Entry]) -> None:
    referenced = {e.sha256 for e in kept}
    objects = archive_dir(home) / "objects"
    for obj in objects.glob("*/*.gz") if objects.is_dir() else ():
        if obj.name.removesuffix(".gz") not in referenced:
            obj.unlink()


def purge(home: Path, retention_days: int, now: datetime | None = None) -> list[Entry]:
    """Remove deliveries archived more than `retention_days` ago; returns what was removed."""
    cutoff = (now or datetime.now(UTC)) - timedelta(days=retention_days)
    with _lock(home):
        current = entries(home)
        removed = [e for e in current if e.archived < cutoff]
        if removed:
            kept = [e for e in current if e.archived >= cutoff]
            _write_manifest(home, kept)
            _drop_unreferenced(home, kept)
    return removed


def restore(home: Path, dest: Path) -> list[Path]:
    """Write every archived delivery into `dest` as a landing folder; returns the files."""
    written = []
    archived = entries(home)
    newest: dict[str, Entry] = {}
    for e in archived:
        if e.file not in newest or e.archived >= newest[e.file].archived:
            newest[e.file] = e
    for e in archived:
        rel = Path(os.fsdecode(bytes.fromhex(e.raw_name)) if e.raw_name else e.file)
        if newest[e.file] != e:
            rel = rel.with_name(f"{rel.stem}~{e.sha256[:8]}{rel.suffix}")
        target = Path(dest) / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(read(home, e))
        written.append(target)
    return written


def _without_lines(data: bytes, file: str, lines: set[int]) -> bytes:
    """The file without the given 1-based physical lines (CSV, JSONL) or sheet rows (XLSX)."""
    if file.lower().endswith(".xlsx"):
        import polars as pl

        frame = pl.read_excel(io.BytesIO(data), infer_schema_length=0, has_header=False)
        keep = [i for i in range(frame.height) if i + 1 not in lines]
        out = io.BytesIO()
        frame[keep].write_excel(out, include_header=False, autofit=False)
        return out.getvalue()
    kept = [
        raw for number, raw in enumerate(data.splitlines(keepends=True), 1) if number not in lines
    ]
    return b"".join(kept)


def scrub(home: Path, lines: dict[str, set[int]]) -> list[str]:
    """Rewrite each archived delivery of `file -> lines` without those lines (erasure)."""
    changed = []
    with _lock(home):
        current = entries(home)
        updated = []
        for e in current:
            drop = lines.get(e.file)
            if not drop:
                updated.append(e)
                continue
            sha = _store(home, _without_lines(read(home, e), e.file, drop))
            updated.append(
                Entry(sha, e.source, e.file, e.archived_at, e.delivered_hash or e.sha256)
            )
            changed.append(e.file)
        _write_manifest(home, updated)
        _drop_unreferenced(home, updated)
    return changed


def total_bytes(home: Path) -> int:
    objects = archive_dir(home) / "objects"
    return sum(p.stat().st_size for p in objects.glob("*/*.gz")) if objects.is_dir() else 0


def archived_files(home: Path) -> Iterable[str]:
    return sorted({e.file for e in entries(home)})


def restore_dir(home: Path) -> Path:
    """Where `build --from-archive` restores to; a landing here is never archived again."""
    return archive_dir(home) / "restore"


def archive_prepared(home: Path, source: str, prepared: PreparedFile) -> Entry | None:
    """Archive one file the ingest has just committed (loaded or rejected: the raw record of
    what was delivered), from the bytes and hash the ingest holds. Rows of erased people
    (re-delivered) are not archived either."""
    if prepared.data is None or prepared.result.status not in ("loaded", "rejected"):
        return None
    quarantine = prepared.quarantine
    erased = set(quarantine.filter(quarantine["rule"] == ERASED_RULE)["line"].to_list())
    file, data, delivered = prepared.result.file, prepared.data, prepared.file_hash
    raw_name = None if prepared.name == file else os.fsencode(prepared.name).hex()
    stored = _store(home, _without_lines(data, file, erased)) if erased else None
    return archive(
        home, source, file, data, stored_as=stored, delivered=delivered, raw_name=raw_name
    )
