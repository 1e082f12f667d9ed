"""Publishing swaps a prepared copy in atomically and never leaves a half-written serving file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from ingest.pseudonyms import PseudonymKeyError, pseudonym
from orchestration.analyst_file import AnalystFileError
from orchestration.publish import PublishError, publish

KEY = b"a-test-key-of-32-characters-0001"


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
    # dbt names the build file's catalog in every view it writes.
    con.execute(
        f'create or replace view marts.marker_view as select * from "{catalog}"."marts"."build_marker"'
    )
    con.execute(
        "create or replace table marts.people as select '00000001' as employee_key, "
        "'00000001' as employee_pid"
    )
    con.execute(
        f'create or replace view analyst.marker as select * from "{catalog}"."marts"."build_marker"'
    )
    con.execute(
        "create or replace view analyst.people as "
        f'select employee_pid, 1 as n from "{catalog}"."marts"."people"'
    )
    con.execute(
        "create or replace view analyst.people_count as "
        f'select count(*) as n from "{catalog}"."analyst"."people"'
    )
    con.close()


def _marker(serving: Path) -> int:
    con = duckdb.connect(str(serving), read_only=True)
    try:
        return con.execute("select marker from marts.marker_view").fetchall()[0][0]
    finally:
        con.close()


def _analyst_marker(analyst: Path) -> int:
    con = duckdb.connect(str(analyst), read_only=True)
    try:
        return con.execute("select marker from analyst.marker").fetchall()[0][0]
    finally:
        con.close()


def test_publish_prepares_copy_for_readers(tmp_path: Path) -> None:
    wh, serving = tmp_path / "warehouse.duckdb", tmp_path / "serving.duckdb"
    _make_warehouse(wh, marker=1)
    result = publish(wh, serving, key=KEY)
    assert result.serving_path == serving and serving.exists()
    assert _marker(serving) == 1  # the view works although the file has another name
    assert result.analyst_path == tmp_path / "analyst.duckdb"
    assert _analyst_marker(result.analyst_path) == 1
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
    assert "staging" not in schemas and "analyst" not in schemas  # analysts have their own file
    assert not list(tmp_path.glob(".serving.publishing-*"))
    assert not list(tmp_path.glob(".analyst.publishing-*"))


def test_analyst_file_holds_tables_with_keyed_pseudonyms(tmp_path: Path) -> None:
    wh, serving = tmp_path / "warehouse.duckdb", tmp_path / "serving.duckdb"
    _make_warehouse(wh, marker=1)
    publish(wh, serving, key=KEY)
    with duckdb.connect(str(tmp_path / "analyst.duckdb"), read_only=True) as con:
        kinds = dict(
            con.execute(
                "select table_name, 'table' from duckdb_tables() union all "
                "select view_name, 'view' from duckdb_views() where not internal"
            ).fetchall()
        )
        pid = con.execute("select employee_pid from analyst.people").fetchall()[0][0]
        schemas = {r[0] for r in con.execute("select schema_name from duckdb_schemas()").fetchall()}
    # Materialised at publish: no view over the marts (they are not in the file).
    assert kinds == {"marker": "table", "people": "table", "people_count": "table"}
    assert "analyst" not in schemas  # the file's own name is the catalog: analyst.x resolves
    assert pid == pseudonym("00000001", KEY) and pid != "00000001"
    # The serving copy's pseudonyms are hashed with the same key, the employee number kept.
    with duckdb.connect(str(serving), read_only=True) as con:
        assert con.execute("select employee_key, employee_pid from marts.people").fetchall() == [
            ("00000001", pseudonym("00000001", KEY))
        ]
    for path in (serving, tmp_path / "analyst.duckdb"):
        assert KEY not in path.read_bytes()


def test_analyst_view_over_the_analyst_schema_stays_a_view(tmp_path: Path) -> None:
    from orchestration import analyst_file

    wh, serving = tmp_path / "warehouse.duckdb", tmp_path / "serving.duckdb"
    _make_warehouse(wh, marker=1)
    kept = analyst_file.KEPT_AS_VIEWS
    analyst_file.KEPT_AS_VIEWS = frozenset({"people_count"})
    try:
        publish(wh, serving, key=KEY)
    finally:
        analyst_file.KEPT_AS_VIEWS = kept
    with duckdb.connect(str(tmp_path / "analyst.duckdb"), read_only=True) as con:
        sql = con.execute("select sql from duckdb_views() where view_name = 'people_count'")
        text = sql.fetchall()[0][0]
        assert con.execute("select n from people_count").fetchall() == [(1,)]
    assert "warehouse" not in text and "analyst" not in text


def test_an_identifying_column_in_the_analyst_schema_stops_publishing(tmp_path: Path) -> None:
    wh, serving = tmp_path / "warehouse.duckdb", tmp_path / "serving.duckdb"
    _make_warehouse(wh, marker=1)
    publish(wh, serving, key=KEY)
    _make_warehouse(wh, marker=2)
    with duckdb.connect(str(wh)) as con:
        con.execute("create view analyst.leak as select employee_key from marts.people")
    with pytest.raises(AnalystFileError, match="leak.employee_key"):
        publish(wh, serving, key=KEY)
    assert _marker(serving) == 1 and _analyst_marker(tmp_path / "analyst.duckdb") == 1
    assert not list(tmp_path.glob(".*.publishing-*"))


def test_pseudonyms_without_a_key_stop_publishing(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("TALENTLOOP_PSEUDONYM_KEY", raising=False)
    monkeypatch.delenv("TALENTLOOP_PSEUDONYM_KEY_FILE", raising=False)
    wh, serving = tmp_path / "warehouse.duckdb", tmp_path / "serving.duckdb"
    _make_warehouse(wh, marker=1)
    with pytest.raises(PseudonymKeyError, match="TALENTLOOP_PSEUDONYM_KEY"):
        publish(wh, serving)
    assert not serving.exists()


def test_republish_replaces_and_open_reader_keeps_old_copy(tmp_path: Path) -> None:
    wh, serving = tmp_path / "warehouse.duckdb", tmp_path / "serving.duckdb"
    _make_warehouse(wh, marker=1)
    publish(wh, serving, key=KEY)
    reader = duckdb.connect(str(serving), read_only=True)
    _make_warehouse(wh, marker=2)
    publish(wh, serving, key=KEY)
    # A reader that opened the old copy still reads it consistently; new readers see the new one.
    assert reader.execute("select marker from marts.build_marker").fetchall()[0][0] == 1
    reader.close()
    assert _marker(serving) == 2


def test_publish_killed_midway_keeps_previous_copy(tmp_path: Path) -> None:
    wh, serving = tmp_path / "warehouse.duckdb", tmp_path / "serving.duckdb"
    _make_warehouse(wh, marker=1)
    publish(wh, serving, key=KEY)
    _make_warehouse(wh, marker=2, rows=3_000_000)
    code = (
        "import sys; from pathlib import Path; from orchestration.publish import publish; "
        "publish(Path(sys.argv[1]), Path(sys.argv[2]))"
    )
    env = {**os.environ, "TALENTLOOP_PSEUDONYM_KEY": KEY.decode()}
    proc = subprocess.Popen([sys.executable, "-c", code, str(wh), str(serving)], env=env)
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".serving.publishing-*")) and time.monotonic() < deadline:
        time.sleep(0.001)
    proc.send_signal(signal.SIGKILL)  # killed while its temporary copy is being written
    proc.wait()
    assert list(tmp_path.glob(".serving.publishing-*")), "the publish was not caught midway"
    assert _marker(serving) == 1  # the previous copy is intact and readable
    # The next publish clears the killed one's temporary file and succeeds.
    publish(wh, serving, key=KEY)
    assert _marker(serving) == 2
    assert not list(tmp_path.glob(".serving.publishing-*"))


def test_a_view_reading_a_build_only_schema_is_not_published(tmp_path: Path) -> None:
    wh, serving = tmp_path / "warehouse.duckdb", tmp_path / "serving.duckdb"
    _make_warehouse(wh, marker=1)
    publish(wh, serving, key=KEY)
    _make_warehouse(wh, marker=2)
    con = duckdb.connect(str(wh))
    con.execute("create view marts.needs_staging as select x from staging.v")
    con.close()
    # staging stays in the build's file, so the view would fail in front of a reader.
    with pytest.raises(PublishError, match="marts.needs_staging"):
        publish(wh, serving, key=KEY)
    assert _marker(serving) == 1
    assert not list(tmp_path.glob(".serving.publishing-*"))
