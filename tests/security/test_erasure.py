"""Erasure on a real build: a planted, distinctive name is in the warehouse, serving copy and
archive; after `talentloop erase` no file under the home holds its bytes (plain, gzip or in any
text column of any DuckDB file), a rebuild and a re-delivered export do not bring the person
back, every delivered row is still accounted for, and the erasure is in the verified audit."""

from __future__ import annotations

import csv
import gzip
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from dashboards import audit
from orchestration.erasure import canonical_employee
from sample_enterprise import generate

TALENTLOOP = [sys.executable, "-m", "orchestration.cli"]
NAME = "Zqxjvorpel Quokkabury"
pytestmark = pytest.mark.slow


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TALENTLOOP_")}
    return {**env, "TALENTLOOP_HOME": str(home), "COLUMNS": "200"}


def _run(*args: str, home: Path) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        [*TALENTLOOP, *args], capture_output=True, text=True, env=_env(home), timeout=1800
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return proc


def _decode(data: bytes) -> tuple[str, str]:
    for encoding in ("utf-8-sig", "gbk"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise AssertionError("undecodable landing file")


def _plant(landing: Path) -> str:
    """Give one employee the distinctive name in every HR row of theirs; returns their ID."""
    files = sorted((landing / "hr_employees").glob("*.csv"))
    text, _ = _decode(files[0].read_bytes())
    rows = list(csv.DictReader(text.splitlines()))
    target = next(r for r in rows if r["employee_id"].strip().isdigit() and r["name"])
    employee = target["employee_id"].strip()
    planted = 0
    for path in files:
        text, encoding = _decode(path.read_bytes())
        lines = text.splitlines(keepends=True)
        header = next(csv.reader([lines[0]]))
        at, name_at = header.index("employee_id"), header.index("name")
        for i, line in enumerate(lines[1:], start=1):
            fields = next(csv.reader([line]), [])
            if len(fields) == len(header) and fields[at].strip() == employee and fields[name_at]:
                lines[i] = line.replace(fields[name_at], NAME)
                planted += 1
        path.write_bytes("".join(lines).encode(encoding))
    assert planted >= 1
    return employee


def _holders(home: Path) -> list[str]:
    """Every file under the home that holds the name: as bytes, gunzipped, or in a DuckDB
    text column (DuckDB compresses strings, so bytes alone could miss it)."""
    needle = NAME.encode()
    found = []
    for path in sorted(p for p in home.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if needle in data:
            found.append(f"{path.relative_to(home)} (bytes)")
        if path.suffix == ".gz" and needle in gzip.decompress(data):
            found.append(f"{path.relative_to(home)} (gzip)")
        if path.suffix == ".duckdb" and not path.name.startswith("."):
            with duckdb.connect(str(path), read_only=True) as con:
                columns = con.execute(
                    "select schema_name, table_name, column_name from duckdb_columns() "
                    "where data_type = 'VARCHAR' and database_name = current_database() "
                    "and schema_name not in ('information_schema', 'pg_catalog')"
                ).fetchall()
                for schema, table, column in columns:
                    hit = con.execute(
                        f'select count(*) from "{schema}"."{table}" where contains("{column}", ?)',
                        [NAME],
                    ).fetchone()[0]
                    if hit:
                        found.append(f"{path.relative_to(home)} {schema}.{table}.{column}")
    return found


def test_an_erased_person_leaves_no_byte_in_the_home_and_stays_erased(tmp_path: Path) -> None:
    landing, home = tmp_path / "landing", tmp_path / "home"
    generate(landing, 300, seed=13)
    employee = _plant(landing)
    key = canonical_employee(employee)
    build = ["build", "--landing", str(landing), "--home", str(home)]
    _run(*build, home=home)
    before = _holders(home)
    # The scan sees the name where it was planted: the build file, the archive.
    assert any("warehouse.duckdb" in h for h in before), before
    assert any("archive/objects" in h for h in before), before

    erased = _run(
        "erase", "--employee", employee, "--reason", "request ref 2026-041", "--home", str(home),
        "--landing", str(landing), home=home,
    )  # fmt: skip
    assert "rebuilt and published" in erased.stdout
    assert _holders(home) == []
    with duckdb.connect(str(home / "serving.duckdb"), read_only=True) as con:
        assert (
            con.execute(
                "select count(*) from marts.dim_employee where employee_key = ?", [key]
            ).fetchone()[0]
            == 0
        )
        assert con.execute("select count(*) from marts.dim_employee").fetchone()[0] > 0
    with duckdb.connect(str(home / "warehouse.duckdb"), read_only=True) as con:
        unbalanced = con.execute(
            "select count(*) from raw.load_manifest "
            "where rows_read <> rows_loaded + rows_quarantined"
        ).fetchone()[0]
        erased_rows = con.execute(
            "select count(*) from raw.quarantine where rule = 'erased' and payload is null"
        ).fetchone()[0]
    assert unbalanced == 0 and erased_rows >= 1

    # A rebuild from the same landing: its files are in the ledger, nothing comes back.
    _run(*build, home=home)
    assert _holders(home) == []
    # The HR system delivers the person again, in a new export.
    source = sorted((landing / "hr_employees").glob("*.csv"))[0]
    (landing / "hr_employees" / "hr_redelivered.csv").write_bytes(source.read_bytes() + b"\n")
    _run(*build, home=home)
    assert _holders(home) == []
    with duckdb.connect(str(home / "warehouse.duckdb"), read_only=True) as con:
        again = con.execute(
            "select count(*) from raw.quarantine where rule = 'erased' "
            "and file = 'hr_employees/hr_redelivered.csv'"
        ).fetchone()[0]
    assert again >= 1

    events = audit.read(home / "audit.log")
    erase = [e for e in events if e["action"] == "erase"]
    assert len(erase) == 1 and erase[0]["detail"]["employee_key"] == key
    assert audit.verify(home / "audit.log").ok
    assert (home / "tombstones.jsonl").is_file() and NAME not in (
        home / "tombstones.jsonl"
    ).read_text()
