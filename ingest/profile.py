"""`talentloop map init`: profile a customer's export and draft its mapping file.

For each column of the export: the inferred type, blanks, distinct values (when there are few),
the date formats that read it (M/D/Y, D/M/Y, D.M.Y, `2024年3月1日`, Excel day numbers, ...),
and the contract field it most likely holds with the evidence: the header's likeness to the
field's name and its zh/en labels (and a few common HRIS header words), the values' shape
(dates, whole numbers in the field's range, ID-like codes), and the overlap of its values with
the field's allowed values. Fields are matched one column each, best evidence first.

The draft (`draft_mapping`) is a mapping file `ingest.mapping` reads as it is: every guess is
written with its evidence as a comment, value maps are left as commented lines to fill in, and
the required fields no column holds are listed at the top. It is a start, to be edited and then
checked with `talentloop map check`.
"""

from __future__ import annotations

import difflib
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from fnmatch import fnmatch
from pathlib import Path

import polars as pl
import tomlkit

from ingest.contract import SOURCES, Field, Source
from ingest.decode import decode_bytes, implausible_reasons
from ingest.mapping import EXCEL_SERIAL, parse_date
from ingest.readers import detect_delimiter

# Date formats a profile tries (strftime, as `[dates]` takes them), most common first; a tie
# between M/D/Y and D/M/Y (no day above 12) is reported as ambiguous.
DATE_FORMATS: tuple[str, ...] = (
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%m/%d/%Y",
    "%d/%m/%Y",
    "%d.%m.%Y",
    # Two-digit years ("07/10/83"): `%Y` reads none of them (parse_date: no year before 1900).
    "%m/%d/%y",
    "%d/%m/%y",
    "%d.%m.%y",
    "%Y年%m月%d日",
    "%Y.%m.%d",
    "%m-%d-%Y",
    "%d-%m-%Y",
    "%Y%m%d",
)
# Excel day numbers from 1927 to 2119: other integers are not taken for dates.
_SERIAL_RANGE = (10_000, 80_000)
# Header words HRIS exports use for a contract field beyond its name and zh/en labels.
HEADER_WORDS: dict[str, tuple[str, ...]] = {
    "employee_id": (
        "emp",
        "emp no",
        "employee number",
        "employee no",
        "worker id",
        "staff id",
        "personnel number",
        "工号",
    ),
    "name": ("full name", "employee name", "display name"),
    "sex": ("gender",),
    "birth_date": ("dob", "date of birth", "birthday", "born"),
    "hire_date": ("start date", "date of hire", "original hire date", "joined", "join date"),
    "org_unit_code": ("dept", "dept id", "department", "department code", "cost center", "部门"),
    "position": ("title", "job title", "role"),
    "grade": ("pay grade", "level", "band", "job level"),
    "manager_id": ("manager", "supervisor", "reports to", "line manager", "上级"),
    "education": ("degree", "highest degree", "education level"),
    "status": ("employment status", "employee status", "active"),
    "parent_code": ("parent", "parent dept", "parent department", "parent unit"),
    "name_en": ("dept name", "department name", "unit name"),
    "level": ("type", "unit type", "org level"),
    "city": ("location", "site", "office"),
    "opened_date": ("opened", "established", "open date"),
}
# Most distinct values listed for a column (more: it is not a code list).
FEW_VALUES = 12


@dataclass
class ColumnProfile:
    name: str
    values: int  # non-blank values
    blanks: int
    kind: str  # text | integer | decimal | date | id
    distinct: int
    top: list[tuple[str, int]] = field(default_factory=list)  # (value, count) when few
    date_formats: list[str] = field(default_factory=list)
    date_note: str = ""
    common_prefix: str = ""
    guess: str | None = None  # the contract field it most likely holds
    score: float = 0.0
    evidence: list[str] = field(default_factory=list)


@dataclass
class Profile:
    source: str
    file: str
    encoding: str
    delimiter: str
    rows: int
    columns: list[ColumnProfile]
    unmapped_required: list[str]
    derived: dict[str, str] = field(default_factory=dict)
    lookups: dict[str, str] = field(default_factory=dict)  # id field -> lookup column
    sheet: str | None = None  # the sheet read, for a workbook


