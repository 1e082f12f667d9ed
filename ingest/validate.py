"""Validation of a reader's rows against the contract, as one pass of polars expressions.

Each row gets the first `QUARANTINE_RULES` rule it breaks (rules in order, fields in contract
order within a rule); rows that break none are typed and returned for loading. No Python code
runs per row, so the same code handles a sample file and tens of millions of rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from ingest.contract import (
    BOOL_FALSE,
    BOOL_TRUE,
    DATE_FORMATS,
    QUARANTINE_RULES,
    Field,
    Source,
)
from ingest.readers import FLAG, FLAG_RULES, LINE, MALFORMED, PAYLOAD

POLARS_TYPES: dict[str, pl.DataType] = {
    "str": pl.String(),
    "int": pl.Int64(),
    "float": pl.Float64(),
    "bool": pl.Boolean(),
    "date": pl.Date(),
    "datetime": pl.Datetime("us"),
}
# Timestamps: ISO 8601 with `T` or a space, optional fraction; a trailing UTC offset is dropped
# (the wall-clock time is kept, as every source system writes local time).
DATETIME_FORMATS: tuple[str, ...] = (
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y/%m/%d %H:%M:%S%.f",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M",
)
_UTC_OFFSET = r"(Z|[+-]\d{2}:?\d{2})$"
QUARANTINE_COLUMNS: dict[str, pl.DataType] = {
    "line": pl.Int64(),
    "rule": pl.String(),
    "field": pl.String(),
    "message": pl.String(),
    "payload": pl.String(),
}


@dataclass
class Validated:
    """The outcome of validating one file: typed good rows and quarantined rows."""

    good: pl.DataFrame  # contract fields typed, plus `_line`
    quarantine: pl.DataFrame  # QUARANTINE_COLUMNS


def _date_parsers(f: Field, text: pl.Expr) -> list[pl.Expr]:
    """Every accepted way to read a date/timestamp field, each null where it does not apply."""
    if f.dtype == "date":
        # A date, or a timestamp whose date it is: database exports write dates as
        # `2024-03-01 00:00:00` (tried after the plain dates, so those stay the fast path).
        return [text.str.to_date(fmt, strict=False) for fmt in DATE_FORMATS] + [
            text.str.replace(_UTC_OFFSET, "")
            .str.to_datetime(fmt, strict=False, time_unit="us")
            .dt.date()
            for fmt in DATETIME_FORMATS
        ]
    parsers: list[pl.Expr] = []
    for source_text in (text, text.str.replace(_UTC_OFFSET, "")):
        parsers += [
            source_text.str.to_datetime(fmt, strict=False, time_unit="us")
            for fmt in DATETIME_FORMATS
        ]
        parsers += [
            source_text.str.to_date(fmt, strict=False).cast(pl.Datetime("us"))
            for fmt in DATE_FORMATS
        ]
    return parsers


def _parsed(f: Field, text: pl.Expr) -> pl.Expr:
    """The value typed per the field's dtype; null when it does not parse (or is missing)."""
    if f.dtype == "str":
        return text
    if f.dtype == "int":
        as_float = text.cast(pl.Float64, strict=False)
        # Spreadsheets write whole numbers as `3.0`; those are still integers.
        integral = pl.when(as_float.is_finite() & (as_float == as_float.round(0))).then(as_float)
        return pl.coalesce(text.cast(pl.Int64, strict=False), integral.cast(pl.Int64, strict=False))
    if f.dtype == "float":
        value = text.cast(pl.Float64, strict=False)
        return pl.when(value.is_finite()).then(value)
    if f.dtype == "bool":
        lowered = text.str.to_lowercase()
        return (
            pl.when(lowered.is_in(BOOL_TRUE))
            .then(pl.lit(True))
            .when(lowered.is_in(BOOL_FALSE))
            .then(pl.lit(False))
        )
    if f.dtype in ("date", "datetime"):
        return pl.coalesce(_date_parsers(f, text))
    raise ValueError(f"unknown dtype {f.dtype!r}")


