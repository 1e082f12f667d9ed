"""The ingest honours tombstones: a tombstoned person's rows, in whatever ID form a source
writes them, are quarantined as `erased` with no payload, and every row stays accounted for."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from ingest import tombstones
from ingest.contract import REFERENCE_SOURCES
from ingest.load import load_landing, load_source
from sample_enterprise import generate


@pytest.mark.parametrize(
    ("source", "field", "raw", "canonical"),
    [
        ("hr_employees", "employee_id", "１２３４５", "00012345"),
        ("hr_employees", "employee_id", "12345.0", "00012345"),
        ("ai_interviews", "employee_no", "xy-12345", "00012345"),
        ("training_enrollments", "learner_id", "lms12345", "00012345"),
        ("ai_interviews", "candidate_id", "c 000123456", "C000123456"),
    ],
)
def test_ids_normalise_as_the_seed_rules_say(source, field, raw, canonical) -> None:
    rule = next(r for r in tombstones.id_rules() if (r.source, r.field) == (source, field))
    assert rule.canonical(raw) == canonical


def test_a_tombstoned_person_is_not_loaded_again(tmp_path: Path) -> None:
    landing = tmp_path / "landing"
    generate(landing, 60, seed=3)
    con = duckdb.connect()
    load_landing(con, landing, sources=REFERENCE_SOURCES, load_id="a")
    first = load_source(con, landing, "hr_employees", load_id="a")
    person = con.execute(
        "select employee_id from raw.hr_employees where regexp_matches(employee_id, '^[0-9]+$') "
        "limit 1"
    ).fetchone()[0]
    rule = next(r for r in tombstones.id_rules() if r.field == "employee_id")
    key = rule.canonical(person)
    rows = con.execute(
        "select count(*) from raw.hr_employees where employee_id = ?", [person]
    ).fetchone()[0]
    tombstones.add(tmp_path, key, [], "test")
    fresh = duckdb.connect()
    load_landing(fresh, landing, sources=REFERENCE_SOURCES, load_id="b")
    again = load_source(
        fresh, landing, "hr_employees", load_id="b", tombstones=tombstones.load(tmp_path)
    )
    assert again.rows_read == first.rows_read
    assert again.rows_loaded <= first.rows_loaded - rows
    assert again.rows_read == again.rows_loaded + again.rows_quarantined
    left = fresh.execute(
        "select count(*) from raw.hr_employees where employee_id = ?", [person]
    ).fetchone()[0]
    assert left == 0
    erased = fresh.execute(
        "select count(*), count(payload) from raw.quarantine where rule = 'erased'"
    ).fetchone()
    assert erased[0] >= rows and erased[1] == 0
