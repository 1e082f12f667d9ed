"""Encryption at rest on real files: with a key configured, the DuckDB files (AES-256-GCM,
DuckDB's format, written through the packaged httpfs extension) and the archive objects
(AES-256-GCM) hold no planted name; readers open them with the key; a wrong or missing key is
a clear error naming the file; `talentloop rotate-key` re-encrypts everything, after which the
new key opens the files and the old one does not."""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from dashboards import serving
from ingest import encryption, raw_archive
from ingest.encryption import EncryptionKeyError
from sample_enterprise import generate
from tests.security.test_erasure import NAME, _plant

TALENTLOOP = [sys.executable, "-m", "orchestration.cli"]
SECRET = "a-test-encryption-secret-0001"


def _env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TALENTLOOP_")}
    return {**env, "TALENTLOOP_HOME": str(home), "COLUMNS": "200", **extra}


def _cli(*args: str, home: Path, **extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*TALENTLOOP, *args], capture_output=True, text=True, env=_env(home, **extra), timeout=1800
    )


def _build_watching_environments(
    landing: Path, home: Path
) -> tuple[subprocess.CompletedProcess, dict]:
    """Run a build while a watcher reads every process's /proc environ and cmdline for the
    home's secret and the DuckDB key derived from it."""
    secrets = (SECRET.encode(), encryption.checked_key(SECRET, "test").database_key.encode())
    seen: dict = {"dbt": 0, "leaks": []}
    args = [*TALENTLOOP, "build", "--landing", str(landing), "--home", str(home)]
    proc = subprocess.Popen(
        args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env(home)
    )

    def watch() -> None:
        while proc.poll() is None:
            for entry in Path("/proc").iterdir():
                if not entry.name.isdigit() or int(entry.name) == os.getpid():
                    continue
                with contextlib.suppress(OSError):
                    cmdline = (entry / "cmdline").read_bytes()
                    environ = (entry / "environ").read_bytes()
                    if b"dbt" in cmdline and b"build" in cmdline:
                        seen["dbt"] += 1
                    for secret in secrets:
                        if secret in environ or secret in cmdline:
                            seen["leaks"].append(cmdline.replace(b"\0", b" ")[:200])
            time.sleep(0.2)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    out, err = proc.communicate(timeout=1800)
    watcher.join(timeout=10)
    return subprocess.CompletedProcess(args, proc.returncode, out, err), seen


def _write_planted(path: Path) -> None:
    with encryption.connect(path) as con:
        con.execute("create schema marts")
        con.execute(
            f"create table marts.people as select '{NAME}' as name, range as i from range(5000)"
        )
        con.execute("create view marts.people_count as select count(*) as n from marts.people")
        con.execute("checkpoint")


def _no_name_in_bytes(home: Path) -> list[str]:
    needle = NAME.encode()
    return [str(p) for p in home.rglob("*") if p.is_file() and needle in p.read_bytes()]


def test_an_encrypted_file_holds_no_name_and_opens_only_with_its_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(encryption.KEY_ENV, SECRET)
    path = tmp_path / "warehouse.duckdb"
    _write_planted(path)
    assert _no_name_in_bytes(tmp_path) == []
    with encryption.connect(path, read_only=True) as con:
        assert con.execute("select current_database()").fetchone()[0] == "warehouse"
        assert con.execute("select n from marts.people_count").fetchone()[0] == 5000
    monkeypatch.setenv(encryption.KEY_ENV, "another-secret-of-enough-length")
    with pytest.raises(EncryptionKeyError, match="cannot be opened with the configured key") as e:
        encryption.connect(path, read_only=True)
    assert str(path) in str(e.value)
    monkeypatch.delenv(encryption.KEY_ENV)
    with pytest.raises(EncryptionKeyError, match="encrypted and no key is configured") as e:
        encryption.connect(path, read_only=True)
    assert str(path) in str(e.value)


def test_without_a_key_files_stay_plain_and_a_key_on_a_plain_file_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(encryption.KEY_ENV, raising=False)
    path = tmp_path / "serving.duckdb"
    _write_planted(path)
    assert _no_name_in_bytes(tmp_path) == [str(path)]  # DuckDB's plain file: the name is there
    monkeypatch.setenv(encryption.KEY_ENV, SECRET)
    with pytest.raises(EncryptionKeyError, match="rotate-key"):
        encryption.connect(path, read_only=True)