def _words(text: str) -> str:
    """Lower case, separators as single spaces, `#`/`no`/`number` as one word: "Emp #" -> "emp"."""
    text = re.sub(r"[_\-/#.()]+", " ", text.lower())
    return " ".join(w for w in text.split() if w not in ("of", "the"))


def name_likeness(header: str, f: Field) -> tuple[float, str]:
    """How much `header` reads like the field (0..1) and which of its names it resembles."""
    target = _words(header)
    best, why = 0.0, ""
    names = (f.name.replace("_", " "), f.en, f.zh, *HEADER_WORDS.get(f.name, ()))
    for candidate in names:
        words = _words(candidate)
        if not words:
            continue
        if words == target:
            return 1.0, candidate
        ratio = difflib.SequenceMatcher(None, target, words).ratio()
        if len(words) > 3 and f" {words} " in f" {target} ":
            ratio = max(ratio, 0.85)  # "Reports To Position" holds "reports to"
        if ratio > best:
            best, why = ratio, candidate
    return best, why


def _decoded(data: bytes, source: Source) -> tuple[str, str]:
    """The text and the encoding that reads it plausibly: UTF-8/16 first, then the source's
    encodings, then Windows-1252 (what Excel writes on a Western machine)."""
    candidates = list(dict.fromkeys(("utf-8", *source.encodings, "cp1252")))
    fallback = None
    for encoding in candidates:
        decoded = decode_bytes(data, (encoding,))
        if decoded is None:
            continue
        fallback = fallback or decoded
        lines = pl.Series(decoded.text.splitlines()[:2000], dtype=pl.String)
        if implausible_reasons(lines, decoded.encoding).null_count() == len(lines):
            return decoded.text, decoded.encoding
    if fallback is None:
        raise ValueError("the bytes decode in none of " + ", ".join(candidates))
    return fallback.text, fallback.encoding


def read_export(path: Path, source: Source) -> tuple[pl.DataFrame, str, str, str | None]:
    """The export as text columns (header as delivered), its encoding, its delimiter and, for
    a workbook, the sheet read (encoding "xlsx", no delimiter)."""
    data = Path(path).read_bytes()
    if Path(path).suffix.lower() in (".xlsx", ".xlsm"):
        import fastexcel

        book = fastexcel.read_excel(data)
        name = source.sheet if source.sheet in book.sheet_names else book.sheet_names[0]
        frame = book.load_sheet_by_name(name, dtypes="string").to_polars()
        return frame, "xlsx", "", name
    text, encoding = _decoded(data, source)
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = detect_delimiter(first)
    frame = pl.read_csv(
        io.StringIO(text), separator=delimiter, infer_schema=False, truncate_ragged_lines=True
    )
    return frame.rename({c: c.strip() for c in frame.columns}), encoding, delimiter, None


def _date_formats(values: pl.Series) -> tuple[list[str], str, int]:
    """The formats that read the values (best first, Excel day numbers last), a note on
    ambiguity, and how many values they read."""
    hits = {
        fmt: int(
            values.to_frame("v").select(parse_date(pl.col("v"), fmt).is_not_null().sum()).item()
        )
        for fmt in DATE_FORMATS
    }
    best = max(DATE_FORMATS, key=lambda f: hits[f])
    formats, note = [], ""
    if hits[best]:
        formats.append(best)
        ties = [f for f in DATE_FORMATS if f != best and hits[f] == hits[best]]
        if ties:
            note = f"ambiguous: {best} or {', '.join(ties)} read the same values (no day above 12)"
    unread = (
        values.to_frame("v").filter(parse_date(pl.col("v"), best).is_null())["v"]
        if formats
        else values
    )
    number = unread.cast(pl.Float64, strict=False)
    serials = int(number.is_between(*_SERIAL_RANGE).sum())
    # Excel day numbers count as dates beside other dates, or when the header says date.
    if serials and (formats or serials == len(values)):
        formats.append(EXCEL_SERIAL)
    return formats, note, hits[best] + (serials if EXCEL_SERIAL in formats else 0)


