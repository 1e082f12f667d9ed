"""Readers: one landing file's bytes -> a frame of text values with physical line numbers.

Every reader returns the same shape, whatever the format: one String column per contract field
(null when the file lacks an optional column), `_line` (the 1-based physical line: CSV header =
line 1, XLSX sheet row, JSONL line), `_payload` (the record as delivered, kept for quarantine) and
`_malformed` (why the record could not be parsed, null when it could). Typing and the contract's
rules are applied afterwards by `ingest.validate`, on all rows at once.

File-level problems raise `FileRejected`, carrying the file rule and the file's countable data
rows so the loader can quarantine them.
"""

from __future__ import annotations

import csv
import io
import re
import threading
import zipfile
from xml.etree import ElementTree

import duckdb
import polars as pl

from ingest.contract import Source
from ingest.decode import decode_bytes, looks_binary, utf8_body

LINE = "_line"
PAYLOAD = "_payload"
MALFORMED = "_malformed"
_TEXT = "_text"
# A well-formed quoted CSV field: "...", with "" as an escaped quote.
_QUOTED_FIELD = r'"(?:[^"]|"")*"'
# The day Excel's serial date 0 stands for (the 1900 leap-year bug included).
_EXCEL_EPOCH = "1899-12-30"


class FileRejected(Exception):
    """A file-level rule (`FILE_RULES`) rejected the whole file.

    `rows` holds the file's data rows when they can be counted (`_line`, `_payload`), so each is
    quarantined under the file rule; None when the file has no countable rows.
    """

    def __init__(self, rule: str, message: str, rows: pl.DataFrame | None = None) -> None:
        super().__init__(message)
        self.rule = rule
        self.message = message
        self.rows = rows


# --- shared helpers -------------------------------------------------------------------------


def text_lines(data: bytes) -> pl.DataFrame:
    """Split UTF-8 bytes into physical lines (`_line`, `_text`; a blank line is null).

    polars' CSV reader does the splitting (in parallel): with NUL as separator (NUL bytes never
    reach here: binary files are rejected first) and no quoting, each line is one field. It
    also drops the `\r` of CRLF endings and the empty line after a final newline.
    """
    lines = pl.read_csv(
        io.BytesIO(data),
        has_header=False,
        separator="\x00",
        quote_char=None,
        schema={_TEXT: pl.String},
    )
    return lines.with_row_index(LINE, offset=1).with_columns(pl.col(LINE).cast(pl.Int64))


def _non_blank(lines: pl.DataFrame) -> pl.DataFrame:
    """Lines that hold a record: blank and whitespace-only lines are not rows."""
    return lines.filter(pl.col(_TEXT).str.strip_chars().str.len_bytes() > 0)


def _rows_for_rejection(lines: pl.DataFrame) -> pl.DataFrame:
    return lines.select(LINE, pl.col(_TEXT).alias(PAYLOAD))


def countable_rows(data: bytes, source: Source) -> pl.DataFrame | None:
    """The data rows of a text file that cannot be read otherwise (`_line`, `_payload`), so
    they can be quarantined under a file rule; None for workbooks or when even that fails."""
    if source.format == "xlsx":
        return None
    try:
        lines = _non_blank(text_lines(data.decode("utf-8", errors="replace").encode("utf-8")))
        if source.format == "csv" and lines.height:
            lines = lines.filter(pl.col(LINE) > lines[LINE].min())
        return _rows_for_rejection(lines)
    except (Exception, pl.exceptions.PanicException):
        return None


def _decode_or_reject(data: bytes, source: Source, file: str) -> bytes:
    """The file's content as UTF-8 bytes (no BOM), or FileRejected(empty_file / unreadable /
    undecodable). Only a file that is not UTF-8 is re-encoded."""
    # isspace() stops at the first other byte; strip() would copy the whole file.
    if not data or data.isspace():
        raise FileRejected("empty_file", f"{file}: the file has no bytes")
    if looks_binary(data):
        raise FileRejected(
            "unreadable", f"{file}: the file is binary (NUL bytes), not {source.format} text"
        )
    body = utf8_body(data, source.encodings)
    if body is not None:
        return body
    decoded = decode_bytes(data, source.encodings)
    if decoded is None:
        # Line structure survives a lossy UTF-8 decode ('\n' is never part of a multi-byte
        # sequence), so the rows can still be counted and quarantined.
        raise FileRejected(
            "undecodable",
            f"{file}: the bytes decode in none of {', '.join(source.encodings)}",
            countable_rows(data, source),
        )
    return decoded.text.encode("utf-8")


