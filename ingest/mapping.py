"""Declarative source mappings: one TOML file per source brings a customer's export to the
contract, without code (issue 18 part 2; first cut).

```toml
# mappings/hr_employees.toml
source = "hr_employees"
pattern = "*.csv"            # files of the source folder this mapping reads
encoding = ["cp1252"]        # tried in order (UTF-8 is still recognised first when valid)
header_row = 1               # physical line (CSV) or sheet row (XLSX) of the header
delimiter = ","              # omit: detected (comma, tab, semicolon or pipe)
sheet = "Employees"          # XLSX only (the reader follows the pattern's extension: *.xlsx)
records = '`Termination Date`'  # which rows are records of this source (an exits mapping of a
                             # roster: its leavers); the others are counted in the load manifest

[columns]                    # export header -> contract field
"Employee Number" = "employee_id"
"Hire Date" = "hire_date"

[values.sex]                 # export value -> contract code (unmapped values stay as they are
"1" = "M"                    # and are judged by the contract: quarantined if not allowed;
"2" = "F"                    # a code list's labels, e.g. Male or 女, need no map)

[dates]                      # strftime formats tried per date field, before the contract's
hire_date = ["%m/%d/%Y"]
birth_date = ["%m/%d/%Y", "excel_serial"]

[constants]                  # fields the export lacks, one value for every row
education = "本科"

[derived]                    # fields computed from the export's columns (ingest/mapping_expr.py)
status = '"exited" if `Termination Date` else "active"'

[ids.employee_id]            # the ID rule: strip a prefix, zero-pad digits, add a prefix
strip_prefix = "E-"
pad = 8

[ids.manager_id]             # another number space: each value is looked up in this column
lookup = "Position Number"   # of the same file and replaced by that row's employee_id
```

Steps run in this order: derived, values, dates, constants, ids (so a derived status can go
through a value map, and a lookup sees employee IDs after their own rule).

A rating scale is an ordered value map (`[values.grade]`) onto the contract's codes, so
customer vocabulary (part 1) can follow the same form. The quarantine names the export's own
file, line and column: the field of a rule is the contract field, and its message adds the
export column(s) the mapping read it from (`column_note`).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import polars as pl

from ingest.contract import SOURCES, Field, Format, Source
from ingest.mapping_expr import Derived, compile_derived
from ingest.readers import ReadOptions

EXCEL_SERIAL = "excel_serial"
# File extensions of a mapping's pattern and the reader each needs.
FORMAT_OF_EXTENSION: dict[str, Format] = {
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".csv": "csv",
    ".txt": "csv",
    ".tsv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}


def format_of(pattern: str | None) -> Format | None:
    """The format a file pattern's extension names (`*.xlsx` -> xlsx), None when it names none."""
    if not pattern:
        return None
    return FORMAT_OF_EXTENSION.get(Path(pattern.lower()).suffix)


_EXCEL_EPOCH = pl.date(1899, 12, 30)
# No date an HR system holds lies before this year: a two-digit year read by a `%Y` format
# ("07/10/83" as the year 83) is no date, not a date 1,900 years ago.
MIN_YEAR = 1900


def parse_date(text: pl.Expr, fmt: str, *, past: bool = False) -> pl.Expr:
    """`text` read with the strftime `fmt`; null where it does not read or the year is before
    MIN_YEAR. `past`: the field cannot lie after today, so a two-digit year (`%y`) takes the
    century that keeps it there (a birth year 65 is 1965, where polars' pivot says 2065)."""
    value = text.str.to_date(fmt, strict=False)
    if past and "%y" in fmt:
        value = (
            pl.when(value > pl.lit(date.today())).then(value.dt.offset_by("-100y")).otherwise(value)
        )
    return pl.when(value.dt.year() >= MIN_YEAR).then(value)


@dataclass(frozen=True)
class IdRule:
    """How one ID field of the export becomes the contract's ID (applied in this order)."""

    strip_prefix: str = ""
    pad: int | None = None  # zero-pad all-digit IDs on the left to this width
    prefix: str = ""
    # Another number space: the value is found in this export column of the same file and
    # replaced by that row's `lookup_value` field (after that field's own rule).
    lookup: str | None = None
    lookup_value: str = "employee_id"

    def apply(self, column: pl.Expr) -> pl.Expr:
        text = column.str.strip_chars()
        if self.strip_prefix:
            text = text.str.strip_prefix(self.strip_prefix)
        if self.pad:
            text = (
                pl.when(text.str.contains(r"^[0-9]+$"))
                .then(text.str.zfill(self.pad))
                .otherwise(text)
            )
        if self.prefix:
            text = pl.lit(self.prefix) + text
        return text


