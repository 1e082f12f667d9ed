"""Readers: one landing file's bytes -> a frame of text values with physical line numbers.

Every reader returns the same shape, whatever the format: one String column per contract field
(null when the file lacks an optional column), `_line` (the 1-based physical line: CSV header =
line 1, XLSX sheet row, JSONL line), `_payload` (the record as delivered, kept for quarantine) and
`_malformed` (why the record could not be parsed, null when it could) and `_flag`
(`"<rule>\t<detail>"` when the record parsed but must be quarantined under a reader rule:
`implausible_text`, `formula_cell`). Typing and the contract's rules are applied afterwards by
`ingest.validate`, on all rows at once.

`ReadOptions` carries what a source mapping (`ingest.mapping`) may set: the header row, the
column renames onto contract fields, the delimiter and the fields it supplies itself.

File-level problems raise `FileRejected`, carrying the file rule and the file's countable data
rows so the loader can quarantine them.
"""

from __future__ import annotations

import csv
import io
import re
import threading
import zipfile
from dataclasses import dataclass, field
from xml.etree import ElementTree

import duckdb
import polars as pl

from ingest.contract import Source
from ingest.decode import (
    decode_bytes,
    implausible_reasons,
    looks_binary,
    unicode_bom_encoding,
    utf8_body,
    utf16_without_bom,
)

LINE = "_line"
PAYLOAD = "_payload"
MALFORMED = "_malformed"
FLAG = "_flag"
_TEXT = "_text"
# Rules a reader can raise for a record that parses (see FLAG); in QUARANTINE_RULES.
FLAG_RULES = ("implausible_text", "formula_cell")
# A well-formed quoted CSV field: "...", with "" as an escaped quote.
_QUOTED_FIELD = r'"(?:[^"]|"")*"'
# The day Excel's serial date 0 stands for (the 1900 leap-year bug included).
_EXCEL_EPOCH = "1899-12-30"


@dataclass(frozen=True)
class ReadOptions:
    """How to read an export that is not in the contract's own shape (set by a mapping).

    `renames` maps the export's header (stripped) to contract field names; `supplied` names
    fields the mapping fills itself (constants, derived), so their columns may be absent;
    `header_row` is the physical line (CSV) or sheet row (XLSX) of the header, None for the
    first non-blank one; `delimiter` None means detected from the header (comma, tab, semicolon or pipe).
    """

    renames: dict[str, str] = field(default_factory=dict)
    supplied: frozenset[str] = frozenset()
    header_row: int | None = None
    delimiter: str | None = None
    # A spreadsheet's cached formula results are trusted only when the mapping says so.
    trust_formula_cache: bool = False


DEFAULT_OPTIONS = ReadOptions()


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


def normalized_newlines(data: bytes) -> bytes:
    """Lone carriage returns (old Mac line ends, mixed files) become line feeds, so every
    record is its own line. LF and CRLF files are returned as they are (no copy)."""
    if b"\r" in data and data.count(b"\r") != data.count(b"\r\n"):
        return data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    return data


def _unused_byte(data: bytes) -> bytes | None:
    """A control byte that does not occur in `data` (NUL nearly always)."""
    for code in (0, 1, 2, 3, 4, 5, 6, 7, 8, 11, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25):
        if bytes([code]) not in data:
            return bytes([code])
    return None


def text_lines(data: bytes) -> pl.DataFrame:
    """Split UTF-8 bytes into physical lines (`_line`, `_text`; a blank line is null).

    Any line ending counts (LF, CRLF, a lone CR). polars' CSV reader does the splitting (in
    parallel): with a byte the text lacks (NUL, unless a stray NUL is in the text) as
    separator and no quoting, each line is one field. It also drops the `\r` of CRLF endings
    and the empty line after a final newline.
    """
    data = normalized_newlines(data)
    separator = _unused_byte(data)
    if separator is None:  # every candidate byte occurs: split in Python
        text = data.decode("utf-8")
        parts = text.split("\n")
        if parts and parts[-1] == "":
            parts.pop()
        lines = pl.DataFrame(
            {_TEXT: [p.removesuffix("\r") or None for p in parts]}, schema={_TEXT: pl.String}
        )
    else:
        lines = pl.read_csv(
            io.BytesIO(data),
            has_header=False,
            separator=separator.decode(),
            quote_char=None,
            schema={_TEXT: pl.String},
        )
    return lines.with_row_index(LINE, offset=1).with_columns(pl.col(LINE).cast(pl.Int64))


