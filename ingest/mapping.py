"""Declarative source mappings: one TOML file per source brings a customer's export to the
contract, without code (issue 18 part 2; first cut).

```toml
# mappings/hr_employees.toml
source = "hr_employees"
pattern = "*.csv"            # files of the source folder this mapping reads
encoding = ["cp1252"]        # tried in order (UTF-8 is still recognised first when valid)
header_row = 1               # physical line (CSV) or sheet row (XLSX) of the header
delimiter = ","              # omit: detected (comma or tab)
sheet = "Employees"          # XLSX only

[columns]                    # export header -> contract field
"Employee Number" = "employee_id"
"Hire Date" = "hire_date"

[values.sex]                 # export value -> contract code (unmapped values stay as they are
Male = "男"                  # and are judged by the contract: quarantined if not allowed)
Female = "女"

[dates]                      # strftime formats tried per date field, before the contract's
hire_date = ["%m/%d/%Y"]
birth_date = ["%m/%d/%Y", "excel_serial"]

[constants]                  # fields the export lacks, one value for every row
status = "在职"
```

A rating scale is an ordered value map (`[values.grade]`) onto the contract's codes, so
customer vocabulary (part 1) can follow the same form. The quarantine still names the export's
own file and line; the field of a rule is the contract field the mapping named.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

import polars as pl

from ingest.contract import SOURCES, Source
from ingest.readers import ReadOptions

EXCEL_SERIAL = "excel_serial"
_EXCEL_EPOCH = pl.date(1899, 12, 30)


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

    def spec(self) -> Source:
        """The contract's source with this export's file pattern, encodings and sheet."""
        base = SOURCES[self.source]
        return replace(
            base,
            pattern=self.pattern or base.pattern,
            encodings=("utf-8", "utf-8-sig", *self.encodings) if self.encodings else base.encodings,
            sheet=self.sheet or base.sheet,
        )

    def read_options(self) -> ReadOptions:
        return ReadOptions(
            renames=dict(self.columns),
            supplied=frozenset(self.constants),
            header_row=self.header_row,
            delimiter=self.delimiter,
        )

    def apply(self, rows: pl.DataFrame) -> pl.DataFrame:
        """A reader's contract-shaped text columns with values mapped, dates made ISO and
        constants filled; rows stay the same rows (nothing is dropped here)."""
        spec = SOURCES[self.source]
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
                    parsed.append(text.str.to_date(fmt, strict=False))
            iso = pl.coalesce(parsed).dt.strftime("%Y-%m-%d")
            # A value no format reads is kept as delivered: the contract quarantines it.
            exprs.append(pl.coalesce(iso, pl.col(name)).alias(name))
        for name, value in self.constants.items():
            exprs.append(
                pl.coalesce(pl.col(name), pl.lit(str(value), pl.String)).alias(name)
                if name in rows.columns
                else pl.lit(str(value), pl.String).alias(name)
            )
        unknown = [n for n in [*self.values, *self.dates, *self.constants] if n not in spec.columns]
        if unknown:
            raise ValueError(f"mapping {self.source}: not contract fields: {', '.join(unknown)}")
        return rows.with_columns(exprs) if exprs else rows


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
    )


def load_mappings(folder: Path | None) -> dict[str, Mapping]:
    """Every `<source>.toml` of a mappings folder (empty when there is none)."""
    if folder is None or not Path(folder).is_dir():
        return {}
    mappings = [load_mapping(p) for p in sorted(Path(folder).glob("*.toml"))]
    return {m.source: m for m in mappings}
