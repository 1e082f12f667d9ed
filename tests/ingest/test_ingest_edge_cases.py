"""Issue 18 part 6: the bad inputs real exports contain, each written as a real file and loaded
into a real DuckDB file. Every file ends with rows_read = rows_loaded + rows_quarantined."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
import xlsxwriter
from ingest_samples import AS_OF, csv_text, good_row

from ingest.contract import SOURCES
from ingest.load import load_landing

EXIT_IDS = ["10001", "10002", "10003", "10004"]


def _exits(ids: list[str] = EXIT_IDS, **overrides) -> list[dict]:
    return [good_row("exits", employee_id=i, **overrides) for i in ids]


def _load(con, landing: Path):
    results = load_landing(con, landing, load_id="L1", as_of=AS_OF)
    unbalanced = con.execute(
        "select file from raw.load_manifest where rows_read <> rows_loaded + rows_quarantined"
    ).fetchall()
    assert unbalanced == []
    return results


def _manifest(con, file: str) -> tuple:
    return con.execute(
        "select status, rows_read, rows_loaded, rows_quarantined, message "
        "from raw.load_manifest where file = ?",
        [file],
    ).fetchone()


def _quarantine(con, file: str) -> list[tuple]:
    return con.execute(
        "select line, rule from raw.quarantine where file = ? order by line", [file]
    ).fetchall()


def test_utf16_with_bom_tab_separated_excel_unicode_text_is_read(con, ref_landing, put):
    text = csv_text("exits", _exits()).replace(",", "\t").replace("\n", "\r\n")
    put("exits/unicode_text.csv", b"\xff\xfe" + text.encode("utf-16-le"))
    _load(con, ref_landing)
    assert _manifest(con, "exits/unicode_text.csv")[:4] == ("loaded", 4, 4, 0)
    ids = con.execute("select employee_id from raw.exits order by _line").fetchall()
    assert [r[0] for r in ids] == EXIT_IDS


def test_cp1252_text_read_as_gbk_is_flagged_not_loaded(con, ref_landing, put):
    rows = _exits()
    rows[1]["reason_text"] = "Moved to Zürich with Renée"
    rows[2]["reason_text"] = "家庭原因"  # genuine Chinese in the same encoding family
    # cp1252 bytes in a source whose first encoding is GBK: they decode, as mojibake.
    put("exits/latin.csv", csv_text("exits", rows[:2]).encode("cp1252"))
    put("exits/chinese.csv", csv_text("exits", rows[2:]).encode("gbk"))
    _load(con, ref_landing)
    assert _quarantine(con, "exits/latin.csv") == [(3, "implausible_text")]
    assert _manifest(con, "exits/latin.csv")[:4] == ("loaded", 2, 1, 1)
    assert _manifest(con, "exits/chinese.csv")[:4] == ("loaded", 2, 2, 0)
    message = con.execute(
        "select message from raw.quarantine where rule = 'implausible_text'"
    ).fetchone()[0]
    assert message.startswith("exits/latin.csv line 3: implausible_text:")
    texts = [r[0] for r in con.execute("select reason_text from raw.exits").fetchall()]
    assert "家庭原因" in texts and not any("Z" in (t or "") for t in texts)


def test_a_nul_byte_quarantines_its_line_not_the_file(con, ref_landing, put):
    text = csv_text("exits", _exits())
    lines = text.splitlines(keepends=True)
    lines[2] = lines[2].replace("reason_text", "reason\x00text")
    put("exits/nul.csv", "".join(lines))
    _load(con, ref_landing)
    assert _manifest(con, "exits/nul.csv")[:4] == ("loaded", 4, 3, 1)
    assert _quarantine(con, "exits/nul.csv") == [(3, "malformed_line")]


@pytest.mark.parametrize(
    ("name", "ending"),
    [("lf", "\n"), ("crlf", "\r\n"), ("cr", "\r"), ("mixed", None)],
)
def test_every_line_ending_counts_every_record(con, ref_landing, put, name, ending):
    text = csv_text("exits", _exits())
    lines = text.splitlines()
    if ending is None:  # LF, CRLF and a lone CR in one file, no final newline
        data = lines[0] + "\r\n" + lines[1] + "\r" + lines[2] + "\n" + lines[3] + "\r" + lines[4]
    else:
        data = ending.join(lines) + ending
    put(f"exits/{name}.csv", data)
    _load(con, ref_landing)
    assert _manifest(con, f"exits/{name}.csv")[:4] == ("loaded", 4, 4, 0)
    rows = con.execute("select employee_id, _line from raw.exits order by _line").fetchall()
    assert rows == [(i, n) for n, i in enumerate(EXIT_IDS, start=2)]


def test_a_line_break_inside_a_quoted_field_is_one_record(con, ref_landing, put):
    """Excel writes a multi-line cell as a quoted field over several lines (RFC 4180): that is
    one record, numbered by its first line, with the line breaks kept. A stray quote still
    spoils only its own line, not the rest of the file."""
    rows = _exits(reason_text="moved city")
    rows[1]["reason_text"] = 'Moving abroad.\n\nSays "thanks" to the team'
    text = csv_text("exits", rows)  # lines: header, 10001, 10002 over 3 lines, 10003, 10004
    lines = text.splitlines(keepends=True)
    lines[-1] = lines[-1].replace("moved city", 'moved "city')  # 10004: one stray quote
    put("exits/multiline.csv", "".join(lines).replace("\n", "\r\n"))
    _load(con, ref_landing)
    assert _manifest(con, "exits/multiline.csv")[:4] == ("loaded", 4, 3, 1)
    rows = con.execute("select employee_id, _line, reason_text from raw.exits order by _line")
    assert rows.fetchall() == [
        ("10001", 2, "moved city"),
        ("10002", 3, 'Moving abroad.\n\nSays "thanks" to the team'),
        ("10003", 6, "moved city"),
    ]
    assert _quarantine(con, "exits/multiline.csv") == [(7, "malformed_line")]


def test_a_rare_character_outside_gbk_is_read_as_gb18030(con, ref_landing, put):
    """Chinese HR systems export GB18030 when a name holds a character GBK lacks (U+20000 and
    the other extension characters of rare given names): the file is read, not rejected."""
    rows = _exits(reason_text="家庭原因")
    rows[0]["reason_text"] = "照顾𠀀家人"
    put("exits/gb18030.csv", csv_text("exits", rows).encode("gb18030"))
    _load(con, ref_landing)
    assert _manifest(con, "exits/gb18030.csv")[:4] == ("loaded", 4, 4, 0)
    texts = con.execute("select reason_text from raw.exits order by _line").fetchall()
    assert [t[0] for t in texts] == ["照顾𠀀家人"] + ["家庭原因"] * 3


@pytest.mark.parametrize("sep", [";", "|", "\t"])
def test_semicolon_pipe_and_tab_separated_files_are_read(con, ref_landing, put, sep):
    """Excel writes `;` where the decimal mark is a comma; some HRIS exports use `|`. The
    header decides, and a comma inside a field of such a file is just text."""
    rows = _exits(reason_text="moved, abroad")
    text = csv_text("exits", rows).replace(",", sep).replace(f"moved{sep} abroad", "moved, abroad")
    put("exits/sep.csv", text)
    _load(con, ref_landing)
    assert _manifest(con, "exits/sep.csv")[:4] == ("loaded", 4, 4, 0)
    assert {r[0] for r in con.execute("select reason_text from raw.exits").fetchall()} == {
        "moved, abroad"
    }


def _enrollments_workbook(formula: str | None, *, value: float | None = None) -> bytes:
    source = SOURCES["training_enrollments"]
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    ws = book.add_worksheet("enrollments")
    ws.write_row(0, 0, [*source.columns, "note"])
    for r in range(1, 4):
        row = good_row("training_enrollments", enrollment_id=f"E{r}", exam_score="80")
        ws.write_row(r, 0, [row[c] for c in source.columns])
        ws.write_formula(r, len(source.columns), "=1+1", None, 2)  # a column nobody reads
    if formula:
        exam = source.columns.index("exam_score")
        # The cached value the writer stores is not a computed result (the workbook asks
        # Excel to recalculate on open): loading it would be silently wrong.
        ws.write_formula(2, exam, formula, None, value)
    book.close()
    return buffer.getvalue()


def test_xlsx_formula_cell_is_quarantined_not_loaded_with_its_stale_cache(con, ref_landing, put):
    put("training_enrollments/formulas.xlsx", _enrollments_workbook("=A2*100", value=0))
    _load(con, ref_landing)
    file = "training_enrollments/formulas.xlsx"
    assert _manifest(con, file)[:4] == ("loaded", 3, 2, 1)
    assert _quarantine(con, file) == [(3, "formula_cell")]
    message = con.execute("select message from raw.quarantine").fetchone()[0]
    assert "cell" in message and "exam_score" in message
    scores = con.execute("select exam_score from raw.training_enrollments").fetchall()
    assert scores == [(80.0,), (80.0,)]


def test_an_unknown_folder_is_reported_in_the_manifest_not_loaded(con, ref_landing, put):
    put("payroll/salaries_2025.csv", "employee_id,salary\n10001,99999\n")
    put("exits/notes.txt", "not a CSV")
    _load(con, ref_landing)
    assert _manifest(con, "payroll/salaries_2025.csv")[:4] == ("not_loaded", 0, 0, 0)
    source = con.execute(
        "select source from raw.load_manifest where file = 'payroll/salaries_2025.csv'"
    ).fetchone()[0]
    assert source == "payroll"
    status, *_, message = _manifest(con, "exits/notes.txt")
    assert status == "not_loaded" and "pattern" in message


def test_a_file_name_that_is_not_utf8_is_loaded_under_a_readable_name(con, ref_landing, put):
    (ref_landing / "exits").mkdir()
    raw_name = os.fsdecode(b"caf\xe9_\xff.csv")  # Latin-1 bytes: not UTF-8
    (ref_landing / "exits" / raw_name).write_text(csv_text("exits", _exits()))
    _load(con, ref_landing)
    files = con.execute("select file, status, rows_loaded from raw.load_manifest").fetchall()
    assert ("exits/caf\\xe9_\\xff.csv", "loaded", 4) in files
    assert con.execute("select count(*) from raw.exits").fetchone()[0] == 4


def test_links_leaving_the_landing_folder_are_refused(con, ref_landing, put, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.csv").write_text(csv_text("exits", _exits(["99999"])))
    put("exits/inside.csv", csv_text("exits", _exits(["10001"])))
    os.symlink(outside / "secret.csv", ref_landing / "exits" / "link_out.csv")
    os.symlink(ref_landing / "exits" / "inside.csv", ref_landing / "exits" / "link_in.csv")
    os.symlink(outside, ref_landing / "exits" / "linked_dir")
    os.symlink(outside, ref_landing / "surveys")  # a whole source folder that is a link
    _load(con, ref_landing)
    status, *_, message = _manifest(con, "exits/link_out.csv")
    assert status == "not_loaded" and "outside the landing folder" in message
    assert _manifest(con, "exits/linked_dir")[0] == "not_loaded"
    assert _manifest(con, "surveys")[0] == "not_loaded"
    # The link inside the landing is the same bytes as inside.csv: seen, not loaded twice.
    assert _manifest(con, "exits/link_in.csv")[0] in ("loaded", "skipped_seen")
    ids = {r[0] for r in con.execute("select employee_id from raw.exits").fetchall()}
    assert ids == {"10001"}


def test_rejected_files_count_their_rows(con, ref_landing, put):
    # Bytes that decode in none of the source's encodings (GBK, UTF-8): rejected, rows counted.
    put("exits/undecodable.csv", csv_text("exits", _exits()).encode() + b"\xff\xff\n")
    # A header without the required columns: rejected, rows counted.
    put("exits/wrong_header.csv", "a,b,c\n1,2,3\n4,5,6\n")
    # Binary garbage with NUL bytes: rejected, its lines counted.
    put("exits/binary.csv", b"\x00\x01\x02\x03" * 50 + b"\n" + b"\x00\x05" * 40 + b"\n")
    _load(con, ref_landing)
    assert _manifest(con, "exits/undecodable.csv")[:4] == ("rejected", 5, 0, 5)
    assert _manifest(con, "exits/wrong_header.csv")[:4] == ("rejected", 2, 0, 2)
    status, read, loaded, quarantined, _ = _manifest(con, "exits/binary.csv")
    assert status == "rejected" and read == quarantined == 1 and loaded == 0
