"""Readers: CSV, JSONL and XLSX into text columns with physical line numbers."""

from __future__ import annotations

import datetime as dt
import io
import json

import polars as pl
import pytest
import xlsxwriter
from ingest_samples import csv_text, good_row, jsonl_record

from ingest.contract import SOURCES
from ingest.readers import LINE, MALFORMED, PAYLOAD, FileRejected, read_csv, read_jsonl, read_xlsx

EXITS = SOURCES["exits"]
AI = SOURCES["ai_interviews"]
ENROLL = SOURCES["training_enrollments"]


def test_csv_keeps_physical_lines_across_blank_lines_and_crlf():
    text = csv_text("exits", [good_row("exits", employee_id=str(i)) for i in range(3)])
    lines = text.split("\n")
    # header=1, rows on 2, (blank 3), 4, (blank 5), 6; CRLF line endings
    crafted = "\r\n".join([lines[0], lines[1], "", lines[2], "  ", lines[3]]) + "\r\n"
    frame = read_csv(crafted.encode(), EXITS, "exits/x.csv")
    assert frame[LINE].to_list() == [2, 4, 6]
    assert frame["employee_id"].to_list() == ["0", "1", "2"]
    assert frame[MALFORMED].null_count() == 3
    assert frame[PAYLOAD][0] == lines[1]


def test_csv_quoted_commas_extra_and_missing_optional_columns():
    header = ["recorded_at", "exit_type", "employee_id", "exit_date", "reason_code", "extra"]
    text = "\n".join(
        [
            ",".join(header),
            '2025-01-02 10:00:00,voluntary," 00012345 ",2025-01-01,R01,"a, ""b"""',
        ]
    )
    frame = read_csv(text.encode(), EXITS, "exits/x.csv")
    row = frame.row(0, named=True)
    assert row["employee_id"] == " 00012345 "  # IDs kept exactly as delivered
    assert row["reason_text"] is None  # optional column absent from the file
    assert "extra" not in frame.columns
    assert frame.columns[:3] == [LINE, PAYLOAD, MALFORMED]


def test_csv_wrong_field_count_and_broken_quoting_are_malformed():
    good = csv_text("exits", [good_row("exits")]).splitlines()
    text = "\n".join([good[0], good[1], good[1] + ",surplus", 'x,"unterminated,a,b,c,d', good[1]])
    frame = read_csv(text.encode(), EXITS, "exits/x.csv")
    malformed = dict(zip(frame[LINE], frame[MALFORMED], strict=True))
    assert malformed[2] is None and malformed[5] is None
    assert malformed[3] == "7 fields, the header has 6"
    assert malformed[4] == "broken quoting"
    assert frame.filter(pl.col(LINE) == 3)["employee_id"][0] is None


def test_csv_header_lacking_required_column_is_wrong_columns_with_rows():
    text = "employee_id,exit_date\n1,2025-01-01\n2,2025-01-01\n"
    with pytest.raises(FileRejected) as info:
        read_csv(text.encode(), EXITS, "exits/x.csv")
    assert info.value.rule == "wrong_columns"
    assert "exit_type" in info.value.message and "exits/x.csv" in info.value.message
    assert info.value.rows[LINE].to_list() == [2, 3]


@pytest.mark.parametrize(
    ("data", "rule"),
    [
        (b"", "empty_file"),
        (b"\n\n", "empty_file"),
        (b"employee_id,exit_date,exit_type,reason_code,reason_text,recorded_at\n", "empty_file"),
        (b"\x00\x01\x02PK garbage", "unreadable"),
    ],
)
def test_csv_file_rules(data: bytes, rule: str):
    with pytest.raises(FileRejected) as info:
        read_csv(data, EXITS, "exits/x.csv")
    assert info.value.rule == rule


def test_csv_undecodable_file_counts_its_rows():
    text = csv_text("surveys", [good_row("surveys", response_id="问卷1") for _ in range(2)])
    # UTF-16 without a byte-order mark is recognised by its NULs in alternate bytes.
    frame = read_csv(text.encode("utf-16-le"), SOURCES["surveys"], "surveys/s.csv")
    assert frame["response_id"].to_list() == ["问卷1", "问卷1"]
    with pytest.raises(FileRejected) as info:
        read_csv(
            text.encode("big5", errors="ignore") + b"\xff\xfe\n", SOURCES["ai_interviews"], "f"
        )
    assert info.value.rule == "undecodable"