def _assemble(
    source: Source, good: pl.DataFrame, values: pl.DataFrame, bad: pl.DataFrame
) -> pl.DataFrame:
    """Combine parsed rows (`good` lines + their `values`) and malformed rows into the reader shape."""
    present = set(values.columns)
    parsed = pl.concat([good.select(LINE, pl.col(_TEXT).alias(PAYLOAD)), values], how="horizontal")
    parsed = parsed.select(
        LINE,
        PAYLOAD,
        pl.lit(None, pl.String).alias(MALFORMED),
        *[
            pl.col(f.name).cast(pl.String)
            if f.name in present
            else pl.lit(None, pl.String).alias(f.name)
            for f in source.fields
        ],
    )
    if bad.height == 0:
        return parsed
    malformed = bad.select(
        LINE,
        pl.col(_TEXT).alias(PAYLOAD),
        pl.col(MALFORMED).cast(pl.String),
        *[pl.lit(None, pl.String).alias(f.name) for f in source.fields],
    )
    return pl.concat([parsed, malformed]).sort(LINE)


def _check_header(source: Source, header: list[str], file: str, body: pl.DataFrame) -> None:
    missing = [f.name for f in source.fields if f.required and f.name not in header]
    duplicated = sorted({h for h in header if header.count(h) > 1})
    if missing or duplicated:
        problem = (
            f"lacks required columns {', '.join(missing)}"
            if missing
            else f"repeats columns {', '.join(duplicated)}"
        )
        raise FileRejected(
            "wrong_columns", f"{file}: the header {problem}", _rows_for_rejection(body)
        )


# --- CSV ------------------------------------------------------------------------------------


