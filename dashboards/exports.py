"""Table exports to CSV and Excel. Callers pass frames that went through dashboards.privacy;
`export_bytes` refuses a frame that still carries suppressed values or, for executives, rows about
single people."""

from __future__ import annotations

import io

import pandas as pd

from dashboards.privacy import SUPPRESSED, PrivacyError

FORMATS: dict[str, str] = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


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


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """UTF-8 with BOM, so Excel opens Chinese text correctly."""
    return _checked(df).to_csv(index=False).encode("utf-8-sig")


def to_excel_bytes(df: pd.DataFrame, sheet: str = "data") -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="xlsxwriter") as writer:
        _checked(df).to_excel(writer, sheet_name=sheet[:31], index=False)
    return buffer.getvalue()


def export_bytes(df: pd.DataFrame, fmt: str) -> bytes:
    if fmt == "csv":
        return to_csv_bytes(df)
    if fmt == "xlsx":
        return to_excel_bytes(df)
    raise ValueError(f"unknown export format {fmt!r}")
