"""Table exports to CSV and Excel. Callers pass frames that went through dashboards.privacy;
`export_bytes` refuses a frame that still carries suppressed values or, for executives, rows about
single people.

Exports are opened in spreadsheet programs, which run a cell that looks like a formula
(CSV injection: `=HYPERLINK(...)`, `+cmd|...`, `@SUM(...)`). As OWASP advises, every text cell
(and header) that starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading single
quote, in both formats, so the same figure reads the same in each; numbers stay numbers (a real
-3 is a number, not a formula). The Excel writer is also told never to turn strings into
formulas, links or numbers.
"""

from __future__ import annotations

import csv
import io

import pandas as pd

from dashboards.privacy import SUPPRESSED, PrivacyError

FORMATS: dict[str, str] = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# The characters a spreadsheet reads as the start of a formula (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# xlsxwriter's defaults would write "=..." as a formula and "http://..." as a live link.
XLSX_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}


def exportable(df: pd.DataFrame) -> pd.DataFrame:
    """The rows an export may hold; raises PrivacyError for a frame the layer never saw."""
    out = _checked(df)
    out.attrs["privacy"] = "checked"
    return out


def _checked(df: pd.DataFrame) -> pd.DataFrame:
    """Drop suppressed rows; a frame that never went through the privacy layer is refused."""
    if SUPPRESSED not in df.columns and not df.attrs.get("privacy"):
        raise PrivacyError("export of a frame that did not go through the privacy layer")
    if SUPPRESSED in df.columns:
        df = df[~df[SUPPRESSED].astype(bool)].drop(columns=[SUPPRESSED])
    return df.reset_index(drop=True)


def neutralize(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula, made inert; anything else as is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def inert(df: pd.DataFrame) -> pd.DataFrame:
    """The checked frame with every text cell and header neutralised; numeric columns untouched."""
    out = _checked(df)
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(neutralize)
    return out.rename(columns=lambda c: neutralize(str(c)))


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """UTF-8 with BOM, so Excel opens Chinese text correctly. Every text cell is quoted (as OWASP
    advises, and so a carriage return inside a cell cannot end the row); numbers are not."""
    return inert(df).to_csv(index=False, quoting=csv.QUOTE_NONNUMERIC).encode("utf-8-sig")


def to_excel_bytes(df: pd.DataFrame, sheet: str = "data") -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(
        buffer, engine="xlsxwriter", engine_kwargs={"options": XLSX_OPTIONS}
    ) as writer:
        inert(df).to_excel(writer, sheet_name=sheet[:31], index=False)
    return buffer.getvalue()


def export_bytes(df: pd.DataFrame, fmt: str) -> bytes:
    if fmt == "csv":
        return to_csv_bytes(df)
    if fmt == "xlsx":
        return to_excel_bytes(df)
    raise ValueError(f"unknown export format {fmt!r}")