def _looked_up(rows: pl.DataFrame, name: str, rule: IdRule) -> pl.Expr:
    """`name`'s values replaced through the lookup column. A value the column does not hold
    (or holds for two people) is kept as `not found in <column>: <value>`: the warehouse cannot
    read that as an ID, so it is listed in marts.id_exceptions, and it can never collide with a
    real employee number of the other number space."""
    pairs = (
        rows.select(
            pl.col(rule.lookup).str.strip_chars().alias("key"),
            pl.col(rule.lookup_value).alias("value"),
        )
        .drop_nulls()
        .unique()
    )
    unique = pairs.filter(pl.col("key").is_unique())
    value = pl.col(name).str.strip_chars()
    missing = pl.concat_str(pl.lit(f"not found in {rule.lookup}: "), value)
    return value.replace_strict(
        unique["key"], unique["value"], default=missing, return_dtype=pl.String
    )


@dataclass(frozen=True)
class Mapping:
    source: str
    pattern: str | None = None
    encodings: tuple[str, ...] = ()
    header_row: int | None = None
    delimiter: str | None = None
    sheet: str | None = None
    columns: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    dates: dict[str, tuple[str, ...]] = field(default_factory=dict)
    constants: dict[str, str] = field(default_factory=dict)
    derived: dict[str, Derived] = field(default_factory=dict)
    ids: dict[str, IdRule] = field(default_factory=dict)
    # Which rows of the export are records of this source (one export feeding several sources:
    # the roster's leavers are the exits); None: every row.
    records: Derived | None = None

    @property
    def export_columns(self) -> tuple[str, ...]:
        """Export columns the mapping reads beyond the contract's fields (derived fields'
        operands, the records rule's and lookup columns)."""
        contract = set(SOURCES[self.source].columns)
        wanted = [c for d in self.derived.values() for c in d.columns]
        wanted += list(self.records.columns) if self.records else []
        wanted += [r.lookup for r in self.ids.values() if r.lookup]
        return tuple(c for c in dict.fromkeys(wanted) if c not in contract)

    def read_spec(self) -> Source:
        """The spec the reader reads with: the contract's fields, plus each extra export column
        as a required text field (a file without it is rejected, naming the column)."""
        base = self.spec()
        extra = tuple(
            Field(name=c, dtype="str", required=True, meaning="read by the mapping", zh=c, en=c)
            for c in self.export_columns
        )
        return replace(base, fields=base.fields + extra)

    def column_note(self, name: str) -> str:
        """The export column(s) a contract field comes from, for a quarantine message."""
        renamed = [header for header, target in self.columns.items() if target == name]
        if renamed:
            return "column " + ", ".join(f'"{h}"' for h in renamed)
        if name in self.derived:
            return f"derived: {self.derived[name].text}"
        if name in self.constants:
            return f"constant {self.constants[name]!r}"
        return "column " + f'"{name}"'

    def spec(self) -> Source:
        """The contract's source with this export's file pattern, format, encodings and sheet.
        The format follows the pattern's extension (an Excel export of a source whose own
        extract is CSV is read as a workbook), else the contract's."""
        base = SOURCES[self.source]
        return replace(
            base,
            pattern=self.pattern or base.pattern,
            format=format_of(self.pattern) or base.format,
            encodings=("utf-8", "utf-8-sig", *self.encodings) if self.encodings else base.encodings,
            sheet=self.sheet or base.sheet,
        )

    def read_options(self) -> ReadOptions:
        return ReadOptions(
            renames=dict(self.columns),
            supplied=frozenset(self.constants) | frozenset(self.derived),
            header_row=self.header_row,
            delimiter=self.delimiter,
        )

    def split_records(self, rows: pl.DataFrame) -> tuple[pl.DataFrame, int]:
        """(the rows that are records of this source, how many rows are not), by the `records`
        rule, on the export's columns as read (before values, dates and constants)."""
        if self.records is None:
            return rows, 0
        keep = rows.select(self.records.expr).to_series()
        return rows.filter(keep), int((~keep).sum())

    def apply(self, rows: pl.DataFrame) -> pl.DataFrame:
        """A reader's contract-shaped text columns with values mapped, dates made ISO and
        constants filled; rows stay the same rows (nothing is dropped here)."""
        spec = SOURCES[self.source]
        if self.derived:
            rows = rows.with_columns(d.expr for d in self.derived.values())
        exprs = []
        for name, table in self.values.items():
            exprs.append(
                pl.col(name)
                .str.strip_chars()
                .replace(list(table), list(table.values()))
                .alias(name)
            )
        for name, formats in self.dates.items():
            text = pl.col(name).str.strip_chars()
            parsed = []
            for fmt in formats:
                if fmt == EXCEL_SERIAL:
                    days = text.cast(pl.Float64, strict=False).floor().cast(pl.Int64)
                    parsed.append(_EXCEL_EPOCH + pl.duration(days=days))
                else:
                    parsed.append(parse_date(text, fmt, past=spec.field(name).not_future))
            iso = pl.coalesce(parsed).dt.strftime("%Y-%m-%d")
            # A value no format reads is kept as delivered: the contract quarantines it.
            exprs.append(pl.coalesce(iso, pl.col(name)).alias(name))
        for name, value in self.constants.items():
            exprs.append(
                pl.coalesce(pl.col(name), pl.lit(str(value), pl.String)).alias(name)
                if name in rows.columns
                else pl.lit(str(value), pl.String).alias(name)
            )
        unknown = [
            n
            for n in [*self.values, *self.dates, *self.constants, *self.derived, *self.ids]
            if n not in spec.columns
        ]
        if unknown:
            raise ValueError(f"mapping {self.source}: not contract fields: {', '.join(unknown)}")
        rows = rows.with_columns(exprs) if exprs else rows
        # Own rules first, lookups after: a lookup returns IDs already under their own rule.
        own = [r.apply(pl.col(n)).alias(n) for n, r in self.ids.items() if not r.lookup]
        rows = rows.with_columns(own) if own else rows
        looked = [_looked_up(rows, n, r).alias(n) for n, r in self.ids.items() if r.lookup]
        rows = rows.with_columns(looked) if looked else rows
        return rows.drop(self.export_columns)

    def name_columns(self, quarantine: pl.DataFrame) -> pl.DataFrame:
        """The quarantine's messages with the export column of each field named:
        `field hire_date (column "Hire Date"): bad_type: ...`."""
        message = pl.col("message")
        for name in {*self.columns.values(), *self.derived, *self.constants, *self.ids}:
            note = self.column_note(name)
            message = message.str.replace(
                f": field {name}: ", f": field {name} ({note}): ", literal=True
            )
        return quarantine.with_columns(message.alias("message"))