def _common_prefix(values: list[str]) -> str:
    """A letter prefix every value shares before its digits ("E-" of "E-1001")."""
    prefix = re.match(r"^[^0-9]*", values[0]).group(0) if values else ""
    return prefix if prefix and all(v.startswith(prefix) for v in values) else ""


def profile_column(name: str, column: pl.Series) -> ColumnProfile:
    text = column.cast(pl.String).str.strip_chars()
    values = text.filter(text.is_not_null() & (text.str.len_chars() > 0))
    counts = Counter(values.to_list())
    profile = ColumnProfile(name, len(values), len(text) - len(values), "text", len(counts))
    if len(counts) <= FEW_VALUES:
        profile.top = counts.most_common()
    if not len(values):
        return profile
    as_float = values.cast(pl.Float64, strict=False)
    formats, note, read = _date_formats(values)
    date_like = formats and formats != [EXCEL_SERIAL] and read >= 0.8 * len(values)
    serial_only = formats == [EXCEL_SERIAL] and re.search(r"date|day|日期", name.lower())
    if date_like or serial_only:
        profile.kind, profile.date_formats, profile.date_note = "date", formats, note
    elif as_float.is_not_null().all():
        whole = (as_float == as_float.round(0)).all()
        profile.kind = "integer" if whole else "decimal"
    prefix = _common_prefix(values.to_list())
    digits = values.str.strip_prefix(prefix).str.contains(r"^[0-9]+$").all() if prefix else False
    id_like = digits or (profile.kind == "integer" and len(counts) >= 0.9 * len(values))
    if profile.kind in ("integer", "text") and id_like:
        profile.kind, profile.common_prefix = "id", prefix
    return profile


def _evidence(col: ColumnProfile, f: Field) -> tuple[float, list[str]]:
    """A score for `col` holding `f` and the reasons, in words."""
    likeness, like = name_likeness(col.name, f)
    score, why = 0.6 * likeness, []
    if likeness >= 0.6:
        why.append(f"header like {like!r} ({likeness:.0%})")
    if f.dtype == "date" and col.kind == "date":
        score += 0.3
        why.append("values are dates (" + ", ".join(col.date_formats) + ")")
    if f.dtype == "int" and col.kind in ("integer", "id") and col.top and not col.common_prefix:
        numbers = [float(v) for v, _ in col.top]
        low = f.min if f.min is not None else min(numbers)
        high = f.max if f.max is not None else max(numbers)
        if low <= min(numbers) and max(numbers) <= high:
            score += 0.2
            why.append(f"whole numbers within {low:g}-{high:g}")
    if f.is_id and col.kind == "id":
        score += 0.2
        why.append(
            "ID-like values" + (f" (prefix {col.common_prefix!r})" if col.common_prefix else "")
        )
    if f.allowed and col.top:
        known = sum(1 for v, _ in col.top if _is_allowed(f, v))
        if known:
            share = known / len(col.top)
            # Codes that are plain numbers (grades 1-10) fit any column of small numbers (a
            # department ID): they speak for the field only beside a header that does.
            weak = all(a.isdigit() for a in f.allowed) and likeness < 0.6
            score += (0.15 if weak else 0.5) * share
            why.append(f"{known} of {len(col.top)} values are allowed values")
    if f.dtype == "date" and col.kind != "date" or f.dtype != "date" and col.kind == "date":
        score -= 0.3  # a date column is not a name, and a name is not a date
    return score, why


def _match(columns: list[ColumnProfile], source: Source) -> None:
    """Each field to at most one column and back, best score first; a guess needs the header
    or the values to speak for it."""
    pairs = []
    for col in columns:
        for f in source.fields:
            score, why = _evidence(col, f)
            if score >= 0.45 and why:
                pairs.append((score, col.name, f.name, why))
    taken_cols: set[str] = set()
    taken_fields: set[str] = set()
    by_name = {c.name: c for c in columns}
    for score, col_name, field_name, why in sorted(pairs, key=lambda p: -p[0]):
        if col_name in taken_cols or field_name in taken_fields:
            continue
        taken_cols.add(col_name)
        taken_fields.add(field_name)
        col = by_name[col_name]
        col.guess, col.score, col.evidence = field_name, round(score, 2), why


