"""What an insider finds in the published files, read as raw bytes, after a real build.

A generated enterprise gets distinctive strings planted in its landing files: a person's name
and national-ID hash, a row the ingest quarantines (its payload is dropped before publishing) and
a free-text exit reason. `talentloop build` then runs end to end (ingest, dbt, models, checks,
publish) in a subprocess with a demo key. The tests search the bytes of serving.duckdb and
analyst.duckdb for what publishing must leave out, every file of the home and the build's output
for the key, and try to reverse the analysts' pseudonyms with the retired default key and with
every key-like string the published files contain. Each search has a positive control: the
planted strings are in the build's own file, and the real key does reverse the pseudonyms, so a
search that cannot find anything would fail.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import subprocess
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from ingest.pseudonyms import KEY_FILE_NAME, RETIRED_DEFAULT_KEY, pid_params, pseudonym
from orchestration.analyst_file import FORBIDDEN_COLUMNS
from sample_enterprise import generate

PLANTED_NAME = b"PlantedNameQz7Wv"
PLANTED_NID = b"c0ffee00" * 8  # a 64-hex national-ID hash
PLANTED_PAYLOAD = b"QuarantinePayloadXk3Jd"
PLANTED_FREE_TEXT = b"FreeTextExitReasonMp4Rt"


@dataclass(frozen=True)
class Published:
    home: Path
    landing: Path
    build: subprocess.CompletedProcess

    @property
    def serving(self) -> Path:
        return self.home / "serving.duckdb"

    @property
    def analyst(self) -> Path:
        return self.home / "analyst.duckdb"

    @property
    def warehouse(self) -> Path:
        return self.home / "warehouse.duckdb"

    @property
    def key(self) -> bytes:
        return (self.home / KEY_FILE_NAME).read_bytes().strip()


def _number(raw: bytes) -> int | None:
    """An HR employee number as written (full-width, `.0`, padded), or None."""
    text = unicodedata.normalize("NFKC", raw.decode("gbk", errors="ignore")).strip()
    digits = text.removesuffix(".0").lstrip("\ufeff")
    return int(digits) if digits.isdigit() else None


def _ids(path: Path) -> set[int | None]:
    lines = path.read_bytes().splitlines()[1:]
    return {_number(line.split(b",")[0]) for line in lines if line.strip()}


def _rewrite(path: Path, edit) -> None:
    """Edit a landing CSV line by line as bytes: its files are GBK or UTF-8, and a comma or a
    newline byte is never part of a GBK character, so ASCII edits keep the file's encoding."""
    lines = path.read_bytes().split(b"\n")
    path.write_bytes(b"\n".join(edit(lines)))