# A quoted field may hold line breaks (Excel writes a multi-line cell so); a record is joined
# over at most this many lines, so one stray quote cannot swallow the rest of a file.
MAX_RECORD_LINES = 50


def _join_quoted_line_breaks(lines: pl.DataFrame, n_fields: int, sep: str) -> pl.DataFrame:
    """Join the physical lines of records whose quoted fields hold line breaks into one record
    numbered by its first line. A line opens such a record when it leaves a quote open (an odd
    number of `"`; a doubled quote inside a field counts twice); the record ends at the line
    that closes it. The join is kept only when the record then reads as exactly `n_fields`
    well-quoted fields within MAX_RECORD_LINES lines; otherwise the lines stay apart and are
    judged one by one, as before (a stray quote quarantines its own line, not the file)."""
    odd = pl.col(_TEXT).fill_null("").str.count_matches('"', literal=True) % 2 == 1
    if not lines.select(odd.any()).item():
        return lines
    # Open after a line: the parity of odd lines so far; a record starts where none is open.
    flagged = lines.with_columns(odd.cast(pl.Int64).cum_sum().alias("_odd_so_far"))
    opened_before = (pl.col("_odd_so_far") - odd.cast(pl.Int64)) % 2 == 1
    grouped = flagged.with_columns((~opened_before).cast(pl.Int64).cum_sum().alias("_record"))
    records = grouped.group_by("_record", maintain_order=True).agg(
        pl.col(LINE).first(),
        pl.col(LINE).alias("_lines"),
        pl.col(_TEXT).fill_null("").str.join("\n").alias("_joined"),
        pl.len().alias("_n"),
    )
    unquoted = pl.col("_joined").str.replace_all(_QUOTED_FIELD, "")
    whole = (
        (pl.col("_n") > 1)
        & (pl.col("_n") <= MAX_RECORD_LINES)
        & ~unquoted.str.contains('"', literal=True)
        & (unquoted.str.count_matches(sep, literal=True) + 1 == n_fields)
    )
    joined = records.filter(whole)
    if joined.height == 0:
        return lines
    absorbed = joined.select(pl.col("_lines").explode())
    kept = lines.filter(~pl.col(LINE).is_in(absorbed["_lines"].implode()))
    merged = joined.select(LINE, pl.col("_joined").alias(_TEXT))
    return pl.concat([kept, merged.cast(kept.schema)]).sort(LINE)


