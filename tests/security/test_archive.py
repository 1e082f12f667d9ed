"""The raw archive: every loaded landing file kept in the home (content-addressed, gzip,
owner-only), purged by the scheduled Dagster job after its retention with a log of what went,
and `talentloop build --from-archive` rebuilding a warehouse equal to the original."""

from __future__ import annotations

import gzip
import os
import shutil
import stat
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from ingest import raw_archive
from ingest.contract import SOURCES
from orchestration.defs.retention import archive_purge_job
from orchestration.resources import WarehouseResource
from sample_enterprise import generate

TALENTLOOP = [sys.executable, "-m", "orchestration.cli"]
NOW = datetime(2026, 6, 30, tzinfo=UTC)


def test_archive_is_content_addressed_compressed_and_owner_only(tmp_path: Path) -> None:
    data = b"employee_id,name\n1,Anna\n" * 50
    first = raw_archive.archive(tmp_path, "hr_employees", "hr_employees/a.csv", data)
    again = raw_archive.archive(tmp_path, "hr_employees", "hr_employees/a.csv", data)
    assert first == again and len(raw_archive.entries(tmp_path)) == 1
    objects = list((tmp_path / "archive" / "objects").glob("*/*.gz"))
    assert [o.name for o in objects] == [f"{first.sha256}.gz"]
    assert gzip.decompress(objects[0].read_bytes()) == data
    assert objects[0].stat().st_size < len(data)
    assert stat.S_IMODE(objects[0].stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "archive").stat().st_mode) == 0o700


def test_restore_keeps_every_delivery_of_a_path(tmp_path: Path) -> None:
    old = raw_archive.archive(tmp_path, "exits", "exits/e.csv", b"v1\n", now=NOW - timedelta(1))
    raw_archive.archive(tmp_path, "exits", "exits/e.csv", b"v2\n", now=NOW)
    dest = tmp_path / "restored"
    raw_archive.restore(tmp_path, dest)
    assert (dest / "exits" / "e.csv").read_bytes() == b"v2\n"
    assert (dest / "exits" / f"e~{old.sha256[:8]}.csv").read_bytes() == b"v1\n"


def test_the_scheduled_job_purges_past_retention_and_logs_it(tmp_path: Path) -> None:
    old = raw_archive.archive(tmp_path, "exits", "exits/old.csv", b"old\n", now=NOW - timedelta(91))
    new = raw_archive.archive(tmp_path, "exits", "exits/new.csv", b"new\n", now=NOW - timedelta(89))
    (tmp_path / "talentloop.toml").write_text("[archive]\nretention_days = 90\n")
    instance = dg.DagsterInstance.ephemeral()
    # The job measures age from today: shift the test's "now" to today.
    shift = datetime.now(UTC) - NOW
    raw_archive._write_manifest(
        tmp_path,
        [
            raw_archive.Entry(e.sha256, e.source, e.file, (e.archived + shift).isoformat())
            for e in raw_archive.entries(tmp_path)
        ],
    )
    result = archive_purge_job.execute_in_process(
        instance=instance,
        resources={
            "warehouse": WarehouseResource(
                path=str(tmp_path / "warehouse.duckdb"), landing=str(tmp_path), home=str(tmp_path)
            )
        },
    )
    assert result.success and result.output_for_node("purge_archive") == 1
    assert [e.file for e in raw_archive.entries(tmp_path)] == [new.file]
    assert not list((tmp_path / "archive" / "objects").glob(f"*/{old.sha256}.gz"))
    logs = " ".join(r.user_message for r in instance.all_logs(result.run_id) if r.user_message)
    assert "purged exits exits/old.csv" in logs


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TALENTLOOP_")}
    return {**env, "TALENTLOOP_HOME": str(home), "COLUMNS": "200"}


