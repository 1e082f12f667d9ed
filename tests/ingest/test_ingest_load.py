"""Loading into DuckDB: raw tables, quarantine, manifest, file rules, ledger, transactions."""

from __future__ import annotations

import io
import json

import duckdb
import pytest
import xlsxwriter
from ingest_samples import AS_OF, COURSE_CODES, csv_text, good_row, jsonl_record

from ingest.contract import SOURCES
from ingest.load import load_landing, load_source


def _count(con, sql: str) -> int:
    return con.execute(sql).fetchall()[0][0]


def _workbook(rows: list[list], sheet: str = "enrollments") -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    ws = book.add_worksheet(sheet)
    for r, values in enumerate(rows):
        ws.write_row(r, 0, values)
    book.close()
    return buffer.getvalue()


def _assert_invariants(con, results) -> None:
    for source in results:
        for f in source.files:
            assert f.rows_read == f.rows_loaded + f.rows_quarantined, f
    bad = _count(
        con,
        "select count(*) from raw.load_manifest where rows_read <> rows_loaded + rows_quarantined",
    )
    assert bad == 0


def test_load_landing_end_to_end(con, ref_landing, put):
    put(
        "exits/e1.csv",
        csv_text("exits", [good_row("exits"), good_row("exits", exit_type="x")]),
        "gbk",
    )
    ai = [
        jsonl_record(good_row("ai_interviews")),
        "{broken",
        jsonl_record(good_row("ai_interviews", org_unit_code="BR404")),
    ]
    put("ai_interviews/2025/a.jsonl", "\n".join(ai) + "\n")
    header = SOURCES["training_enrollments"].columns
    rows = [header, [good_row("training_enrollments")[h] for h in header]]
    rows.append([good_row("training_enrollments", course_code=COURSE_CODES[1])[h] for h in header])
    put("training_enrollments/t.xlsx", _workbook(rows))

    results = load_landing(con, ref_landing, load_id="L1", as_of=AS_OF)
    assert [r.source for r in results][:3] == ["org_units", "competency_models", "training_catalog"]
    by_source = {r.source: r for r in results}
    assert (by_source["org_units"].rows_loaded, by_source["org_units"].rows_quarantined) == (3, 0)
    assert (by_source["exits"].rows_read, by_source["exits"].rows_quarantined) == (2, 1)
    ai_result = by_source["ai_interviews"]
    assert (ai_result.rows_read, ai_result.rows_loaded, ai_result.rows_quarantined) == (3, 1, 2)
    assert ai_result.files[0].file == "ai_interviews/2025/a.jsonl"
    assert by_source["training_enrollments"].rows_loaded == 2
    assert by_source["surveys"].files == []
    _assert_invariants(con, results)

    quarantine = con.execute(
        "select source, file, line, rule, field from raw.quarantine order by source, line"
    ).fetchall()
    assert quarantine == [
        ("ai_interviews", "ai_interviews/2025/a.jsonl", 2, "malformed_line", None),
        ("ai_interviews", "ai_interviews/2025/a.jsonl", 3, "unknown_reference", "org_unit_code"),
        ("exits", "exits/e1.csv", 3, "not_allowed", "exit_type"),
    ]
    lineage = con.execute(
        "select _load_id, _file, _line, _loaded_at is not null from raw.training_enrollments order by _line"
    ).fetchall()
    assert lineage == [
        ("L1", "training_enrollments/t.xlsx", 2, True),
        ("L1", "training_enrollments/t.xlsx", 3, True),
    ]
    assert _count(con, "select count(*) from raw.load_manifest where load_id = 'L1'") == 6


def test_loading_twice_adds_no_row(con, ref_landing, put):
    put("exits/e1.csv", csv_text("exits", [good_row("exits"), good_row("exits", exit_type="x")]))
    put("exits/empty.csv", b"")
    tables = [f"raw.{s}" for s in SOURCES] + ["raw.quarantine"]

    def counts():
        return [_count(con, f"select count(*) from {t}") for t in tables]

    load_landing(con, ref_landing, load_id="L1", as_of=AS_OF)
    first = counts()
    second_results = load_landing(con, ref_landing, load_id="L2", as_of=AS_OF)
    assert counts() == first
    statuses = {f.status for r in second_results for f in r.files}
    assert statuses == {"skipped_seen"}
    # The same bytes under another name are the same delivery.
    put("exits/copy_of_e1.csv", (ref_landing / "exits/e1.csv").read_bytes())
    third = load_source(con, ref_landing, "exits", load_id="L3", as_of=AS_OF)
    assert [f.status for f in third.files] == ["skipped_seen"] * 3
    assert counts() == first


