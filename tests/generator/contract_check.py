"""An independent, deliberately simple line-by-line contract checker used by the generator tests.

It reads a landing folder the slow, obvious way (csv/json modules, one row at a time) and
reports every (source, file, line, rule) it finds broken, applying `QUARANTINE_RULES` in order.
The generator's `_truth/quarantine.csv` must equal this set exactly.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from pathlib import Path

import polars as pl

from ingest.contract import (
    BOOL_FALSE,
    BOOL_TRUE,
    DATE_FORMATS,
    REFERENCE_SOURCES,
    SOURCES,
    Source,
)

DATETIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S")


def decode(path: Path, source: Source) -> str:
    data = path.read_bytes()
    for enc in source.encodings:
        try:
            text = data.decode("utf-8-sig" if enc.startswith("utf-8") else enc)
        except UnicodeDecodeError:
            continue
        return text
    raise AssertionError(f"{path} decodes in none of {source.encodings}")


def records(path: Path, source: Source) -> list[tuple[int, dict | None, str | None]]:
    """(line, values or None, forced rule) per physical data line of a file."""
    out: list[tuple[int, dict | None, str | None]] = []
    cols = source.columns
    if source.format == "xlsx":
        df = pl.read_excel(path, sheet_name=source.sheet, infer_schema_length=0)
        assert df.columns == cols, f"{path}: header {df.columns}"
        for i, row in enumerate(df.iter_rows()):
            values = dict(zip(cols, row, strict=True))
            if list(row) == cols:
                out.append((i + 2, None, "stray_header"))
            else:
                out.append((i + 2, values, None))
        return out
    text = decode(path, source)
    lines = text.split("\n")
    assert lines[-1] == "", f"{path} must end with a newline"
    lines = lines[:-1]
    if source.format == "csv":
        assert lines[0] == ",".join(cols), f"{path}: header {lines[0]!r}"
        for i, line in enumerate(lines[1:], start=2):
            fields = next(csv.reader(io.StringIO(line)))
            if len(fields) != len(cols):
                out.append((i, None, "malformed_line"))
            elif fields == cols:
                out.append((i, None, "stray_header"))
            else:
                out.append((i, dict(zip(cols, fields, strict=True)), None))
        return out
    for i, line in enumerate(lines, start=1):
        try:
            obj = json.loads(line)
        except json.JSONDecodeError:
            out.append((i, None, "malformed_line"))
            continue
        values = {}
        for f in source.fields:
            node = obj
            for part in (f.path or f.name).split("."):
                node = node.get(part) if isinstance(node, dict) else None
            if isinstance(node, list):
                node = ";".join(node)
            values[f.name] = node
        out.append((i, values, None))
    return out


def parse(value, dtype: str):
    """Typed value, or raise ValueError."""
    if (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and dtype in ("int", "float")
    ):
        if dtype == "int" and float(value) != int(value):
            raise ValueError(value)
        return value
    text = str(value).strip()
    if dtype == "str":
        return str(value)
    if dtype == "int":
        f = float(text)
        if f != int(f):
            raise ValueError(text)
        return int(f)
    if dtype == "float":
        return float(text)
    if dtype == "bool":
        if text.lower() in BOOL_TRUE:
            return True
        if text.lower() in BOOL_FALSE:
            return False
        raise ValueError(text)
    if dtype == "date":
        for fmt in DATE_FORMATS:
            try:
                return datetime.strptime(text, fmt).date()
            except ValueError:
                pass
        raise ValueError(text)
    if dtype == "datetime":
        for fmt in DATETIME_FORMATS:
            try:
                return datetime.strptime(text, fmt)
            except ValueError:
                pass
        raise ValueError(text)
    raise AssertionError(dtype)


def row_rule(source: Source, values: dict, refs: dict[str, set[str]], as_of: date) -> str | None:
    present = {
        k: v for k, v in values.items() if v is not None and not (isinstance(v, str) and v == "")
    }
    for f in source.fields:
        if f.required and f.name not in present:
            return "missing_required"
    typed = {}
    for f in source.fields:
        if f.name in present:
            try:
                typed[f.name] = parse(present[f.name], f.dtype)
            except ValueError:
                return "bad_type"
    for f in source.fields:
        if f.allowed and f.name in typed:
            value = str(typed[f.name])
            if f.codes is not None:  # a code list's labels and spellings load as its codes
                value = f.codes.code_of(value) or value
            if value not in f.allowed:
                return "not_allowed"
    for f in source.fields:
        if f.name in typed and f.dtype in ("int", "float"):
            v = typed[f.name]
            if (f.min is not None and v < f.min) or (f.max is not None and v > f.max):
                return "out_of_range"
    for f in source.fields:
        if f.not_future and f.name in typed:
            v = typed[f.name]
            d = v.date() if isinstance(v, datetime) else v
            if d > as_of:
                return "future_date"
    for f in source.fields:
        if f.ref and f.name in typed and str(typed[f.name]) not in refs[f.ref]:
            return "unknown_reference"
    return None


def reference_values(landing: Path) -> dict[str, set[str]]:
    refs: dict[str, set[str]] = {}
    for name in REFERENCE_SOURCES:
        src = SOURCES[name]
        for path in sorted((landing / name).glob(src.pattern)):
            for _, values, _ in records(path, src):
                for f in src.fields:
                    refs.setdefault(f"{name}.{f.name}", set()).add(str(values[f.name]))
    return refs


def broken_rows(landing: Path, as_of: date) -> set[tuple[str, str, int, str]]:
    refs = reference_values(landing)
    found: set[tuple[str, str, int, str]] = set()
    for name, src in SOURCES.items():
        for path in sorted((landing / name).glob(src.pattern)):
            rel = f"{name}/{path.name}"
            for line, values, forced in records(path, src):
                rule = forced or row_rule(src, values, refs, as_of)
                if rule:
                    found.add((name, rel, line, rule))
    return found


def latest_rows(landing: Path, source_name: str, as_of: date) -> list[dict]:
    """Loadable rows of a source, the latest version per key (what the warehouse keeps)."""
    src = SOURCES[source_name]
    refs = reference_values(landing)
    best: dict[tuple, tuple] = {}
    for path in sorted((landing / source_name).glob(src.pattern)):
        for _, values, forced in records(path, src):
            if forced or row_rule(src, values, refs, as_of):
                continue
            key = tuple(values[k] for k in src.key)
            version = str(values[src.version_field]) if src.version_field else ""
            if key not in best or version > best[key][0]:
                best[key] = (version, values)
    return [v for _, v in best.values()]
