"""Publishing swaps a prepared copy in atomically and never leaves a half-written serving file."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from orchestration.publish import PublishError, publish


def _make_warehouse(path: Path, marker: int, rows: int = 10) -> None:
    con = duckdb.connect(str(path))
    con.execute("create schema if not exists marts")
    con.execute("create schema if not exists raw")
    con.execute("create schema if not exists staging")
    con.execute("create schema if not exists analyst")
    con.execute(f"create or replace table marts.build_marker as select {marker} as marker")
    con.execute(
        f"create or replace table marts.big as select range as i, md5(range::varchar) as h from range({rows})"
    )
    con.execute("create or replace table raw.hr_employees as select 'name' as name")
    con.execute(
        "create or replace table raw.quarantine as select 'l1' as load_id, 'hr_employees' as source, "
        "'f.csv' as file, 2 as line, 'bad_type' as rule, 'x' as field, 'm' as message, 'secret' as payload"
    )
    con.execute("create or replace view staging.v as select 1 as x")
    catalog = path.stem
    con.execute(
        f'create or replace view analyst.marker as select * from "{catalog}"."marts"."build_marker"'
    )
    con.close()


def _marker(serving: Path) -> int:
    con = duckdb.connect(str(serving), read_only=True)
    try:
        return con.execute("select marker from analyst.marker").fetchall()[0][0]
    finally:
        con.close()


def test_publish_prepares_copy_for_readers(tmp_path: Path) -> None:
    wh, serving = tmp_path / "warehouse.duckdb", tmp_path / "serving.duckdb"
    _make_warehouse(wh, marker=1)
    result = publish(wh, serving)
    assert result.serving_path == serving and serving.exists()
    assert _marker(serving) == 1  # the view works although the file has another name
    con = duckdb.connect(str(serving), read_only=True)
    tables = {
        (s, t)
        for s, t in con.execute("select schema_name, table_name from duckdb_tables()").fetchall()
    }
    cols = [
        r[0]
        for r in con.execute(
            "select column_name from duckdb_columns() where table_name = 'quarantine'"
        ).fetchall()
    ]
    schemas = {r[0] for r in con.execute("select schema_name from duckdb_schemas()").fetchall()}
    con.close()
    assert ("raw", "hr_employees") not in tables  # delivered records stay in the build's file
    assert ("raw", "quarantine") in tables and "payload" not in cols
    assert "staging" not in schemas
    assert not list(tmp_path.glob(".serving.publishing-*"))


def test_republish_replaces_and_open_reader_keeps_old_copy(tmp_path: Path) -> None:
    wh, serving = tmp_path / "warehouse.duckdb", tmp_path / "serving.duckdb"
    _make_warehouse(wh, marker=1)
    publish(wh, serving)
    reader = duckdb.connect(str(serving), read_only=True)
    _make_warehouse(wh, marker=2)
    publish(wh, serving)
    # A reader that opened the old copy still reads it consistently; new readers see the new one.
    assert reader.execute("select marker from marts.build_marker").fetchall()[0][0] == 1
    reader.close()
    assert _marker(serving) == 2


def test_publish_killed_midway_keeps_previous_copy(tmp_path: Path) -> None:
    wh, serving = tmp_path / "warehouse.duckdb", tmp_path / "serving.duckdb"
    _make_warehouse(wh, marker=1)
    publish(wh, serving)
    _make_warehouse(wh, marker=2, rows=3_000_000)
    code = (
        "import sys; from pathlib import Path; from orchestration.publish import publish; "
        "publish(Path(sys.argv[1]), Path(sys.argv[2]))"
    )
    proc = subprocess.Popen([sys.executable, "-c", code, str(wh), str(serving)])
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".serving.publishing-*")) and time.monotonic() < deadline:
        time.sleep(0.001)
    proc.send_signal(signal.SIGKILL)  # killed while its temporary copy is being written
    proc.wait()
    assert list(tmp_path.glob(".serving.publishing-*")), "the publish was not caught midway"
    assert _marker(serving) == 1  # the previous copy is intact and readable
    # The next publish clears the killed one's temporary file and succeeds.
    publish(wh, serving)
    assert _marker(serving) == 2
    assert not list(tmp_path.glob(".serving.publishing-*"))


def test_a_view_reading_a_build_only_schema_is_not_published(tmp_path: Path) -> None:
    wh, serving = tmp_path / "warehouse.duckdb", tmp_path / "serving.duckdb"
    _make_warehouse(wh, marker=1)
    publish(wh, serving)
    _make_warehouse(wh, marker=2)
    con = duckdb.connect(str(wh))
    con.execute("create view marts.needs_staging as select x from staging.v")
    con.close()
    # staging stays in the build's file, so the view would fail in front of a reader.
    with pytest.raises(PublishError, match="marts.needs_staging"):
        publish(wh, serving)
    assert _marker(serving) == 1
    assert not list(tmp_path.glob(".serving.publishing-*"))