def _split_nul_lines(body: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(lines without NUL, lines with a NUL byte as malformed): one NUL spoils one line."""
    has_nul = pl.col(_TEXT).str.contains("\x00", literal=True)
    if not body.select(has_nul.any()).item():
        return body, _no_bad()
    bad = body.filter(has_nul).select(
        LINE, _TEXT, pl.lit("the line holds a NUL byte").alias(MALFORMED)
    )
    return body.filter(~has_nul), bad


def _no_bad() -> pl.DataFrame:
    return pl.DataFrame(schema={LINE: pl.Int64, _TEXT: pl.String, MALFORMED: pl.String})


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
        wide = unicode_bom_encoding(data) or utf16_without_bom(data)
        text = data.decode(wide or "utf-8", errors="replace")
        lines = _non_blank(text_lines(text.encode("utf-8")))
        if source.format == "csv" and lines.height:
            lines = lines.filter(pl.col(LINE) > lines[LINE].min())
        return _rows_for_rejection(lines)
    except (Exception, pl.exceptions.PanicException):
        return None


def _decode_or_reject(data: bytes, source: Source, file: str) -> tuple[bytes, str]:
    """The file's content as UTF-8 bytes (no BOM, any line ending made LF) and the encoding
    that decoded it, or FileRejected(empty_file / unreadable / undecodable). Only a file that
    is not UTF-8 is re-encoded."""
    # isspace() stops at the first other byte; strip() would copy the whole file.
    if not data or data.isspace():
        raise FileRejected("empty_file", f"{file}: the file has no bytes")
    if looks_binary(data):
        raise FileRejected(
            "unreadable",
            f"{file}: the file is binary (many NUL bytes), not {source.format} text",
            countable_rows(data, source),
        )
    wide = unicode_bom_encoding(data) or utf16_without_bom(data)
    body = None if wide else utf8_body(data, source.encodings)
    if body is not None:
        return normalized_newlines(body), "utf-8"
    decoded = decode_bytes(data, source.encodings)
    if decoded is None:
        # Line structure survives a lossy UTF-8 decode ('\n' is never part of a multi-byte
        # sequence), so the rows can still be counted and quarantined.
        raise FileRejected(
            "undecodable",
            f"{file}: the bytes decode in none of {', '.join(source.encodings)}",
            countable_rows(data, source),
        )
    text = decoded.text
    if not text.strip():
        raise FileRejected("empty_file", f"{file}: the file has no text")
    return normalized_newlines(text.encode("utf-8")), decoded.encoding


def _flag_implausible(frame: pl.DataFrame, encoding: str) -> pl.DataFrame:
    """Flag records whose text decodes but is implausible for the encoding (mojibake)."""
    if encoding in ("utf-8", "utf-16", "utf-32", "utf-16-le", "utf-16-be"):
        return frame
    reasons = implausible_reasons(frame[PAYLOAD], encoding)
    if reasons.null_count() == len(reasons):
        return frame
    flag = pl.concat_str(pl.lit("implausible_text\t"), pl.lit(reasons))
    return frame.with_columns(
        pl.when(pl.col(FLAG).is_null()).then(flag).otherwise(pl.col(FLAG)).alias(FLAG)
    )


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
        pl.lit(None, pl.String).alias(FLAG),
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
        pl.lit(None, pl.String).alias(FLAG),
        *[pl.lit(None, pl.String).alias(f.name) for f in source.fields],
    )
    return pl.concat([parsed, malformed]).sort(LINE)


def _check_header(
    source: Source,
    header: list[str],
    file: str,
    body: pl.DataFrame,
    options: ReadOptions = DEFAULT_OPTIONS,
) -> None:
    missing = [
        f.name
        for f in source.fields
        if f.required and f.name not in header and f.name not in options.supplied
    ]
    # Only the columns the contract reads must be unique: an export may repeat others.
    header = [h for h in header if h in set(source.columns)]
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


def _split_malformed_csv(
    body: pl.DataFrame, n_fields: int, sep: str = ","
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(good lines, malformed lines with the reason): wrong field count or broken quoting.

    Plain lines are checked by counting separators; only lines with a quote character,
    usually few, go through the slower quote-aware regular expression.
    """
    commas = pl.col(_TEXT).str.count_matches(sep, literal=True)
    suspect = pl.col(_TEXT).str.contains('"', literal=True) | (commas + 1 != n_fields)
    flagged = body.with_columns(suspect.alias("_suspect"))
    if not flagged["_suspect"].any():
        return body, _no_bad()
    unquoted = pl.col(_TEXT).str.replace_all(_QUOTED_FIELD, "")
    fields = unquoted.str.count_matches(sep, literal=True) + 1
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


# Separators a header is searched for: comma first (it wins a tie), tab (Excel's "Unicode
# text"), semicolon (Excel's CSV where the decimal mark is a comma) and the pipe.
DELIMITERS: tuple[str, ...] = (",", "\t", ";", "|")


def detect_delimiter(header_text: str) -> str:
    """The separator the header uses most (comma on a tie or when it has none)."""
    return max(DELIMITERS, key=lambda d: header_text.count(d))


def _delimiter(header_text: str, options: ReadOptions) -> str:
    """The mapping's delimiter, else the one the header uses (`detect_delimiter`)."""
    return options.delimiter or detect_delimiter(header_text)


def _renamed(header: list[str], options: ReadOptions) -> list[str]:
    return [options.renames.get(h, h) for h in header]


def read_csv(
    data: bytes, source: Source, file: str, options: ReadOptions = DEFAULT_OPTIONS
) -> pl.DataFrame:
    """Read a CSV file (header on the first non-blank line or `options.header_row`, comma or
    tab separated, `"` quoting, one record per line).

    Malformed lines (wrong number of fields, broken quoting, a NUL byte) are found per line
    with vectorised string expressions; the remaining lines are parsed by polars' CSV reader.
    """
    utf8, encoding = _decode_or_reject(data, source, file)
    lines = text_lines(utf8)
    has_text = pl.col(_TEXT).str.strip_chars().str.len_bytes() > 0
    if options.header_row is not None:
        header_line = lines.filter((pl.col(LINE) == options.header_row) & has_text)
        if header_line.height == 0:
            raise FileRejected(
                "wrong_columns",
                f"{file}: line {options.header_row} (the mapping's header row) is blank",
                _rows_for_rejection(lines.filter(has_text)),
            )
    else:
        header_line = lines.head(1000).filter(has_text).head(1)
        if header_line.height == 0:
            header_line = lines.filter(has_text).head(1)
    if header_line.height == 0:
        raise FileRejected("empty_file", f"{file}: the file has no header and no data rows")
    header_at = header_line[LINE][0]
    header_text = header_line[_TEXT][0]
    sep = _delimiter(header_text, options)
    header = _renamed([h.strip() for h in next(csv.reader([header_text], delimiter=sep))], options)
    records = _join_quoted_line_breaks(lines.filter(pl.col(LINE) > header_at), len(header), sep)
    body = records.filter(has_text)
    if "\x00" in header_text:
        raise FileRejected(
            "wrong_columns", f"{file}: the header holds a NUL byte", _rows_for_rejection(body)
        )
    _check_header(source, header, file, body, options)
    if body.height == 0:
        raise FileRejected("empty_file", f"{file}: the file has a header but no data rows")

    body, nul_bad = _split_nul_lines(body)
    good, bad = _split_malformed_csv(body, len(header), sep)
    bad = pl.concat([nul_bad, bad]).sort(LINE)
    positional = {f"c{i}": pl.String for i in range(len(header))}
    if bad.height == 0 and body.height == lines.height - 1 and header_at == 1:
        # (a record joined over several lines makes body shorter: the joined text is read)
        # Every line after the header is a good record: let polars parse the text as delivered.
        values = pl.read_csv(
            io.BytesIO(utf8), has_header=False, skip_rows=1, schema=positional, separator=sep
        )
    elif good.height:
        joined = good.select(pl.col(_TEXT).str.join("\n")).item()
        values = pl.read_csv(
            io.BytesIO(joined.encode("utf-8")), has_header=False, schema=positional, separator=sep
        )
    else:
        values = pl.DataFrame(schema=positional)
    if values.height != good.height:
        raise FileRejected(
            "unreadable",
            f"{file}: the CSV parser found {values.height} records in {good.height} lines",
            _rows_for_rejection(body),
        )
    values.columns = [f"c{i}" for i in range(len(header))]
    wanted = {h: f"c{i}" for i, h in enumerate(header) if h in set(source.columns)}
    values = values.select(pl.col(c).alias(h) for h, c in wanted.items())
    return _flag_implausible(_assemble(source, good, values, bad), encoding)


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


def read_jsonl(
    data: bytes, source: Source, file: str, options: ReadOptions = DEFAULT_OPTIONS
) -> pl.DataFrame:
    """Read JSON Lines: one object per line, nested objects flattened through each field's `path`.

    A JSON list (e.g. `resume.certifications`) is joined with `;`. Lines that are not a JSON
    object are malformed. DuckDB's JSON functions read all paths of a line in one parse.
    """
    utf8, encoding = _decode_or_reject(data, source, file)
    body = _non_blank(text_lines(utf8))
    if body.height == 0:
        raise FileRejected("empty_file", f"{file}: the file has no data rows")
    body, nul_bad = _split_nul_lines(body)
    renamed = {v: k for k, v in options.renames.items()}
    paths = ", ".join(
        f"'{_json_path(renamed.get(f.name) or f.path or f.name)}'" for f in source.fields
    )
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
    bad = pl.concat([nul_bad, bad]).sort(LINE)
    values = good.select(f.name for f in source.fields)
    good = good.select(LINE, _TEXT)
    return _flag_implausible(_assemble(source, good, values, bad), encoding)


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


_XLSX_NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}
_CELL_REF = re.compile(r"([A-Z]+)(\d+)")


