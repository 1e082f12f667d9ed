"""Issue 18 parts 4 and 5 through a real in-process build: a landing with only the required
sources publishes; managers from another number space never become people; a home that never
published says so when its build is blocked."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from ingest.contract import REQUIRED_SOURCES, SOURCES
from ingest.pseudonyms import ensure_key_file
from ingest.settings import load_settings
from tests.quality.landing import _write_csv, employee_row, write_reference

EMPLOYEES = 30
# Manager IDs from a separate number space (not employee numbers) and one unknown number.
FOREIGN_MANAGERS = {3: "M-777", 4: "99999999", 5: "MGR0042"}


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TALENTLOOP_")}
    return {**env, "TALENTLOOP_HOME": str(home), "TALENTLOOP_AS_OF": "2025-06-30"}


def _required_only_landing(landing: Path) -> None:
    write_reference(landing)
    for optional in ("competency_models", "training_catalog"):
        shutil.rmtree(landing / optional)
    rows = [employee_row(i) for i in range(EMPLOYEES)]
    for i, manager in FOREIGN_MANAGERS.items():
        rows[i]["manager_id"] = manager
    _write_csv(landing / "hr_employees" / "hr_2025.csv", "hr_employees", rows)
    (landing / "payroll").mkdir()
    (landing / "payroll" / "salaries.csv").write_text("employee_id,salary\n10001,1\n")


def test_the_required_sources_are_at_most_employees_and_org_units() -> None:
    assert set(REQUIRED_SOURCES) <= {"hr_employees", "org_units"}
    assert set(REQUIRED_SOURCES) <= set(SOURCES)


@pytest.mark.slow
def test_a_build_with_only_the_required_sources_publishes(tmp_path: Path, monkeypatch) -> None:
    from orchestration.build import run_build

    for var in ("TALENTLOOP_ALERTS", "TALENTLOOP_HOME", "TALENTLOOP_LANDING"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("TALENTLOOP_AS_OF", "2025-06-30")
    home, landing = tmp_path / "home", tmp_path / "landing"
    _required_only_landing(landing)
    assert sorted(p.name for p in landing.iterdir()) == ["hr_employees", "org_units", "payroll"]
    settings = load_settings(home=home, landing=landing)
    ensure_key_file(home)  # a real installation's key, as `talentloop key init` writes it

    result = run_build(settings, log_level="WARNING")
    blocking = [(c.asset, c.name, c.description) for c in result.blocking_failures]
    assert result.published and result.exit_code == 0, (blocking, result.failed_steps)
    assert blocking == []
    assert result.not_loaded == [
        {
            "source": "payroll",
            "file": "payroll/salaries.csv",
            "message": "folder 'payroll' is not a source of the contract",
        }
    ]
    assert "competency_models" in result.sources_missing
    assert "published" in result.outcome_message(settings.serving_path)

    con = duckdb.connect(str(settings.serving_path), read_only=True)
    try:
        people = con.execute("select count(distinct employee_key) from marts.dim_employee")
        assert people.fetchall()[0][0] == EMPLOYEES  # no phantom person from a manager ID
        exceptions = dict(
            con.execute(
                "select raw_id, exception_reason from marts.id_exceptions "
                "where id_field = 'manager_id'"
            ).fetchall()
        )
        assert set(exceptions) == set(FOREIGN_MANAGERS.values())
        assert all(exceptions.values())
        sources = {
            r[0]: r[1:]
            for r in con.execute(
                "select source, is_required, status, rows from ops.sources"
            ).fetchall()
        }
        assert sources["hr_employees"] == (True, "ok", EMPLOYEES)
        assert sources["org_units"][:2] == (True, "ok")
        assert sources["exits"] == (False, "not_delivered", 0)
        assert sources["competency_models"] == (False, "not_delivered", 0)
    finally:
        con.close()


@pytest.mark.slow
def test_a_blocked_build_on_a_home_that_never_published_says_nothing_published_yet(
    tmp_path: Path,
) -> None:
    home, landing = tmp_path / "home", tmp_path / "landing"
    _required_only_landing(landing)
    shutil.rmtree(landing / "org_units")  # a required source is missing: the build blocks
    ensure_key_file(home)
    proc = subprocess.run(
        [sys.executable, "-m", "orchestration.cli", "build", "--landing", str(landing)],
        capture_output=True,
        text=True,
        env={**_env(home), "COLUMNS": "200"},
        timeout=900,
    )
    assert proc.returncode == 1, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "nothing published yet" in proc.stdout
    assert "previous serving copy is unchanged" not in proc.stdout
    assert not (home / "serving.duckdb").exists()