def _fingerprints(db: Path) -> dict[str, tuple]:
    """Per raw table and a few marts: row count and a hash of every row but load lineage."""
    tables = [f"raw.{s}" for s in SOURCES] + [
        "marts.dim_employee",
        "marts.fct_headcount_segments",
        "marts.fct_employment_events",
    ]
    out = {}
    with duckdb.connect(str(db), read_only=True) as con:
        for table in tables:
            cols = [
                c
                for (c,) in con.execute(
                    "select column_name from duckdb_columns() where schema_name || '.' || "
                    "table_name = ? and column_name not in ('_load_id', '_loaded_at')",
                    [table],
                ).fetchall()
            ]
            select = ", ".join(f'"{c}"' for c in cols)
            out[table] = con.execute(
                f"select count(*), sum(hash({select})) from (select {select} from {table})"
            ).fetchone()
    return out


def _split_into_non_utf8_name(landing: Path) -> str:
    """Move the second half of an exits file into a file whose name is not valid UTF-8 (the
    archive must keep and restore the name's bytes); returns the name as the manifest shows it."""
    source = sorted((landing / "exits").glob("*.csv"))[0]
    lines = source.read_bytes().splitlines(keepends=True)
    half = 1 + (len(lines) - 1) // 2
    source.write_bytes(b"".join(lines[:half]))
    name = os.fsdecode(b"exits_caf\xe9_\xff.csv")  # Latin-1 bytes
    (landing / "exits" / name).write_bytes(lines[0] + b"".join(lines[half:]))
    return "exits/exits_caf\\xe9_\\xff.csv"


@pytest.mark.slow
def test_a_build_from_the_archive_equals_the_original(tmp_path: Path) -> None:
    landing, home = tmp_path / "landing", tmp_path / "home"
    generate(landing, 300, seed=11)
    odd_name = _split_into_non_utf8_name(landing)
    build = [*TALENTLOOP, "build", "--landing", str(landing), "--home", str(home)]
    first = subprocess.run(build, capture_output=True, text=True, env=_env(home), timeout=1800)
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    with duckdb.connect(str(home / "warehouse.duckdb"), read_only=True) as con:
        delivered = set(
            con.execute(
                "select file from raw.load_manifest where status in ('loaded', 'rejected')"
            ).fetchall()
        )
    assert {(f,) for f in raw_archive.archived_files(home)} == delivered
    assert (odd_name,) in delivered
    original = _fingerprints(home / "warehouse.duckdb")
    shutil.rmtree(landing)  # the customer's folder is gone: only the archive remains
    again = subprocess.run(
        [*TALENTLOOP, "build", "--from-archive", "--home", str(home)],
        capture_output=True,
        text=True,
        env=_env(home),
        timeout=1800,
    )
    assert again.returncode == 0, again.stdout[-3000:] + again.stderr[-3000:]
    assert _fingerprints(home / "warehouse.duckdb") == original
    assert not raw_archive.restore_dir(home).exists()


def test_a_non_utf8_named_file_survives_the_archive_with_equal_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The ingest hands each file's bytes to the archive (no second read by a name the manifest
    shows escaped); restore writes it back under its own bytes' name. Encrypted, as a bank's."""
    from functools import partial

    from ingest.contract import REFERENCE_SOURCES
    from ingest.load import load_source

    monkeypatch.setenv("TALENTLOOP_ENCRYPTION_KEY", "a-test-archive-secret-01")
    landing, home = tmp_path / "landing", tmp_path / "home"
    generate(landing, 100, seed=3)
    odd_name = _split_into_non_utf8_name(landing)

    def load(folder: Path, db: Path, archive: bool) -> list[tuple]:
        with duckdb.connect(str(db)) as con:
            for source in [*REFERENCE_SOURCES, "hr_employees", "exits"]:
                keep = partial(raw_archive.archive_prepared, home, source) if archive else None
                load_source(con, folder, source, load_id="l1", archive=keep)
            return con.execute(
                "select source, file, status, rows_read, rows_loaded, rows_quarantined "
                "from raw.load_manifest order by source, file"
            ).fetchall()

    original = load(landing, tmp_path / "a.duckdb", archive=True)
    assert odd_name in raw_archive.archived_files(home)
    raw_archive.restore(home, tmp_path / "restored")
    assert load(tmp_path / "restored", tmp_path / "b.duckdb", archive=False) == original
    assert any(row[1] == odd_name and row[4] > 0 for row in original)