def load_mapping(path: Path) -> Mapping:
    """Read one mapping file; raises ValueError naming the file for an unknown source/field."""
    with Path(path).open("rb") as fh:
        raw = tomllib.load(fh)
    source = raw.get("source") or Path(path).stem
    if source not in SOURCES:
        raise ValueError(f"{path}: unknown source {source!r}")
    columns = {str(k).strip(): str(v) for k, v in raw.get("columns", {}).items()}
    bad = [v for v in columns.values() if v not in SOURCES[source].columns]
    if bad:
        raise ValueError(f"{path}: columns map onto unknown fields: {', '.join(bad)}")
    encoding = raw.get("encoding", ())
    try:
        derived = {
            str(k): compile_derived(str(k), str(v), columns)
            for k, v in raw.get("derived", {}).items()
        }
        ids = {str(k): IdRule(**v) for k, v in raw.get("ids", {}).items()}
        records = (
            compile_derived("records", str(raw["records"]), columns, condition=True)
            if "records" in raw
            else None
        )
    except (ValueError, TypeError) as exc:
        raise ValueError(f"{path}: {exc}") from None
    bad = [n for n in [*derived, *ids] if n not in SOURCES[source].columns]
    if bad:
        raise ValueError(
            f"{path}: derived fields or ID rules name unknown fields: {', '.join(bad)}"
        )
    return Mapping(
        source=source,
        pattern=raw.get("pattern"),
        encodings=(encoding,) if isinstance(encoding, str) else tuple(encoding),
        header_row=raw.get("header_row"),
        delimiter=raw.get("delimiter"),
        sheet=raw.get("sheet"),
        columns=columns,
        values={
            k: {str(a): str(b) for a, b in v.items()} for k, v in raw.get("values", {}).items()
        },
        dates={
            k: (v,) if isinstance(v, str) else tuple(v) for k, v in raw.get("dates", {}).items()
        },
        constants={k: str(v) for k, v in raw.get("constants", {}).items()},
        derived=derived,
        ids=ids,
        records=records,
    )


def load_mappings(folder: Path | None) -> dict[str, Mapping]:
    """Every `<source>.toml` of a mappings folder (empty when there is none)."""
    if folder is None or not Path(folder).is_dir():
        return {}
    mappings = [load_mapping(p) for p in sorted(Path(folder).glob("*.toml"))]
    return {m.source: m for m in mappings}