def plant(landing: Path) -> None:
    hr = landing / "hr_employees"
    active = next(hr.glob("hr_employees_active_*.csv"))
    # People HR corrected or re-sent: their planted value could be replaced by the later record.
    resent = set().union(
        *(_ids(p) for p in hr.glob("*.csv") if "corrections" in p.name or "resent" in p.name)
    )

    def plant_person(lines: list[bytes]) -> list[bytes]:
        header = lines[0].decode("utf-8-sig").strip().split(",")
        col = {name: i for i, name in enumerate(header)}
        for i, line in enumerate(lines[1:], start=1):
            fields = line.split(b",")
            if len(fields) != len(header) or fields[col["ai_candidate_id"]].strip():
                continue
            if _number(fields[col["employee_id"]]) in resent | {None}:
                continue
            fields[col["name"]] = PLANTED_NAME
            fields[col["national_id_hash"]] = PLANTED_NID
            lines[i] = b",".join(fields)
            # A new person whose birth date is not a date: quarantined, payload and all.
            bad = list(fields)
            bad[col["employee_id"]] = b"09999999"
            bad[col["name"]] = PLANTED_PAYLOAD
            bad[col["birth_date"]] = b"not-a-date"
            ending = b"\r" if line.endswith(b"\r") else b""
            last = len(lines) - 1 if lines[-1] == b"" else len(lines)
            lines.insert(last, b",".join(bad).rstrip(b"\r") + ending)
            return lines
        raise AssertionError("no HR row to plant in")

    _rewrite(active, plant_person)
    exits = sorted((landing / "exits").glob("*.csv"))[-2]

    def plant_reason(lines: list[bytes]) -> list[bytes]:
        header = lines[0].decode("utf-8-sig").strip().split(",")
        col = {name: i for i, name in enumerate(header)}
        for i, line in enumerate(lines[1:], start=1):
            fields = line.split(b",")
            if len(fields) == len(header) and fields[col["reason_text"]].strip():
                if _number(fields[col["employee_id"]]) in resent | {None}:
                    continue
                fields[col["reason_text"]] = PLANTED_FREE_TEXT
                lines[i] = b",".join(fields)
                return lines
        raise AssertionError("no exit reason to plant in")

    _rewrite(exits, plant_reason)


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Published:
    root = tmp_path_factory.mktemp("planted")
    landing, home = root / "landing", root / "home"
    generate(landing, 300, seed=11)
    plant(landing)
    env = {k: v for k, v in os.environ.items() if not k.startswith("TALENTLOOP_")}
    build = subprocess.run(
        [sys.executable, "-m", "orchestration.cli", "build", "--verbose"]
        + ["--landing", str(landing), "--home", str(home)],
        capture_output=True,
        text=True,
        env={**env, "TALENTLOOP_HOME": str(home), "COLUMNS": "200"},
        timeout=1800,
    )
    assert build.returncode == 0, build.stdout[-4000:] + build.stderr[-4000:]
    return Published(home, landing, build)


def _query(path: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql).fetchall()


# --- positive controls: the planted strings reached the build -------------------------------


def test_the_planted_strings_reached_the_build(published: Published) -> None:
    wh = published.warehouse
    assert (
        _query(
            wh,
            f"select count(*) from marts.dim_employee where employee_name = '{PLANTED_NAME.decode()}'",
        )[0][0]
        > 0
    )
    assert (
        _query(
            wh,
            f"select count(*) from marts.dim_employee where national_id_hash = '{PLANTED_NID.decode()}'",
        )[0][0]
        > 0
    )
    assert (
        _query(
            wh,
            f"select count(*) from raw.quarantine where contains(payload, '{PLANTED_PAYLOAD.decode()}')",
        )[0][0]
        == 1
    )
    assert (
        _query(
            wh,
            f"select count(*) from marts.fct_employment_events where exit_reason_text = '{PLANTED_FREE_TEXT.decode()}'",
        )[0][0]
        == 1
    )
    # The byte search finds them where they are: in the build's own file.
    data = wh.read_bytes()
    for planted in (PLANTED_NAME, PLANTED_NID, PLANTED_PAYLOAD, PLANTED_FREE_TEXT):
        assert planted in data, planted


# --- dropped columns and free text leave no bytes behind -------------------------------------


def test_dropped_payload_and_free_text_are_in_no_published_byte(published: Published) -> None:
    for path in (published.serving, published.analyst):
        data = path.read_bytes()
        assert PLANTED_PAYLOAD not in data, path.name
        assert PLANTED_FREE_TEXT not in data, path.name
    # The serving copy keeps the quarantine's bookkeeping (file, line, rule), not the row.
    rows = _query(published.serving, "select file, line, rule from raw.quarantine")
    assert rows and "payload" not in {
        c
        for (c,) in _query(
            published.serving,
            "select column_name from duckdb_columns() where table_name = 'quarantine'",
        )
    }


def test_the_analyst_file_holds_no_name_national_id_or_birth_date(published: Published) -> None:
    data = published.analyst.read_bytes()
    assert PLANTED_NAME not in data and PLANTED_NID not in data
    # No national-ID hash of anyone, nor any employee's birth date as text.
    hashes = _query(
        published.warehouse,
        "select distinct national_id_hash from marts.dim_employee where national_id_hash is not null",
    )
    assert len(hashes) > 100
    assert not [h for (h,) in hashes if h.encode() in data]
    columns = {
        c
        for (c,) in _query(
            published.analyst, "select column_name from duckdb_columns() where not internal"
        )
    }
    assert not columns & FORBIDDEN_COLUMNS
    assert {"employee_pid", "age_band"} <= columns
    bands = {
        b
        for (b,) in _query(published.analyst, "select distinct age_band from analyst.dim_employee")
    }
    assert bands <= {"<25", "25-34", "35-44", "45-54", "55+", "unknown"}
    # Only tables, and one view that reads them: nothing in the file reads the build's marts.
    views = _query(
        published.analyst, "select view_name, sql from duckdb_views() where not internal"
    )
    assert [v for v, _ in views] == ["fct_headcount_monthly"]
    assert "marts" not in views[0][1] and "warehouse" not in views[0][1]