def _typed_column(rows: pl.DataFrame, f: Field) -> pl.Series:
    """The field's typed column. Dates and timestamps try the format that reads a sample of
    the file first; all formats run over the column only when that one leaves values unread
    (most files use one format, and each extra format costs a full pass)."""
    text = pl.col(f.name).str.strip_chars()
    name = _typed(f.name)
    if f.dtype not in ("date", "datetime"):
        return rows.select(_parsed(f, text).alias(name)).to_series()
    parsers = _date_parsers(f, text)
    sample = rows.select(f.name).drop_nulls().head(2000)
    counts = [p.is_not_null().sum().alias(f"p{i}") for i, p in enumerate(parsers)]
    hits = sample.select(counts).row(0) if sample.height else ()
    best = parsers[max(range(len(parsers)), key=lambda i: hits[i])] if hits else parsers[0]
    typed = rows.select(best.alias(name), _missing(f).alias("missing"))
    unread = typed.select(pl.col(name).is_null() & ~pl.col("missing")).to_series().any()
    if not unread:
        return typed.get_column(name)
    return rows.select(pl.coalesce(parsers).alias(name)).to_series()


def _typed(name: str) -> str:
    return f"__typed__{name}"


def _is_code(f: Field) -> bool:
    """A field whose value is a code (allowed values, a reference, a vocabulary)."""
    return f.allowed is not None or f.ref is not None or f.vocabulary is not None


def _as_codes(f: Field) -> pl.Expr:
    """A code-list field with its labels and spellings replaced by their codes (the payload
    keeps what was delivered); a value that is none of them stays and is judged `not_allowed`."""
    assert f.codes is not None
    spelled = pl.col(f.name).str.strip_chars().str.to_lowercase()
    return spelled.replace_strict(f.codes.canonical(), default=pl.col(f.name)).alias(f.name)


def _missing(f: Field) -> pl.Expr:
    return pl.col(f.name).is_null() | (pl.col(f.name).str.strip_chars().str.len_bytes() == 0)


def _rule_checks(
    source: Source, as_of: date, references: dict[str, pl.Series]
) -> list[tuple[str, str | None, pl.Expr]]:
    """(rule, field, condition) in the order rows are checked; the first true one wins.

    Conditions read the typed columns `__typed__<field>` (non-text fields), computed before.
    """
    required = [f for f in source.fields if f.required]
    per_rule: dict[str, list[tuple[str | None, pl.Expr]]] = {r: [] for r in QUARANTINE_RULES}
    per_rule["malformed_line"].append((None, pl.col(MALFORMED).is_not_null()))
    for flag_rule in FLAG_RULES:
        per_rule[flag_rule].append((None, pl.col(FLAG).str.starts_with(f"{flag_rule}\t")))
    if required:
        # Exact comparison (no trimming) keeps this cheap on every row of a big file.
        stray = pl.all_horizontal(pl.col(f.name) == f.name for f in required)
        per_rule["stray_header"].append((None, stray))
    for f in source.fields:
        typed = pl.col(_typed(f.name)) if f.dtype != "str" else pl.col(f.name)
        if f.required:
            per_rule["missing_required"].append((f.name, _missing(f)))
        if f.dtype != "str":
            per_rule["bad_type"].append((f.name, typed.is_null() & ~_missing(f)))
        if f.allowed is not None:
            per_rule["not_allowed"].append(
                (f.name, ~pl.col(f.name).is_in(f.allowed) & ~_missing(f))
            )
        if f.min is not None:
            per_rule["out_of_range"].append((f.name, typed < f.min))
        if f.max is not None:
            per_rule["out_of_range"].append((f.name, typed > f.max))
        if f.not_future:
            day = typed if f.dtype == "date" else typed.dt.date()
            per_rule["future_date"].append((f.name, day > pl.lit(as_of)))
        for seq in source.sequences:
            if seq.later == f.name:
                earlier = pl.col(_typed(seq.earlier))
                per_rule["impossible_sequence"].append(
                    (f.name, typed < earlier.dt.offset_by(f"{seq.min_years}y"))
                )
        if f.ref is not None and f.ref in references:
            known = references[f.ref]
            per_rule["unknown_reference"].append(
                (f.name, ~pl.col(f.name).is_in(known.implode()) & ~_missing(f))
            )
    return [(rule, fld, cond) for rule, checks in per_rule.items() for fld, cond in checks]