def _name_parts(columns: list[ColumnProfile]) -> tuple[str, str] | None:
    """First- and last-name columns, when the export splits the name."""
    first = next((c.name for c in columns if re.search(r"first|given", c.name.lower())), None)
    last = next(
        (c.name for c in columns if re.search(r"last|family|surname", c.name.lower())), None
    )
    return (first, last) if first and last else None


def _lookup_column(frame: pl.DataFrame, id_col: str, ref_col: str, others: list[str]) -> str | None:
    """For a reference column (a manager) whose values are mostly not IDs of `id_col`: the
    column whose values hold most of them (a position number), else None."""
    refs = set(frame[ref_col].drop_nulls().str.strip_chars()) - {""}
    if not refs:
        return None

    def share(col: str) -> float:
        return len(refs & set(frame[col].drop_nulls().str.strip_chars())) / len(refs)

    best = max(others, key=share, default=None)
    if best is not None and share(best) >= 0.6 and share(best) > share(id_col):
        return best
    return None


# Headers of the date a person left, for a roster that has it instead of a status.
_END_DATE_WORDS: tuple[str, ...] = ("termination", "terminated", "separation", "exit", "leaving")
_END_DATE_ZH: tuple[str, ...] = ("离职", "离司")


def _end_date_column(columns: list[ColumnProfile]) -> str | None:
    """An unmapped date column that says when the person left (`Termination Date`, 离职日期):
    the status is then derived from it, exited when it has a date."""
    for col in columns:
        words = _words(col.name)
        said = any(w in words.split() for w in _END_DATE_WORDS) or any(
            w in col.name for w in _END_DATE_ZH
        )
        if said and col.kind == "date" and col.guess is None:
            return col.name
    return None


def profile_export(path: Path, source_name: str) -> Profile:
    """Profile one export file as a candidate for `source_name`."""
    source = SOURCES[source_name]
    frame, encoding, delimiter, sheet = read_export(path, source)
    columns = [profile_column(c, frame[c]) for c in frame.columns]
    _match(columns, source)
    by_field = {c.guess: c for c in columns if c.guess}
    derived: dict[str, str] = {}
    parts = _name_parts(columns)
    if "name" in source.columns and parts:
        for part in parts:
            col = next(c for c in columns if c.name == part)
            if col.guess == "name":
                col.guess, col.evidence = None, []
        by_field.pop("name", None)
        derived["name"] = f'`{parts[0]}` + " " + `{parts[1]}`'
    if source.name == "hr_employees" and "status" not in by_field:
        ended = _end_date_column(columns)
        if ended is not None:
            derived["status"] = f'"exited" if `{ended}` else "active"'
    lookups: dict[str, str] = {}
    id_field = next((f.name for f in source.fields if f.is_id and f.name in by_field), None)
    for f in source.fields:
        if f.is_id and f.name != id_field and f.name in by_field and id_field:
            mapped = {c.name for c in columns if c.guess}
            others = [c.name for c in columns if c.kind == "id" and c.name not in mapped]
            found = _lookup_column(frame, by_field[id_field].name, by_field[f.name].name, others)
            if found:
                lookups[f.name] = found
    unmapped = [
        f.name
        for f in source.fields
        if f.required and f.name not in by_field and f.name not in derived
    ]
    return Profile(
        source_name,
        Path(path).name,
        encoding,
        delimiter,
        frame.height,
        columns,
        unmapped,
        derived,
        lookups,
        sheet,
    )