def test_files_prepared_in_parallel_load_as_one_at_a_time(tmp_path, ref_landing, put):
    """Several files in flight give the same tables as one at a time, and two files with the same
    bytes in one load are still one delivery: the first in landing order loads, the second is
    `skipped_seen`, even though both were read before either was written."""
    rows = [good_row("exits", employee_id=f"E{n:06d}") for n in range(1, 7)]
    for n in range(6):
        put(f"exits/e{n}.csv", csv_text("exits", [rows[n], good_row("exits", exit_type="x")]))
    put("exits/e3_again.csv", (ref_landing / "exits/e3.csv").read_bytes())
    outcomes = []
    for workers in (1, 3):
        db = duckdb.connect(str(tmp_path / f"w{workers}.duckdb"))
        for ref in ("org_units", "competency_models", "training_catalog"):
            load_source(db, ref_landing, ref, load_id="L0", as_of=AS_OF)
        result = load_source(db, ref_landing, "exits", load_id="L1", as_of=AS_OF, workers=workers)
        statuses = [(f.file, f.status) for f in result.files]
        loaded = db.execute(
            "select _file, _line, employee_id, exit_date, exit_type from raw.exits order by all"
        ).fetchall()
        quarantined = db.execute(
            "select file, line, rule from raw.quarantine where source = 'exits' order by all"
        ).fetchall()
        db.close()
        outcomes.append((statuses, loaded, quarantined))
    assert outcomes[0] == outcomes[1]
    statuses, loaded, quarantined = outcomes[1]
    assert dict(statuses)["exits/e3.csv"] == "loaded"
    assert dict(statuses)["exits/e3_again.csv"] == "skipped_seen"
    assert len(loaded) == 6 and len(quarantined) == 6


@pytest.mark.parametrize(
    ("rel", "content", "rule", "quarantined_lines"),
    [
        ("exits/empty.csv", b"", "empty_file", []),
        ("exits/header_only.csv", csv_text("exits", []).encode(), "empty_file", []),
        (
            "exits/cols.csv",
            b"employee_id,exit_date\n1,2025-01-01\n2,2025-01-01\n",
            "wrong_columns",
            [2, 3],
        ),
        ("exits/binary.csv", b"\x00\x01\x02\x03" * 50, "unreadable", []),
        (
            "ai_interviews/gbk.jsonl",
            json.dumps({"major": "金融"}, ensure_ascii=False).encode("gbk") + b"\n{}\n",
            "undecodable",
            [1, 2],
        ),
        (
            "training_enrollments/trunc.xlsx",
            _workbook([["enrollment_id"], ["E1"]] * 50)[:300],
            "unreadable",
            [],
        ),
        (
            "training_enrollments/sheet.xlsx",
            _workbook([SOURCES["training_enrollments"].columns, ["E1"]], sheet="Sheet1"),
            "wrong_columns",
            [2],
        ),
    ],
)
def test_file_rules_reject_the_file_and_quarantine_its_rows(
    con, ref_landing, put, rel, content, rule, quarantined_lines
):
    put(rel, content)
    put("exits/fine.csv", csv_text("exits", [good_row("exits")]))
    results = load_landing(con, ref_landing, load_id="L1", as_of=AS_OF)
    files = {f.file: f for r in results for f in r.files}
    rejected = files[rel]
    assert rejected.status == "rejected"
    assert rel in rejected.message
    assert rejected.rows_loaded == 0 and rejected.rows_quarantined == len(quarantined_lines)
    assert files["exits/fine.csv"].status == "loaded"  # other files still load
    got = con.execute(
        "select line, rule from raw.quarantine where file = ? order by line", [rel]
    ).fetchall()
    assert got == [(line, rule) for line in quarantined_lines]
    manifest = con.execute(
        "select status, message from raw.load_manifest where file = ?", [rel]
    ).fetchall()[0]
    assert manifest[0] == "rejected" and rel in manifest[1]
    _assert_invariants(con, results)


def test_a_failed_write_leaves_nothing_of_the_file(con, ref_landing, put):
    # A real constraint makes the insert fail half-way through the file's transaction.
    con.execute("create schema raw")
    con.execute(
        "create table raw.exits (employee_id varchar, exit_date date, exit_type varchar, reason_code varchar, reason_text varchar not null, recorded_at timestamp, _load_id varchar, _file varchar, _line bigint, _loaded_at timestamp)"
    )
    put(
        "exits/e.csv",
        csv_text("exits", [good_row("exits", reason_text=""), good_row("exits", exit_type="bad")]),
    )
    with pytest.raises(duckdb.ConstraintException):
        load_source(con, ref_landing, "exits", load_id="L1", as_of=AS_OF)
    assert _count(con, "select count(*) from raw.exits") == 0
    assert _count(con, "select count(*) from raw.quarantine") == 0
    assert _count(con, "select count(*) from raw.load_manifest") == 0


def test_references_come_from_raw_tables_of_earlier_loads(con, ref_landing, put):
    load_landing(con, ref_landing, sources=["org_units"], load_id="L1", as_of=AS_OF)
    put(
        "job_changes/j.csv",
        csv_text(
            "job_changes",
            [good_row("job_changes"), good_row("job_changes", to_org_unit_code="BR777")],
        ),
    )
    result = load_source(con, ref_landing, "job_changes", load_id="L2", as_of=AS_OF)
    # competency_models (optional) was never delivered: job families cannot be checked and
    # are not quarantined for it; org_units (required) is checked.
    rules = con.execute("select line, rule, field from raw.quarantine order by line").fetchall()
    assert rules == [(3, "unknown_reference", "to_org_unit_code")]
    assert result.rows_quarantined == 1
    load_landing(con, ref_landing, load_id="L3", as_of=AS_OF)  # loads the references
    (ref_landing / "job_changes/j2.csv").write_text(
        csv_text("job_changes", [good_row("job_changes")])
    )
    assert load_source(con, ref_landing, "job_changes", load_id="L4", as_of=AS_OF).rows_loaded == 1


def test_unknown_source_is_an_error(con, landing):
    with pytest.raises(ValueError, match="nope"):
        load_landing(con, landing, sources=["nope"])