def test_the_serving_copy_keeps_names_for_the_dashboards_but_no_analyst_schema(
    published: Published,
) -> None:
    # Dashboards read serving.duckdb (HR sees names in scope); analysts never open it.
    assert PLANTED_NAME in published.serving.read_bytes()
    schemas = {s for (s,) in _query(published.serving, "select schema_name from duckdb_schemas()")}
    assert "analyst" not in schemas and "staging" not in schemas and "intermediate" not in schemas


# --- the key ---------------------------------------------------------------------------------


def test_the_demo_key_is_random_and_owner_only(published: Published) -> None:
    path = published.home / KEY_FILE_NAME
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(published.key) >= 32 and published.key != RETIRED_DEFAULT_KEY.encode()


def test_the_key_is_in_no_file_of_the_home_nor_the_build_output(published: Published) -> None:
    key = published.key
    pads = pid_params(key)
    secrets_ = [key, key.hex().encode(), pads["pid_ipad"], pads["pid_opad"]]
    searched = 0
    for path in published.home.rglob("*"):
        if not path.is_file() or path.name == KEY_FILE_NAME:
            continue
        data = path.read_bytes()
        searched += 1
        for secret in secrets_:
            assert secret not in data, f"the key is in {path}"
    # The warehouse, both published files, dbt's manifest and logs, Dagster's storage, alerts.
    assert searched > 10
    for name in ("manifest.json", "dbt.log"):
        assert list(published.home.rglob(name)), name
    out = (published.build.stdout + published.build.stderr).encode()
    assert key not in out
    # Nor in any SQL text the published files hold.
    for path in (published.serving, published.analyst):
        for (sql,) in _query(path, "select sql from duckdb_views() where sql is not null"):
            assert key.decode() not in sql
    # dbt never gets it: no variable of the project names it.
    project = (Path(__file__).resolve().parents[2] / "dbt_project" / "dbt_project.yml").read_text()
    assert "pseudonym_key" not in project


# --- reversing the pseudonyms ----------------------------------------------------------------


def _old_scheme(key: str, employee_key: str) -> str:
    return hashlib.sha256(f"{key}|{employee_key}".encode()).hexdigest()[:16]


def test_pseudonyms_reverse_with_the_real_key_only(published: Published) -> None:
    keys = [
        k
        for (k,) in _query(
            published.warehouse, "select distinct employee_key from marts.dim_employee"
        )
    ]
    pids = {
        p
        for (p,) in _query(
            published.analyst, "select distinct employee_pid from analyst.dim_employee"
        )
    }
    assert len(pids) == len(keys) > 100
    # Control: whoever holds the key maps every employee number to its pseudonym.
    assert {pseudonym(k, published.key) for k in keys} == pids
    # The retired default key reverses nothing, in the old scheme (SHA-256 of key|id) or HMAC.
    old = RETIRED_DEFAULT_KEY
    assert not {_old_scheme(old, k) for k in keys} & pids
    assert not {pseudonym(k, old.encode()) for k in keys} & pids
    # Nor does any key-like string the published files hold (every printable run of 16+ bytes).
    tokens: set[bytes] = set()
    for path in (published.serving, published.analyst):
        tokens |= set(re.findall(rb"[\x21-\x7e]{16,200}", path.read_bytes()))
    assert len(tokens) > 100
    sample = keys[:20]
    for token in tokens:
        text = token.decode("ascii")
        assert not {pseudonym(k, token) for k in sample} & pids, token
        assert not {_old_scheme(text, k) for k in sample} & pids, token
