"""Writing a laid-out source frame to landing files: CSV, JSONL or XLSX, in a given encoding.

Lines are built with polars string expressions (no per-row Python) and encoded in chunks; XLSX
goes through xlsxwriter in constant-memory mode (that one is a Python loop over rows).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import polars as pl

from ingest.contract import Source

CHUNK = 50_000  # rows rendered and encoded at a time (bounds the text held in memory)
BOM = "\ufeff"


def _csv_value(source: Source, name: str) -> pl.Expr:
    f = source.field(name)
    col = pl.col(name)
    if f.dtype == "date":
        # Legacy rows flagged `_slash` are written YYYY/MM/DD (allowed by the contract).
        text = (
            pl.when(pl.col("_slash"))
            .then(col.dt.strftime("%Y/%m/%d"))
            .otherwise(col.dt.strftime("%Y-%m-%d"))
        )
    elif f.dtype == "datetime":
        text = col.dt.strftime("%Y-%m-%d %H:%M:%S")
    elif f.dtype == "bool":
        text = pl.when(col).then(pl.lit("true")).when(~col).then(pl.lit("false"))
    elif f.dtype == "str":
        col = col.cast(pl.String)  # the simulated grades are numbers: their codes are "1".."10"
        needs = col.str.contains(r'[,"\r\n]')
        text = (
            pl.when(needs)
            .then(pl.lit('"') + col.str.replace_all('"', '""', literal=True) + pl.lit('"'))
            .otherwise(col)
        )
    else:
        text = col.cast(pl.String)
    return text.fill_null("")


def csv_lines(source: Source, df: pl.DataFrame) -> pl.Series:
    frame = df if "_slash" in df.columns else df.with_columns(_slash=pl.lit(False))
    line = pl.concat_str([_csv_value(source, c) for c in source.columns], separator=",")
    line = pl.when(pl.col("_malformed")).then(line + pl.lit(",x")).otherwise(line)
    return frame.select(line.alias("line")).to_series()


def _json_str(expr: pl.Expr) -> pl.Expr:
    esc = expr.str.replace_all("\\", "\\\\", literal=True).str.replace_all('"', '\\"', literal=True)
    return pl.lit('"') + esc + pl.lit('"')


def _json_value(source: Source, name: str) -> pl.Expr:
    f = source.field(name)
    col = pl.col(name)
    if f.dtype == "datetime":
        text = _json_str(col.dt.strftime("%Y-%m-%dT%H:%M:%S"))
    elif f.dtype == "date":
        text = _json_str(col.dt.strftime("%Y-%m-%d"))
    elif f.dtype == "bool":
        text = pl.when(col).then(pl.lit("true")).when(~col).then(pl.lit("false"))
    elif f.dtype == "str" and name == "certifications":
        # The vendor delivers certificates as a JSON list.
        text = pl.lit('["') + col.str.replace_all(";", '","', literal=True) + pl.lit('"]')
    elif f.dtype == "str":
        text = _json_str(col)
    else:
        text = col.cast(pl.String)
    return text.fill_null("null")


def jsonl_lines(source: Source, df: pl.DataFrame) -> pl.Series:
    """One JSON object per row; dotted `path`s become nested objects."""
    parts: list[pl.Expr] = [pl.lit("{")]
    groups: dict[str, list[tuple[str, str]]] = {}
    order: list[tuple[str, str | None]] = []
    for f in source.fields:
        path = f.path or f.name
        if "." in path:
            top, key = path.split(".", 1)
            if top not in groups:
                groups[top] = []
                order.append((top, None))
            groups[top].append((key, f.name))
        else:
            order.append((path, f.name))
    first = True
    for top, name in order:
        parts.append(pl.lit(("" if first else ", ") + f'"{top}": '))
        first = False
        if name is not None:
            parts.append(_json_value(source, name))
            continue
        parts.append(pl.lit("{"))
        for k, (key, fname) in enumerate(groups[top]):
            parts.append(pl.lit(("" if k == 0 else ", ") + f'"{key}": '))
            parts.append(_json_value(source, fname))
        parts.append(pl.lit("}"))
    parts.append(pl.lit("}"))
    line = pl.concat_str(parts)
    line = (
        pl.when(pl.col("_malformed"))
        .then(line.str.slice(0, line.str.len_chars() // 2))
        .otherwise(line)
    )
    return df.select(line.alias("line")).to_series()


def write_text(
    path: Path,
    header: str | None,
    df: pl.DataFrame,
    render: Callable[[pl.DataFrame], pl.Series],
    encoding: str,
) -> None:
    """Write `render(rows)` lines (LF endings) chunk by chunk; 'utf-8-sig' adds a BOM."""
    codec = "utf-8" if encoding == "utf-8-sig" else encoding
    with path.open("wb") as fh:
        if encoding == "utf-8-sig":
            fh.write(BOM.encode("utf-8"))
        if header is not None:
            fh.write((header + "\n").encode(codec))
        for start in range(0, len(df), CHUNK):
            lines = render(df.slice(start, CHUNK))
            fh.write((lines.str.join("\n").item() + "\n").encode(codec))


def _col_letter(i: int) -> str:
    letters = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        letters = chr(65 + r) + letters
    return letters


def _xml_text(expr: pl.Expr) -> pl.Expr:
    return (
        expr.str.replace_all("&", "&amp;", literal=True)
        .str.replace_all("<", "&lt;", literal=True)
        .str.replace_all(">", "&gt;", literal=True)
    )


def _inline_cell(ref: pl.Expr, text: pl.Expr) -> pl.Expr:
    # Leading/trailing blanks need xml:space="preserve" (as xlsxwriter writes them).
    space = pl.when(text.str.contains(r"^\s|\s$")).then(pl.lit(' xml:space="preserve"'))
    return pl.concat_str(
        [
            pl.lit('<c r="'),
            ref,
            pl.lit('" t="inlineStr"><is><t'),
            space.otherwise(pl.lit("")),
            pl.lit(">"),
            _xml_text(text),
            pl.lit("</t></is></c>"),
        ]
    )


def xlsx_rows(source: Source, df: pl.DataFrame, first_row: int = 2) -> pl.Series:
    """The `<row>` elements of the data rows (row 2 on), built with polars expressions.

    Strings, dates and booleans (是/否) are inline strings, numbers are numbers, nulls are
    absent cells; rows flagged `_stray` repeat the header.
    """
    row_no = (pl.int_range(0, pl.len()) + first_row).cast(pl.String)
    cells = []
    for i, f in enumerate(source.fields):
        ref = pl.lit(_col_letter(i)) + row_no
        col = pl.col(f.name)
        header = _inline_cell(ref, pl.lit(f.name))
        if f.dtype in ("int", "float"):
            cell = pl.concat_str(
                [pl.lit('<c r="'), ref, pl.lit('"><v>'), col.cast(pl.String), pl.lit("</v></c>")]
            )
        else:
            if f.dtype == "date":
                text = col.dt.strftime("%Y-%m-%d")
            elif f.dtype == "datetime":
                text = col.dt.strftime("%Y-%m-%d %H:%M:%S")
            elif f.dtype == "bool":
                text = pl.when(col).then(pl.lit("是")).when(~col).then(pl.lit("否"))
            else:
                text = col
            cell = _inline_cell(ref, text)
        cells.append(pl.when(pl.col("_stray")).then(header).otherwise(cell.fill_null("")))
    row = pl.concat_str([pl.lit('<row r="'), row_no, pl.lit('">'), *cells, pl.lit("</row>")])
    return df.select(row.alias("row")).to_series()


def write_xlsx(path: Path, source: Source, df: pl.DataFrame, created: datetime) -> None:
    """Workbook, styles and header row from xlsxwriter; the data rows streamed into its sheet.

    Writing a million rows cell by cell through xlsxwriter takes minutes, so the sheet's rows
    are rendered vectorized in xlsxwriter's own constant-memory XML form and spliced in.
    """
    import zipfile

    import xlsxwriter

    tmp = path.with_suffix(".header.xlsx")
    wb = xlsxwriter.Workbook(str(tmp), {"constant_memory": True})
    wb.set_properties({"created": created, "author": "Learning system export"})
    ws = wb.add_worksheet(source.sheet or "Sheet1")
    ws.write_row(0, 0, source.columns)
    wb.close()
    last = f"{_col_letter(len(source.columns) - 1)}{len(df) + 1}"
    with zipfile.ZipFile(tmp) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename != "xl/worksheets/sheet1.xml":
                dst.writestr(info, data)
                continue
            head, tail = data.decode("utf-8").split("</sheetData>")
            head = head.replace(
                '<dimension ref="A1:' + _col_letter(len(source.columns) - 1) + '1"/>',
                f'<dimension ref="A1:{last}"/>',
            )
            # Fast deflate for the big sheet (level 1: a third of the time, ~10 % larger).
            info._compresslevel = 1  # ZipInfo has no public setter before Python 3.13
            with dst.open(info, "w", force_zip64=True) as out:
                out.write(head.encode("utf-8"))
                for start in range(0, len(df), CHUNK):
                    rows = xlsx_rows(source, df.slice(start, CHUNK), first_row=start + 2)
                    out.write(rows.str.join("").item().encode("utf-8"))
                out.write(("</sheetData>" + tail).encode("utf-8"))
    tmp.unlink()