def _split_malformed_csv(body: pl.DataFrame, n_fields: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(good lines, malformed lines with the reason): wrong field count or broken quoting.

    Plain lines are checked by counting commas; only lines with a quote character, usually
    few, go through the slower quote-aware regular expression.
    """
    commas = pl.col(_TEXT).str.count_matches(",", literal=True)
    suspect = pl.col(_TEXT).str.contains('"', literal=True) | (commas + 1 != n_fields)
    flagged = body.with_columns(suspect.alias("_suspect"))
    if not flagged["_suspect"].any():
        return body, pl.DataFrame(schema={LINE: pl.Int64, _TEXT: pl.String, MALFORMED: pl.String})
    unquoted = pl.col(_TEXT).str.replace_all(_QUOTED_FIELD, "")
    fields = unquoted.str.count_matches(",", literal=True) + 1
    # rechunk: polars 2.1 panics formatting strings derived from a multi-chunk column.
    checked = (
        flagged.filter("_suspect")
        .rechunk()
        .with_columns(
            pl.when(unquoted.str.contains('"', literal=True))
            .then(pl.lit("broken quoting"))
            .when(fields != n_fields)
            .then(
                pl.concat_str(fields.cast(pl.String), pl.lit(f" fields, the header has {n_fields}"))
            )
            .alias(MALFORMED)
        )
    )
    bad = checked.filter(pl.col(MALFORMED).is_not_null()).select(LINE, _TEXT, MALFORMED)
    good = body.filter(~pl.col(LINE).is_in(bad[LINE].implode()))
    return good, bad


def read_csv(data: bytes, source: Source, file: str) -> pl.DataFrame:
    """Read a CSV file (header on line 1, comma-separated, `"` quoting, one record per line).

    Malformed lines (wrong number of fields, broken quoting) are found per line with vectorised
    string expressions; the remaining lines are parsed by polars' CSV reader.
    """
    utf8 = _decode_or_reject(data, source, file)
    lines = text_lines(utf8)
    has_text = pl.col(_TEXT).str.strip_chars().str.len_bytes() > 0
    header_line = lines.head(1000).filter(has_text).head(1)
    if header_line.height == 0:
        header_line = lines.filter(has_text).head(1)
    if header_line.height == 0:
        raise FileRejected("empty_file", f"{file}: the file has no header and no data rows")
    header_at = header_line[LINE][0]
    header = [h.strip() for h in next(csv.reader([header_line[_TEXT][0]]))]
    body = lines.filter((pl.col(LINE) > header_at) & has_text)
    _check_header(source, header, file, body)
    if body.height == 0:
        raise FileRejected("empty_file", f"{file}: the file has a header but no data rows")

    good, bad = _split_malformed_csv(body, len(header))
    positional = {f"c{i}": pl.String for i in range(len(header))}
    if bad.height == 0 and body.height == lines.height - 1 and header_at == 1:
        # Every line after the header is a good record: let polars parse the text as delivered.
        values = pl.read_csv(io.BytesIO(utf8), has_header=False, skip_rows=1, schema=positional)
    elif good.height:
        joined = good.select(pl.col(_TEXT).str.join("\n")).item()
        values = pl.read_csv(
            io.BytesIO(joined.encode("utf-8")), has_header=False, schema=positional
        )
    else:
        values = pl.DataFrame(schema=positional)
    if values.height != good.height:
        raise FileRejected(
            "unreadable",
            f"{file}: the CSV parser found {values.height} records in {good.height} lines",
            _rows_for_rejection(body),
        )
    values.columns = header
    wanted = [c for c in header if c in set(source.columns)]
    return _assemble(source, good, values.select(wanted), bad)


# --- JSONL ----------------------------------------------------------------------------------


def _json_path(path: str) -> str:
    return "$." + ".".join(f'"{part}"' for part in path.split("."))


_JSON_DB: duckdb.DuckDBPyConnection | None = None
_JSON_DB_LOCK = threading.Lock()


def _json_cursor() -> duckdb.DuckDBPyConnection:
    """A cursor of its own on a private in-memory DuckDB (opening a database per file costs
    ~0.1 s). Files are read on several threads: the lock guards the shared connection, and each
    cursor is a separate connection, so registered tables do not collide."""
    global _JSON_DB
    with _JSON_DB_LOCK:
        if _JSON_DB is None:
            _JSON_DB = duckdb.connect(":memory:")
        return _JSON_DB.cursor()


def read_jsonl(data: bytes, source: Source, file: str) -> pl.DataFrame:
    """Read JSON Lines: one object per line, nested objects flattened through each field's `path`.

    A JSON list (e.g. `resume.certifications`) is joined with `;`. Lines that are not a JSON
    object are malformed. DuckDB's JSON functions read all paths of a line in one parse.
    """
    body = _non_blank(text_lines(_decode_or_reject(data, source, file)))
    if body.height == 0:
        raise FileRejected("empty_file", f"{file}: the file has no data rows")
    paths = ", ".join(f"'{_json_path(f.path or f.name)}'" for f in source.fields)
    # A JSON array value is joined with ';'; any other value is its text (strings unquoted).
    columns = ",\n".join(
        f"case when starts_with(v[{i}], '[') and json_valid(v[{i}]) "
        f"then array_to_string(json_extract_string(v[{i}], '$[*]'), ';') "
        f'else v[{i}] end as "{f.name}"'
        for i, f in enumerate(source.fields, start=1)
    )
    # A line is a record when it is valid JSON whose text opens with `{` (an object). CASE
    # evaluates the extraction only on those rows; DuckDB's AND would evaluate both sides.
    query = f"""
        select _line, _text, ok, {columns}
        from (
            select _line, _text, ok,
                case when ok then json_extract_string(_text, [{paths}]) end as v
            from (
                select _line, _text,
                    coalesce(json_valid(_text) and starts_with(ltrim(_text), '{{'), false) as ok
                from lines
            )
        )
        order by _line"""
    with _json_cursor() as con:
        con.register("lines", body.to_arrow())
        parsed = con.sql(query).pl().with_columns(pl.col(LINE).cast(pl.Int64))
        con.unregister("lines")
    good = parsed.filter("ok")
    bad = parsed.filter(~pl.col("ok")).select(
        LINE, _TEXT, pl.lit("not a JSON object").alias(MALFORMED)
    )
    values = good.select(f.name for f in source.fields)
    good = good.select(LINE, _TEXT)
    return _assemble(source, good, values, bad)


# --- XLSX -----------------------------------------------------------------------------------


def _excel_serial_to_text(column: pl.Expr, dtype: str) -> pl.Expr:
    """Date cells as ISO text: day numbers (unformatted cells) and midnight timestamps."""
    serial = column.str.strip_chars().cast(pl.Float64, strict=False)
    micros = (serial * 86_400_000_000).round().cast(pl.Int64)
    as_datetime = pl.lit(_EXCEL_EPOCH).str.to_datetime("%Y-%m-%d", time_unit="us") + pl.duration(
        microseconds=micros
    )
    formatted = (
        as_datetime.dt.strftime("%Y-%m-%d")
        if dtype == "date"
        else as_datetime.dt.strftime("%Y-%m-%d %H:%M:%S")
    )
    is_serial = column.str.contains(r"^\s*\d{1,6}(\.\d+)?\s*$")
    if dtype == "date":
        # A formatted date cell reads as a midnight timestamp: keep its day.
        column = column.str.replace(r"^(\d{4}-\d{2}-\d{2})[ T]00:00:00$", "$1")
    return pl.when(is_serial).then(formatted).otherwise(column)


def _first_sheet_row(data: bytes, sheet: str) -> int:
    """The sheet row of the first cell holding a value (calamine's range starts there, so an
    empty row 1 would otherwise shift every line number). 1 when it cannot be told."""
    ns = {
        "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
        "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
        "p": "http://schemas.openxmlformats.org/package/2006/relationships",
    }
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            book = ElementTree.fromstring(zf.read("xl/workbook.xml"))
            rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
            rid = next(
                s.get(f"{{{ns['r']}}}id")
                for s in book.iterfind("m:sheets/m:sheet", ns)
                if s.get("name") == sheet
            )
            target = next(r.get("Target") for r in rels if r.get("Id") == rid)
            path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            with zf.open(path) as fh:
                head = fh.read(1 << 20)
        match = re.search(rb'<c r="[A-Z]+(\d+)"[^>]*>(?:<f[^>]*>[^<]*</f>)?\s*<(?:v|is)\b', head)
        return int(match.group(1)) if match else 1
    except Exception:
        return 1


def read_xlsx(data: bytes, source: Source, file: str) -> pl.DataFrame:
    """Read the source's sheet of an XLSX workbook (header in its first row, row 1 by the
    contract; `_line` = the sheet row)."""
    import fastexcel  # imported here: only XLSX sources need it

    if not data:
        raise FileRejected("empty_file", f"{file}: the file has no bytes")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise FileRejected("unreadable", f"{file}: not an XLSX workbook (truncated or not a zip)")
    try:
        workbook = fastexcel.read_excel(data)
        names = list(workbook.sheet_names)
        sheet_name = source.sheet if source.sheet in names else (names[0] if names else None)
        sheet = (
            workbook.load_sheet_by_name(sheet_name, header_row=None, dtypes="string").to_polars()
            if sheet_name is not None
            else pl.DataFrame()
        )
    except Exception as exc:  # fastexcel raises its own error types for broken workbooks
        raise FileRejected(
            "unreadable", f"{file}: the workbook cannot be read ({type(exc).__name__})"
        ) from exc

    cells = list(sheet.columns)
    first_row = _first_sheet_row(data, sheet_name) if sheet_name is not None else 1
    rows = sheet.with_row_index(LINE, offset=first_row).with_columns(
        pl.col(LINE).cast(pl.Int64),
        pl.concat_str([pl.col(c).fill_null("") for c in cells], separator=",").alias(_TEXT)
        if cells
        else pl.lit("").alias(_TEXT),
    )
    # A row with no value in any cell is not a record (the sheet row number still counts).
    rows = rows.filter(pl.any_horizontal(pl.col(c).is_not_null() for c in cells)) if cells else rows
    body = rows.filter(pl.col(LINE) > first_row)
    if source.sheet and source.sheet not in names:
        raise FileRejected(
            "wrong_columns",
            f"{file}: the workbook has no sheet {source.sheet!r} (sheets: {', '.join(names)})",
            _rows_for_rejection(body),
        )
    if rows.height == 0:
        raise FileRejected("empty_file", f"{file}: sheet {sheet_name!r} is empty")
    first = rows.row(0, named=True)
    header = [(first[c] or "").strip() for c in cells]
    _check_header(source, header, file, body)
    if body.height == 0:
        raise FileRejected("empty_file", f"{file}: sheet {sheet_name!r} has no data rows")
    values = body.select(
        [pl.col(c).alias(h) for c, h in zip(cells, header, strict=True) if h in source.columns]
    )
    values = values.with_columns(
        _excel_serial_to_text(pl.col(f.name), f.dtype).alias(f.name)
        for f in source.fields
        if f.dtype in ("date", "datetime") and f.name in values.columns
    )
    empty_bad = pl.DataFrame(schema={LINE: pl.Int64, _TEXT: pl.String, MALFORMED: pl.String})
    return _assemble(source, body.select(LINE, _TEXT), values, empty_bad)


READERS = {"csv": read_csv, "jsonl": read_jsonl, "xlsx": read_xlsx}


def read_file(data: bytes, source: Source, file: str) -> pl.DataFrame:
    """Read one landing file of `source` (named `file` in messages) into the reader shape."""
    return READERS[source.format](data, source, file)