def validate(
    rows: pl.DataFrame,
    source: Source,
    *,
    file: str,
    as_of: date,
    references: dict[str, pl.Series] | None = None,
) -> Validated:
    """Split a reader's rows into typed good rows and quarantined rows (first rule broken).

    `references` maps a field's `ref` ("org_units.org_unit_code") to the values that exist;
    a `ref` it leaves out is not checked (an optional source that was never delivered).
    """
    references = references or {}
    if FLAG not in rows.columns:
        rows = rows.with_columns(pl.lit(None, pl.String).alias(FLAG))
    # Codes are compared and loaded without the blanks exports pad them with ("Production
    # "); free text keeps its own, and IDs are kept as delivered (dbt normalises them and the
    # crosswalk shows the delivered form).
    trimmed = [f.name for f in source.fields if f.dtype == "str" and _is_code(f)]
    rows = rows.with_columns(pl.col(trimmed).str.strip_chars()) if trimmed else rows
    rows = rows.with_columns(_as_codes(f) for f in source.fields if f.codes is not None)
    checks = _rule_checks(source, as_of, references)
    conditions = [cond.fill_null(False) for _, _, cond in checks]
    judged = (
        rows.with_columns(_typed_column(rows, f) for f in source.fields if f.dtype != "str")
        .lazy()
        .with_columns(pl.any_horizontal(conditions).alias("__bad"))
        .collect()
    )
    good = judged.filter(~pl.col("__bad")).select(
        LINE,
        *[
            (pl.col(f.name) if f.dtype == "str" else pl.col(_typed(f.name)))
            .cast(POLARS_TYPES[f.dtype])
            .alias(f.name)
            for f in source.fields
        ],
    )
    # Only the (few) failing rows work out which rule they broke first: "rule\tfield".
    verdict = pl.coalesce(
        [
            pl.when(cond).then(pl.lit(f"{rule}\t{fld or ''}"))
            for (rule, fld, _), cond in zip(checks, conditions, strict=True)
        ]
    )
    bad = judged.filter(pl.col("__bad")).rechunk().with_columns(verdict.alias("__verdict"))
    parts = pl.col("__verdict").str.split_exact("\t", 1)
    rule = parts.struct.field("field_0")
    fld = pl.when(parts.struct.field("field_1") != "").then(parts.struct.field("field_1"))
    rule_text = rule.replace_strict(QUARANTINE_RULES, return_dtype=pl.String)
    # concat_str, not pl.format: polars 2.1's format panics on multi-chunk string columns.
    where = pl.concat_str(pl.lit(f"{file} line "), pl.col(LINE).cast(pl.String))
    message = (
        pl.when(rule == "malformed_line")
        .then(pl.concat_str(where, pl.lit(": malformed_line: "), pl.col(MALFORMED)))
        .when(rule.is_in(FLAG_RULES))
        .then(
            pl.concat_str(
                where, pl.lit(": "), rule, pl.lit(": "), pl.col(FLAG).str.split("\t").list.get(1)
            )
        )
        .when(fld.is_null())
        .then(pl.concat_str(where, pl.lit(": "), rule, pl.lit(": "), rule_text))
        .otherwise(
            pl.concat_str(
                where, pl.lit(": field "), fld, pl.lit(": "), rule, pl.lit(": "), rule_text
            )
        )
    )
    quarantine = bad.select(
        pl.col(LINE).alias("line"),
        rule.alias("rule"),
        fld.alias("field"),
        message.alias("message"),
        pl.col(PAYLOAD).alias("payload"),
    ).cast(QUARANTINE_COLUMNS)
    return Validated(good=good, quarantine=quarantine)
