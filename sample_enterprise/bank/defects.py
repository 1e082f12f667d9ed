"""Planting known defects into a source frame, each on rows chosen at a documented rate.

Quarantinable defects (one rule of `QUARANTINE_RULES` per row, at most one per row) and clean
ones (exact duplicates, corrections re-sent with a later version) are planted on disjoint rows,
so a duplicated or corrected row is itself clean. Rows with a planted ID problem (unresolvable
or conflicting IDs) get no other defect.

A quarantined row that is the only record of a spell boundary (an exit, a hire) is re-sent by
the source system as a clean copy with a later version in a separate file (`resend`), as HR does
after a data-quality alert: the broken line stays quarantined, the copy loads.

Hidden columns added: `_seq` (order within its file), `_rule` (quarantine rule or null),
`_defect` (defect kind or null), `_detail`, `_malformed` (CSV: one extra field; JSONL: truncated
object) and `_stray` (XLSX: a repeated header row).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import polars as pl

from ingest.contract import Source

from .frames import datetimes
from .params import GeneratorParams


@dataclass(frozen=True)
class Correction:
    """How the first-sent (wrong) row differs from the corrected one of the same key."""

    field: str
    # Given the frame of rows to correct, the wrong value the first version carried.
    wrong: Callable[[pl.DataFrame, np.random.Generator], pl.Series]
    # Only rows for which this is true can be corrected (else the value would not change).
    eligible: pl.Expr | None = None
    file: str | None = None  # file the corrected row goes to (default: same file, at the end)


def _count(n: int, rate: float, rng: np.random.Generator) -> int:
    """Rows to plant: n x rate, the fraction rounded up with its own probability (unbiased)."""
    if rate <= 0 or n == 0:
        return 0
    exact = n * rate
    return min(n, int(exact) + int(rng.random() < exact - int(exact)))


def _special_id_rows(df: pl.DataFrame) -> pl.Series:
    idr = [c for c in df.columns if c.startswith("_idr__")]
    if not idr:
        return pl.Series([False] * len(df))
    return df.select(pl.any_horizontal([pl.col(c).is_not_null() for c in idr])).to_series()


def _rule_fields(source: Source) -> dict[str, list[str]]:
    """Fields on which each quarantine rule can be planted for this source."""
    out: dict[str, list[str]] = {}
    out["missing_required"] = [f.name for f in source.fields if f.required]
    out["out_of_range"] = [
        f.name
        for f in source.fields
        if f.dtype in ("int", "float") and (f.max is not None or f.min is not None)
    ]
    out["future_date"] = [
        f.name for f in source.fields if f.not_future and f.dtype in ("date", "datetime")
    ]
    out["unknown_reference"] = [
        f.name
        for f in source.fields
        if f.ref in ("org_units.org_unit_code", "training_catalog.course_code")
    ]
    out["malformed_line"] = ["*"] if source.format in ("csv", "jsonl") else []
    return {k: v for k, v in out.items() if v}


def _rates(p: GeneratorParams) -> dict[str, float]:
    return {
        "malformed_line": p.rate_malformed,
        "missing_required": p.rate_missing_required,
        "out_of_range": p.rate_out_of_range,
        "future_date": p.rate_future_date,
        "unknown_reference": p.rate_unknown_reference,
    }


def _bad_value(
    source: Source,
    field: str,
    rule: str,
    rows: pl.DataFrame,
    rng: np.random.Generator,
    as_of_day: int,
) -> pl.Series:
    f = source.field(field)
    n = len(rows)
    dtype = rows.schema[field]
    if rule == "missing_required":
        return pl.Series(field, [None] * n, dtype=dtype)
    if rule == "out_of_range":
        if f.max is not None:
            bump = (
                rng.integers(1, 6, n) if f.dtype == "int" else np.round(rng.uniform(0.5, 5, n), 1)
            )
            vals = f.max + bump
        else:
            vals = f.min - (
                rng.integers(1, 100, n) if f.dtype == "int" else np.round(rng.uniform(1, 99, n), 1)
            )
        return pl.Series(field, vals).cast(dtype)
    if rule == "future_date":
        day = as_of_day + rng.integers(400, 800, n)
        if f.dtype == "date":
            return pl.Series(field, day.astype(np.int32)).cast(pl.Date)
        return datetimes(day * 86400 + rng.integers(8 * 3600, 18 * 3600, n)).alias(field)
    if rule == "unknown_reference":
        if f.ref == "training_catalog.course_code":
            vals = [f"CRS9{k:03d}" for k in rng.integers(0, 1000, n).tolist()]
        else:
            vals = [f"BR9{k:02d}-D99" for k in rng.integers(0, 100, n).tolist()]
        return pl.Series(field, vals, dtype=pl.String)
    raise ValueError(rule)


def _set_rows(df: pl.DataFrame, rows: np.ndarray, updates: dict[str, pl.Series]) -> pl.DataFrame:
    """Return df with `updates[col]` written into the given row positions."""
    if len(rows) == 0:
        return df
    cols = []
    for name, values in updates.items():
        col = df[name].clone()
        col.scatter(rows, values.cast(col.dtype))
        cols.append(col)
    return df.with_columns(cols)


RESENT = "resent_after_quarantine"


@dataclass(frozen=True)
class Resend:
    """Which quarantined rows the source re-sends clean, and the file the copies go to."""

    # Evaluated on the true (pre-defect) rows; may only read hidden `_` columns, which defects
    # never touch, so it can be re-evaluated on the planted frame.
    when: pl.Expr
    file: str


def _resent_copies(
    source: Source, clean: pl.DataFrame, hit: pl.Series, resend: Resend, as_of_day: int
) -> pl.DataFrame:
    """Clean copies of the quarantined rows `hit`, with a later version, bound for resend.file."""
    copies = clean.filter(hit)
    updates: dict[str, pl.Expr] = {
        "_file": pl.lit(resend.file),
        "_defect": pl.lit(RESENT),
        "_detail": pl.lit(None, dtype=pl.String),
    }
    if "_slash" in copies.columns:
        updates["_slash"] = pl.lit(False)  # the re-send is a fresh export, ISO dates
    vf = source.version_field
    if vf:
        # A day after the first version, but by 02:00 of as_of (the morning's last re-sends);
        # always at least a minute later, so the copy is a newer version of the same key.
        t0 = copies[vf].dt.epoch("us").to_numpy()
        later = np.maximum(
            t0 + 60_000_000, np.minimum(t0 + 86_400_000_000, (as_of_day * 86400 + 7200) * 10**6)
        )
        updates[vf] = pl.Series(vf, later).cast(pl.Datetime("us"))
    return copies.with_columns(**updates)


def _name_the_quarantined_lines(source: Source, laid: pl.DataFrame) -> pl.DataFrame:
    """Detail of each re-sent copy: the quarantined line it replaces (same `_seq`)."""
    is_copy = (pl.col("_defect") == RESENT).fill_null(False)
    copies = laid.filter(is_copy)
    if copies.is_empty():
        return laid
    broken = laid.filter(pl.col("_rule").is_not_null() & ~pl.col("_stray")).select(
        "_seq", _bfile="_file", _bline="_line", _brule="_rule"
    )
    copies = copies.join(broken, on="_seq", how="left").with_columns(
        _detail=pl.concat_str(
            [
                pl.lit(f"{source.name}/"),
                pl.col("_bfile"),
                pl.lit(" line "),
                pl.col("_bline").cast(pl.String),
                pl.lit(" ("),
                pl.col("_brule"),
                pl.lit(")"),
            ]
        )
    )
    copies = copies.drop("_bfile", "_bline", "_brule").select(laid.columns)
    return pl.concat([laid.filter(~is_copy), copies]).sort(["_file", "_seq"])


def plant(
    source: Source,
    df: pl.DataFrame,
    rng: np.random.Generator,
    p: GeneratorParams,
    as_of_day: int,
    correction: Correction | None,
    resend: Resend | None = None,
) -> pl.DataFrame:
    n = len(df)
    df = df.with_columns(
        _seq=pl.int_range(0, n, dtype=pl.Int64).cast(pl.Float64),
        _rule=pl.lit(None, dtype=pl.String),
        _defect=pl.lit(None, dtype=pl.String),
        _detail=pl.lit(None, dtype=pl.String),
        _malformed=pl.lit(False),
        _stray=pl.lit(False),
    )
    free = ~_special_id_rows(df).to_numpy()
    perm = rng.permutation(np.flatnonzero(free))
    cursor = 0

    def take(k: int, mask: np.ndarray | None = None) -> np.ndarray:
        nonlocal cursor, perm
        if mask is None:
            got = perm[cursor : cursor + k]
            cursor += len(got)
            return np.sort(got)
        pool = perm[cursor:]
        ok = pool[mask[pool]][:k]
        perm = np.concatenate([perm[:cursor], ok, pool[~np.isin(pool, ok)]])
        cursor += len(ok)
        return np.sort(ok)

    extra: list[pl.DataFrame] = []
    # 1. Corrections: the first-sent row carries a wrong value, a later version the right one.
    if correction is not None and source.version_field:
        mask = None
        if correction.eligible is not None:
            mask = df.select(correction.eligible.fill_null(False)).to_series().to_numpy()
        vf = source.version_field
        # A not-future version stays before as_of; others may reach the morning of as_of.
        not_future = source.field(vf).not_future
        vmax = (as_of_day * 86400 + (-120 if not_future else 6 * 3600)) * 1_000_000
        room = df.select(pl.col(vf).dt.epoch("us") < vmax - 7200 * 1_000_000).to_series().to_numpy()
        mask = room if mask is None else mask & room
        rows = take(_count(n, p.rate_correction, rng), mask)
        if len(rows):
            orig = df[rows]
            wrong = correction.wrong(orig, rng).alias(correction.field)
            t0 = orig[vf].dt.epoch("us").to_numpy()
            delta = rng.integers(3600, 30 * 86400, len(rows)) * 1_000_000
            later = np.minimum(t0 + delta, np.maximum(t0 + 60_000_000, vmax))
            fixed = orig.with_columns(
                pl.Series(vf, later).cast(pl.Datetime("us")),
                _defect=pl.lit("correction"),
                _detail=pl.concat_str(
                    [
                        pl.lit(f"{correction.field}: "),
                        wrong.cast(pl.String).fill_null(""),
                        pl.lit(" -> "),
                        pl.col(correction.field).cast(pl.String).fill_null(""),
                    ]
                ),
            )
            if correction.file:
                fixed = fixed.with_columns(_file=pl.lit(correction.file))
            fixed = fixed.with_columns(_seq=pl.col("_seq") + float(n))
            extra.append(fixed)
            df = _set_rows(df, rows, {correction.field: wrong})
    # 2. Exact duplicates right after their original.
    rows = take(_count(n, p.rate_duplicate, rng))
    if len(rows):
        extra.append(
            df[rows].with_columns(
                _seq=pl.col("_seq") + 0.5, _defect=pl.lit("duplicate"), _detail=pl.lit("exact copy")
            )
        )
    # 3. Quarantinable defects, one rule per row (`clean` keeps the true values for re-sends).
    clean = df
    rates = _rates(p)
    for rule, fields in _rule_fields(source).items():
        rows = take(_count(n, rates[rule], rng))
        if not len(rows):
            continue
        if rule == "malformed_line":
            detail = "one extra field" if source.format == "csv" else "truncated JSON object"
            df = _set_rows(
                df,
                rows,
                {
                    "_malformed": pl.Series([True] * len(rows)),
                    "_rule": pl.Series([rule] * len(rows)),
                    "_defect": pl.Series([rule] * len(rows)),
                    "_detail": pl.Series([detail] * len(rows)),
                },
            )
            continue
        which = rng.integers(0, len(fields), len(rows))
        for k, field in enumerate(fields):
            sub = rows[which == k]
            if not len(sub):
                continue
            bad = _bad_value(source, field, rule, df[sub], rng, as_of_day)
            df = _set_rows(
                df,
                sub,
                {
                    field: bad,
                    "_rule": pl.Series([rule] * len(sub)),
                    "_defect": pl.Series([rule] * len(sub)),
                    "_detail": pl.Series([field] * len(sub)),
                },
            )
    # 4. Clean re-sends of quarantined rows that were the only record of a spell boundary.
    if resend is not None:
        hit = df.select(pl.col("_rule").is_not_null() & resend.when.fill_null(False)).to_series()
        if hit.any():
            extra.append(_resent_copies(source, clean, hit, resend, as_of_day))
    del clean
    if extra:
        df = pl.concat([df, *[e.select(df.columns) for e in extra]], how="vertical")
    # 5. Stray header rows inside each XLSX file.
    if source.format == "xlsx" and p.stray_headers_per_file > 0:
        strays = []
        for file in sorted(df["_file"].unique().to_list()):
            seqs = df.filter(pl.col("_file") == file)["_seq"]
            lo, hi = float(seqs.min()), float(seqs.max())
            for s in sorted(rng.uniform(lo, hi, p.stray_headers_per_file).tolist()):
                strays.append({"_file": file, "_seq": s + 0.25})
        if strays:
            stray_df = pl.DataFrame(strays).with_columns(
                _rule=pl.lit("stray_header"),
                _defect=pl.lit("stray_header"),
                _detail=pl.lit("header row repeated"),
                _malformed=pl.lit(False),
                _stray=pl.lit(True),
            )
            df = pl.concat([df, stray_df], how="diagonal_relaxed")
    laid = df.sort(["_file", "_seq"]).with_columns(
        _line=pl.int_range(0, pl.len()).over("_file") + (1 if source.format == "jsonl" else 2)
    )
    return _name_the_quarantined_lines(source, laid) if resend is not None else laid