def _sheet_path(zf: zipfile.ZipFile, sheet: str) -> str:
    """The zip member holding a sheet's cells."""
    ns = _XLSX_NS
    book = ElementTree.fromstring(zf.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    rid = next(
        s.get(f"{{{ns['r']}}}id")
        for s in book.iterfind("m:sheets/m:sheet", ns)
        if s.get("name") == sheet
    )
    target = next(r.get("Target") for r in rels if r.get("Id") == rid)
    return target.lstrip("/") if target.startswith("/") else f"xl/{target}"


def _first_sheet_row(data: bytes, sheet: str) -> int:
    """The sheet row of the first cell holding a value (calamine's range starts there, so an
    empty row 1 would otherwise shift every line number). 1 when it cannot be told."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf, zf.open(_sheet_path(zf, sheet)) as fh:
            head = fh.read(1 << 20)
        match = re.search(rb'<c r="[A-Z]+(\d+)"[^>]*>(?:<f[^>]*>[^<]*</f>)?\s*<(?:v|is)\b', head)
        return int(match.group(1)) if match else 1
    except Exception:
        return 1


def _column_number(letters: str) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ord(ch) - 64
    return number


@dataclass
class _Formulas:
    """Formula cells whose cached result cannot be trusted, by sheet row: (column number,
    cell reference, why); and the first used column (calamine's range starts there)."""

    by_row: dict[int, list[tuple[int, str, str]]]
    first_column: int


def _untrusted_formulas(data: bytes, sheet: str, trust_cache: bool) -> _Formulas | None:
    """The sheet's formula cells that would load a value nobody computed, or None when the
    sheet has no formula (a streaming scan; the cells are parsed only when one is found).

    A workbook saved by a spreadsheet application in automatic calculation mode holds each
    formula's computed result, which is loaded. Files written by libraries hold a placeholder
    or nothing, and ask to be recalculated on open (`fullCalcOnLoad`); in manual mode the
    results can be stale. Those cells are quarantined (`formula_cell`) unless the mapping
    trusts the cache.
    """
    m = f"{{{_XLSX_NS['m']}}}"
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        path = _sheet_path(zf, sheet)
        found, tail = False, b""
        with zf.open(path) as fh:
            while chunk := fh.read(1 << 20):
                if re.search(rb"<f[\s>/]", tail + chunk):
                    found = True
                    break
                tail = chunk[-4:]
        if not found:
            return None
        calc = ElementTree.fromstring(zf.read("xl/workbook.xml")).find("m:calcPr", _XLSX_NS)
        recalc = calc is not None and (
            calc.get("fullCalcOnLoad") in ("1", "true") or calc.get("calcMode") == "manual"
        )
        by_row: dict[int, list[tuple[int, str, str]]] = {}
        first_column = 1 << 20
        with zf.open(path) as fh:
            for _, el in ElementTree.iterparse(fh):
                if el.tag != f"{m}c":
                    continue
                ref = _CELL_REF.fullmatch(el.get("r") or "")
                value = el.find(f"{m}v")
                has_value = value is not None and bool(value.text) or el.find(f"{m}is") is not None
                if ref and has_value:
                    first_column = min(first_column, _column_number(ref.group(1)))
                if ref and el.find(f"{m}f") is not None:
                    why = (
                        "has no computed result"
                        if not has_value
                        else "holds a result the writing program did not compute "
                        "(the workbook asks to be recalculated)"
                        if recalc and not trust_cache
                        else None
                    )
                    if why:
                        row = int(ref.group(2))
                        by_row.setdefault(row, []).append(
                            (_column_number(ref.group(1)), el.get("r"), why)
                        )
                el.clear()
    return _Formulas(by_row, first_column if first_column < 1 << 20 else 1)


def _flag_formulas(
    frame: pl.DataFrame, formulas: _Formulas, header: list[str], wanted: set[str]
) -> pl.DataFrame:
    """Flag each record with an untrusted formula in a column the contract reads."""
    flags: dict[int, str] = {}
    for row, cells in formulas.by_row.items():
        for column, ref, why in cells:
            index = column - formulas.first_column
            name = header[index] if 0 <= index < len(header) else None
            if name in wanted and row not in flags:
                flags[row] = f"formula_cell\tcell {ref} (column {name}) is a formula that {why}"
    if not flags:
        return frame
    found = pl.DataFrame(
        {LINE: list(flags), "_formula": list(flags.values())},
        schema={LINE: pl.Int64, "_formula": pl.String},
    )
    return (
        frame.join(found, on=LINE, how="left", maintain_order="left")
        .with_columns(pl.coalesce(FLAG, "_formula").alias(FLAG))
        .drop("_formula")
    )


def read_xlsx(
    data: bytes, source: Source, file: str, options: ReadOptions = DEFAULT_OPTIONS
) -> pl.DataFrame:
    """Read the source's sheet of an XLSX workbook (header in its first used row or
    `options.header_row`; `_line` = the sheet row). Formula cells: see `_untrusted_formulas`."""
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
    if options.header_row is not None:
        header_rows = rows.filter(pl.col(LINE) == options.header_row)
        body = rows.filter(pl.col(LINE) > options.header_row)
        if header_rows.height == 0:
            raise FileRejected(
                "wrong_columns",
                f"{file}: sheet row {options.header_row} (the mapping's header row) is empty",
                _rows_for_rejection(rows),
            )
        first = header_rows.row(0, named=True)
    else:
        first = rows.row(0, named=True)
    header = _renamed([str(first[c] or "").strip() for c in cells], options)
    _check_header(source, header, file, body, options)
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
    frame = _assemble(source, body.select(LINE, _TEXT), values, _no_bad())
    try:
        formulas = _untrusted_formulas(data, sheet_name, options.trust_formula_cache)
    except Exception as exc:  # a workbook calamine reads but whose XML we cannot follow
        raise FileRejected(
            "unreadable",
            f"{file}: the workbook's cells cannot be checked for formulas ({type(exc).__name__})",
            _rows_for_rejection(body),
        ) from exc
    if formulas is None:
        return frame
    return _flag_formulas(frame, formulas, header, set(source.columns))


READERS = {"csv": read_csv, "jsonl": read_jsonl, "xlsx": read_xlsx}


def read_file(
    data: bytes, source: Source, file: str, options: ReadOptions = DEFAULT_OPTIONS
) -> pl.DataFrame:
    """Read one landing file of `source` (named `file` in messages) into the reader shape."""
    return READERS[source.format](data, source, file, options)