def test_csv_gbk_file_reads_chinese():
    text = csv_text("exits", [good_row("exits", reason_text="家庭原因，回老家")])
    frame = read_csv(text.encode("gbk"), EXITS, "exits/x.csv")
    assert frame["reason_text"].to_list() == ["家庭原因，回老家"]


def test_jsonl_flattens_paths_and_joins_lists():
    row = good_row("ai_interviews", major="金融")
    record = json.loads(jsonl_record(row))
    record["resume"]["certifications"] = ["CFA", "FRM"]
    lines = [
        json.dumps(record, ensure_ascii=False),
        "",
        '{"assessment_id": "A2", "broken',
        "[1, 2]",
        json.dumps({"assessment_id": "A3", "scores": {"communication": 7.25}}),
    ]
    frame = read_jsonl("\n".join(lines).encode(), AI, "ai_interviews/a.jsonl")
    assert frame[LINE].to_list() == [1, 3, 4, 5]
    first = frame.row(0, named=True)
    assert first["certifications"] == "CFA;FRM"
    assert first["major"] == "金融"
    assert first["score_communication"] == str(float(row["score_communication"]))
    assert first["birth_year"] == row["birth_year"]
    assert frame[MALFORMED].to_list()[1:3] == ["not a JSON object"] * 2
    last = frame.row(3, named=True)
    assert last["score_communication"] == "7.25" and last["candidate_id"] is None


def _workbook(rows: list[list], sheet: str = "enrollments") -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    ws = book.add_worksheet(sheet)
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            if isinstance(value, dt.date):
                ws.write_datetime(r, c, value, date_format)
            elif value is not None:
                ws.write(r, c, value)
    book.close()
    return buffer.getvalue()


def test_xlsx_sheet_rows_are_lines_and_date_cells_are_dates():
    header = ENROLL.columns
    row = good_row("training_enrollments")
    cells = [row[h] for h in header]
    typed = list(cells)
    typed[header.index("enrolled_date")] = dt.date(2024, 5, 6)
    typed[header.index("updated_at")] = dt.datetime(2024, 5, 7, 8, 9, 10)
    typed[header.index("sessions_planned")] = 12
    data = _workbook([header, cells, [], typed, header])
    frame = read_xlsx(data, ENROLL, "training_enrollments/t.xlsx")
    assert frame[LINE].to_list() == [2, 4, 5]
    second = frame.row(1, named=True)
    assert second["enrolled_date"] == "2024-05-06"
    assert second["updated_at"] == "2024-05-07 08:09:10"
    assert second["sessions_planned"] == "12"


def test_xlsx_wrong_sheet_and_truncated_workbook():
    header = ENROLL.columns
    row = good_row("training_enrollments")
    data = _workbook([header, [row[h] for h in header]], sheet="Sheet1")
    with pytest.raises(FileRejected) as info:
        read_xlsx(data, ENROLL, "t.xlsx")
    assert info.value.rule == "wrong_columns" and "enrollments" in info.value.message
    assert info.value.rows[LINE].to_list() == [2]
    good = _workbook([header, [row[h] for h in header]])
    with pytest.raises(FileRejected) as info:
        read_xlsx(good[: len(good) // 2], ENROLL, "t.xlsx")
    assert info.value.rule == "unreadable"
    with pytest.raises(FileRejected) as info:
        read_xlsx(_workbook([["enrollment_id"], ["E1"]]), ENROLL, "t.xlsx")
    assert info.value.rule == "wrong_columns"


def test_xlsx_with_empty_first_row_keeps_sheet_row_numbers():
    header = ENROLL.columns
    row = good_row("training_enrollments")
    data = _workbook([[], header, [row[h] for h in header], [], [row[h] for h in header]])
    frame = read_xlsx(data, ENROLL, "t.xlsx")
    assert frame[LINE].to_list() == [3, 5]