def test_a_key_file_others_can_read_is_refused(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv(encryption.KEY_ENV, raising=False)
    key_file = encryption.key_file_path(tmp_path)
    encryption.write_key_file(key_file, SECRET)
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert encryption.find_key(tmp_path) == encryption.AtRestKey(SECRET.encode())
    key_file.chmod(0o640)
    with pytest.raises(EncryptionKeyError, match="readable by others"):
        encryption.find_key(tmp_path)


def test_archive_objects_are_sealed_and_need_the_key(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv(encryption.KEY_ENV, SECRET)
    data = f"employee_id,name\n1,{NAME}\n".encode() * 100
    entry = raw_archive.archive(tmp_path, "hr_employees", "hr_employees/a.csv", data)
    (obj,) = (tmp_path / "archive" / "objects").glob("*/*.gz")
    blob = obj.read_bytes()
    assert blob.startswith(encryption.SEALED) and NAME.encode() not in blob
    assert raw_archive.read(tmp_path, entry) == data
    monkeypatch.setenv(encryption.KEY_ENV, "another-secret-of-enough-length")
    with pytest.raises(EncryptionKeyError, match="cannot be decrypted") as e:
        raw_archive.read(tmp_path, entry)
    assert str(obj) in str(e.value)


def test_archive_names_do_not_confirm_a_delivery_without_the_key(
    tmp_path: Path, monkeypatch
) -> None:
    """Someone holding a candidate file hashes it: with a key, neither the object names nor the
    manifest hold that SHA-256, and the same bytes are still stored once."""
    monkeypatch.setenv(encryption.KEY_ENV, SECRET)
    data = f"employee_id,name\n1,{NAME}\n".encode()
    digest = hashlib.sha256(data).hexdigest()
    first = raw_archive.archive(tmp_path, "hr_employees", "hr_employees/a.csv", data)
    again = raw_archive.archive(tmp_path, "hr_employees", "hr_employees/a.csv", data)
    assert first == again and len(raw_archive.entries(tmp_path)) == 1
    archive = tmp_path / "archive"
    names = [p.name for p in archive.rglob("*")]
    texts = b"".join(p.read_bytes() for p in archive.rglob("*") if p.is_file())
    assert not any(digest in n for n in names) and digest.encode() not in texts
    assert first.sha256 == encryption.find_key(tmp_path).archive_name(digest)
    # Without a key the archive is plain anyway: names stay the SHA-256 (nothing to hide).
    monkeypatch.delenv(encryption.KEY_ENV)
    plain = raw_archive.archive(tmp_path / "plain", "hr_employees", "hr_employees/a.csv", data)
    assert plain.sha256 == digest


def test_rotate_key_reencrypts_files_and_archive(tmp_path: Path, monkeypatch) -> None:
    """A plain home is encrypted by the first rotation; the second replaces that key."""
    monkeypatch.delenv(encryption.KEY_ENV, raising=False)
    home = tmp_path
    for name in ("warehouse.duckdb", "serving.duckdb", "analyst.duckdb"):
        _write_planted(home / name)
    entry = raw_archive.archive(home, "hr_employees", "hr_employees/a.csv", NAME.encode() * 20)
    first = _cli("rotate-key", "--home", str(home), home=home)
    assert first.returncode == 0, first.stdout + first.stderr
    assert _no_name_in_bytes(home) == []
    old = encryption.find_key(home)
    assert old is not None and not (home / "encryption.key.next").exists()

    second = _cli("rotate-key", "--home", str(home), home=home)
    assert second.returncode == 0, second.stdout + second.stderr
    new = encryption.find_key(home)
    assert new not in (None, old)
    for name in ("warehouse.duckdb", "serving.duckdb", "analyst.duckdb"):
        with encryption.connect(home / name, read_only=True) as con:
            assert con.execute("select n from marts.people_count").fetchone()[0] == 5000
        with pytest.raises(EncryptionKeyError, match="cannot be opened"):
            encryption.connect(home / name, read_only=True, key=old)
    # Each rotation renames the object by the new key; the manifest follows.
    (renamed,) = raw_archive.entries(home)
    assert renamed.sha256 not in (
        entry.sha256,
        old.archive_name(hashlib.sha256(NAME.encode() * 20).hexdigest()),
    )
    assert [p.stem for p in (home / "archive" / "objects").glob("*/*.gz")] == [renamed.sha256]
    assert raw_archive.read(home, renamed) == NAME.encode() * 20
    with pytest.raises(EncryptionKeyError):
        raw_archive.read(home, renamed, key=old)
    assert _no_name_in_bytes(home) == []


def test_rotate_key_with_the_key_in_the_environment_needs_the_new_one_there(
    tmp_path: Path,
) -> None:
    refused = _cli(
        "rotate-key", "--home", str(tmp_path), home=tmp_path, **{encryption.KEY_ENV: SECRET}
    )
    assert refused.returncode == 2 and "TALENTLOOP_NEW_ENCRYPTION_KEY" in refused.stdout
    assert "Traceback" not in refused.stdout + refused.stderr


@pytest.mark.slow
def test_an_encrypted_build_leaves_no_name_in_the_home_and_serves_with_the_key(
    tmp_path: Path,
) -> None:
    landing, home = tmp_path / "landing", tmp_path / "home"
    generate(landing, 300, seed=17)
    _plant(landing)
    home.mkdir()
    encryption.write_key_file(encryption.key_file_path(home), SECRET)
    built, seen = _build_watching_environments(landing, home)
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    # While it ran, no process of the build held the key in its environment or command line
    # (readable by any process of the same user in /proc), dbt included.
    assert seen["dbt"] > 0, "the watcher never saw dbt run: it proved nothing"
    assert seen["leaks"] == [], seen["leaks"]
    published = [home / n for n in ("warehouse.duckdb", "serving.duckdb", "analyst.duckdb")]
    assert all(p.is_file() for p in published)
    assert list((home / "archive" / "objects").glob("*/*.gz"))
    # No file under the home holds the name: DuckDB files, archive objects, dbt's and
    # Dagster's files alike (the plain build's files do: tests/security/test_erasure.py).
    assert _no_name_in_bytes(home) == []

    # The app's serving layer reads the encrypted copy with the home's key.
    with serving.connect(home / "serving.duckdb") as con:
        assert con.execute("select count(*) from marts.dim_employee").fetchone()[0] > 0
    checked = _cli("check", "--home", str(home), home=home)
    assert checked.returncode in (0, 1) and "Data quality" in checked.stdout, checked.stdout

    # A wrong key: a clear refusal naming the file, no traceback.
    wrong = _cli("check", "--home", str(home), home=home, TALENTLOOP_ENCRYPTION_KEY="x" * 20)
    assert wrong.returncode == 2, wrong.stdout + wrong.stderr
    assert "warehouse.duckdb" in wrong.stdout and "Traceback" not in wrong.stdout + wrong.stderr

    old = encryption.find_key(home)
    rotated = _cli("rotate-key", "--home", str(home), home=home)
    assert rotated.returncode == 0, rotated.stdout + rotated.stderr
    with serving.connect(home / "serving.duckdb") as con:
        assert con.execute("select count(*) from marts.dim_employee").fetchone()[0] > 0
    for path in published:
        with pytest.raises(EncryptionKeyError, match=path.name):
            encryption.connect(path, read_only=True, key=old)
    assert _no_name_in_bytes(home) == []
    # The next build writes with the new key.
    again = _cli("build", "--landing", str(landing), "--home", str(home), home=home)
    assert again.returncode == 0, again.stdout[-3000:] + again.stderr[-3000:]


def test_spill_files_of_an_encrypted_file_are_encrypted_and_stay_beside_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sort past memory_limit spills rows to temporary files; on an encrypted home they hold
    no name either (DuckDB's temp_file_encryption), and they are written in the home, not in
    the working directory. Read while the query runs: DuckDB deletes them when it ends."""
    monkeypatch.setenv(encryption.KEY_ENV, SECRET)
    monkeypatch.chdir(tmp_path)
    home = tmp_path / "home"
    home.mkdir()
    path = home / "warehouse.duckdb"
    config = {"memory_limit": "100MB", "threads": "1", "preserve_insertion_order": "false"}
    needle = NAME.encode()
    seen: set[Path] = set()
    holding: set[Path] = set()
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            for spill in tmp_path.rglob("*"):
                if spill.is_file() and spill.suffix != ".duckdb" and ".wal" not in spill.name:
                    seen.add(spill)
                    with contextlib.suppress(OSError):
                        if needle in spill.read_bytes():
                            holding.add(spill)
            time.sleep(0.02)

    with encryption.connect(path, config=config) as con:
        con.execute(
            f"create table people as select '{NAME}' || range || repeat('z', 300) as name,"
            " random() as r from range(1500000)"
        )
        watcher = threading.Thread(target=watch)
        watcher.start()
        try:
            con.execute("create table sorted as select name, r from people order by r")
        finally:
            done.set()
            watcher.join()
    assert seen, "the sort did not spill: raise the rows or lower memory_limit"
    assert all(encryption.spill_directory(path) in p.parents for p in seen), sorted(seen)
    assert holding == set()
