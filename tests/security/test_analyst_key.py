"""The pseudonym key: no default, refused when unsafe, owner-only when generated, and the keyed
hash the same in Python (dashboards) and SQL (publishing)."""

from __future__ import annotations

import hashlib
import hmac
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from ingest.pseudonyms import (
    KEY_ENV,
    KEY_FILE_ENV,
    KEY_FILE_NAME,
    RETIRED_DEFAULT_KEY,
    PseudonymKeyError,
    ensure_key_file,
    find_key,
    load_key,
    pid_param_list,
    pid_params,
    pid_sql,
    pseudonym,
)
from sample_enterprise import generate


@pytest.fixture(autouse=True)
def no_configured_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(KEY_ENV, raising=False)
    monkeypatch.delenv(KEY_FILE_ENV, raising=False)


def test_no_key_is_refused_with_a_message_naming_the_variable_and_the_file(tmp_path: Path) -> None:
    assert find_key(tmp_path) is None
    with pytest.raises(PseudonymKeyError) as err:
        load_key(tmp_path)
    assert KEY_ENV in str(err.value) and str(tmp_path / KEY_FILE_NAME) in str(err.value)


def test_the_retired_default_and_short_keys_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(KEY_ENV, RETIRED_DEFAULT_KEY)
    with pytest.raises(PseudonymKeyError, match="retired"):
        load_key(tmp_path)
    monkeypatch.setenv(KEY_ENV, "short")
    with pytest.raises(PseudonymKeyError, match="shorter"):
        load_key(tmp_path)
    monkeypatch.setenv(KEY_ENV, "an-installation-secret-key")
    assert load_key(tmp_path) == b"an-installation-secret-key"


def test_a_key_file_readable_by_others_is_refused(tmp_path: Path) -> None:
    path = tmp_path / KEY_FILE_NAME
    path.write_text("a-secret-in-a-world-readable-file\n")
    path.chmod(0o644)
    with pytest.raises(PseudonymKeyError, match="chmod 600"):
        load_key(tmp_path)
    path.chmod(0o600)
    assert load_key(tmp_path) == b"a-secret-in-a-world-readable-file"


def test_the_key_file_may_live_elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    elsewhere = tmp_path / "secrets" / "talentloop.key"
    monkeypatch.setenv(KEY_FILE_ENV, str(elsewhere))
    assert ensure_key_file(tmp_path / "home") == elsewhere
    assert not (tmp_path / "home" / KEY_FILE_NAME).exists()
    assert load_key(tmp_path / "home") == elsewhere.read_bytes().strip()


def test_a_generated_key_is_random_and_owner_only_and_kept(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    path = ensure_key_file(first)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    key = load_key(first)
    assert len(key) == 64 and key != RETIRED_DEFAULT_KEY.encode()
    assert ensure_key_file(first) == path and load_key(first) == key  # never replaced
    ensure_key_file(second)
    assert load_key(second) != key


def test_the_sql_hash_is_hmac_sha256(tmp_path: Path) -> None:
    ids = ["00012345", "１２３４５", "XY0012345", None]
    for key in (b"k" * 16, b"x" * 200, "密钥-secret-key-01".encode()):
        want = [
            None if i is None else hmac.new(key, i.encode(), hashlib.sha256).hexdigest()[:16]
            for i in ids
        ]
        with duckdb.connect() as con:
            con.execute("create table t (i int, v varchar)")
            con.executemany("insert into t values (?, ?)", list(enumerate(ids)))
            named = con.execute(
                f"select {pid_sql('v')} from t order by i", pid_params(key)
            ).fetchall()
            positional = con.execute(
                f"select {pid_sql('v', positional=True)} from t order by i", pid_param_list(key)
            ).fetchall()
        assert [r[0] for r in named] == want == [r[0] for r in positional]
        assert [pseudonym(i, key) for i in ids if i] == [w for w in want if w]


def _cli_build(landing: Path, home: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TALENTLOOP_")}
    return subprocess.run(
        [sys.executable, "-m", "orchestration.cli", "build"]
        + ["--landing", str(landing), "--home", str(home)],
        capture_output=True,
        text=True,
        env={**env, "COLUMNS": "300"},
        timeout=600,
    )


def test_a_production_build_without_a_key_refuses_to_run(tmp_path: Path) -> None:
    """A landing that is not a generated sample (no `_truth/`) gets no key made up for it: the
    build stops before loading anything and says how to configure one."""
    landing, home = tmp_path / "landing", tmp_path / "home"
    generate(landing, 50, seed=2)
    shutil.rmtree(landing / "_truth")
    proc = _cli_build(landing, home)
    assert proc.returncode == 2, proc.stdout[-2000:] + proc.stderr[-2000:]
    out = " ".join(proc.stdout.split())
    assert "not built" in out and KEY_ENV in out and KEY_FILE_NAME in out
    assert not (home / KEY_FILE_NAME).exists()
    assert not (home / "warehouse.duckdb").exists() and not (home / "serving.duckdb").exists()