def draft_mapping(profile: Profile, today: date | None = None) -> str:
    """The draft mapping file (TOML, readable by `ingest.mapping.load_mapping` as it is)."""
    source = SOURCES[profile.source]
    doc = tomlkit.document()
    doc.add(tomlkit.comment(f"Draft mapping of {profile.file} ({profile.rows} rows), written by"))
    doc.add(tomlkit.comment(f"`talentloop map init` on {today or date.today()}. Check every line,"))
    doc.add(tomlkit.comment("fill the value maps, then run `talentloop map check`."))
    if profile.unmapped_required:
        doc.add(tomlkit.comment("Required fields no column holds (map a column, derive them,"))
        doc.add(tomlkit.comment("or give a constant): " + ", ".join(profile.unmapped_required)))
    doc.add(tomlkit.nl())
    doc.add("source", profile.source)
    suffix = Path(profile.file).suffix.lower()
    if not fnmatch(profile.file, source.pattern) and suffix:
        # Another kind of file than the contract's extract (an Excel roster): the mapping's
        # pattern names it, and the reader follows the extension.
        doc.add("pattern", f"*{suffix}")
    if profile.encoding == "xlsx":
        doc.add("sheet", profile.sheet)
    elif profile.encoding not in ("utf-8", "utf-8-sig"):
        doc.add("encoding", [profile.encoding])
    if profile.encoding != "xlsx" and profile.delimiter != ",":
        doc.add("delimiter", profile.delimiter)

    columns = tomlkit.table()
    for col in profile.columns:
        if col.guess:
            columns.add(col.name, col.guess)
            columns[col.name].comment("; ".join(col.evidence))
    for col in profile.columns:
        if not col.guess and col.name not in " ".join(profile.derived.values()):
            columns.add(tomlkit.comment(f"not mapped: {col.name!r} ({_summary(col)})"))
    doc.add("columns", columns)

    by_field = {c.guess: c for c in profile.columns if c.guess}
    values = tomlkit.table(is_super_table=True)
    for name, col in by_field.items():
        f = source.field(name)
        unknown = [v for v, _ in col.top if f.allowed and not _is_allowed(f, v)]
        if unknown:
            table = tomlkit.table()
            table.add(tomlkit.comment(f"{col.name!r} -> {name}: one of {', '.join(f.allowed)}"))
            for value in unknown:
                same = _same_code(value, f.allowed)
                if same:  # "Department" -> "department": written, still to be checked
                    table.add(value, same)
                else:
                    table.add(tomlkit.comment(f'"{value}" = ""'))
            values.add(name, table)
    if values:
        doc.add("values", values)

    dates = tomlkit.table()
    for name, col in by_field.items():
        if source.field(name).dtype == "date" and col.date_formats:
            dates.add(name, col.date_formats)
            if col.date_note:
                dates[name].comment(col.date_note)
    if dates:
        doc.add("dates", dates)

    if profile.derived:
        derived = tomlkit.table()
        for name, expression in profile.derived.items():
            derived.add(name, tomlkit.string(expression, literal=True))
        doc.add("derived", derived)

    ids = tomlkit.table(is_super_table=True)
    for name, col in by_field.items():
        rule = tomlkit.table()
        if source.field(name).is_id and col.common_prefix:
            rule.add("strip_prefix", col.common_prefix)
        if name in profile.lookups:
            rule.add("lookup", profile.lookups[name])
            rule["lookup"].comment(
                f"most values of {col.name!r} are values of this column, not {name} values"
            )
        if rule:
            ids.add(name, rule)
    if ids:
        doc.add("ids", ids)

    constants = tomlkit.table()
    for name in profile.unmapped_required:
        f = source.field(name)
        hint = f"one of {', '.join(f.allowed)}" if f.allowed else f"{f.dtype}: {f.meaning}"
        constants.add(tomlkit.comment(f'{name} = ""  # {hint}'))
    if profile.unmapped_required:
        doc.add("constants", constants)
    return tomlkit.dumps(doc)


def _is_allowed(f: Field, value: str) -> bool:
    """Whether the build loads `value` as it is (a code, or a code list's label or spelling)."""
    if f.codes is not None:
        return f.codes.code_of(value) is not None
    return f.allowed is not None and value in f.allowed


def _same_code(value: str, allowed: tuple[str, ...]) -> str | None:
    """The allowed code that `value` spells with other case or separators, if one does."""
    key = _words(value).replace(" ", "_")
    return next((a for a in allowed if a.lower() == key), None)


def _summary(col: ColumnProfile) -> str:
    if col.kind == "date":
        return "dates " + ", ".join(col.date_formats)
    if col.top:
        return f"{col.distinct} values: " + ", ".join(v for v, _ in col.top)
    return f"{col.kind}, {col.distinct} distinct"
