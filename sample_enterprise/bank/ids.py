"""How each source system writes an ID, including the planted variants (docs/architecture.md).

Each function takes true numbers and returns the raw strings plus the variant written, so the
truth (`ids.csv`, `defects.csv`) can say which raw ID belongs to whom and how it was mangled.
"""

from __future__ import annotations

import numpy as np
import polars as pl

FULLWIDTH = [chr(0xFF10 + d) for d in range(10)]
DIGITS = [str(d) for d in range(10)]
CANDIDATE_BASE = 100_000_001  # candidate IDs are C + 9 digits


def canonical(keys: pl.Series | np.ndarray) -> pl.Series:
    """The canonical 8-digit employee key (`00012345`)."""
    return pl.Series(keys, dtype=pl.Int64).cast(pl.String).str.zfill(8)


def _pick(rng: np.random.Generator, n: int, shares: list[float]) -> np.ndarray:
    """Variant index per row: 0 = the system's normal format, k = the k-th variant."""
    cum = np.cumsum(shares)
    return np.searchsorted(cum, rng.random(n), side="right").astype(np.int8) + 0


def _choose(variant: np.ndarray, options: list[pl.Expr]) -> pl.Expr:
    expr = options[0]
    for k in range(1, len(options)):
        expr = pl.when(pl.col("_v") == k).then(options[k]).otherwise(expr)
    return expr


def _render(
    keys: np.ndarray, variant: np.ndarray, builders: list[pl.Expr], names: list[str]
) -> tuple[pl.Series, pl.Series]:
    """Raw strings and variant names; a negative key means "no ID" (null)."""
    k = pl.Series("k", keys, dtype=pl.Int64)
    df = pl.DataFrame({"k": k, "_v": variant}).with_columns(
        k=pl.when(pl.col("k") >= 0).then(pl.col("k"))
    )
    names_s = pl.Series(names, dtype=pl.String)
    out = df.select(
        raw=_choose(variant, builders),
        kind=pl.when(pl.col("k").is_not_null()).then(
            pl.lit(names_s).gather(pl.col("_v").cast(pl.Int64))
        ),
    )
    return out["raw"], out["kind"]


def hr_ids(
    keys: np.ndarray, rng: np.random.Generator, shares: dict[str, float]
) -> tuple[pl.Series, pl.Series]:
    """Legacy HR numbers: `00012345` normally; `12345`, `12345.0`, full-width, ` 12345 `."""
    k = pl.col("k").cast(pl.String)
    variants = ["hr_no_zeros", "hr_float", "hr_fullwidth", "hr_spaces"]
    shares_l = [1.0 - sum(shares[v] for v in variants)] + [shares[v] for v in variants]
    variant = _pick(rng, len(keys), shares_l)
    builders = [
        k.str.zfill(8),
        k,
        k + pl.lit(".0"),
        k.str.replace_many(DIGITS, FULLWIDTH),
        pl.lit(" ") + k + pl.lit(" "),
    ]
    return _render(keys, variant, builders, ["canonical", *variants])


def ai_employee_nos(
    keys: np.ndarray, rng: np.random.Generator, shares: dict[str, float]
) -> tuple[pl.Series, pl.Series]:
    """AI vendor: `XY00012345` normally, `xy-12345` as the variant."""
    k = pl.col("k").cast(pl.String)
    variant = _pick(rng, len(keys), [1.0 - shares["ai_short"], shares["ai_short"]])
    builders = [pl.lit("XY") + k.str.zfill(8), pl.lit("xy-") + k]
    return _render(keys, variant, builders, ["canonical", "ai_short"])


def learner_ids(
    keys: np.ndarray, rng: np.random.Generator, shares: dict[str, float]
) -> tuple[pl.Series, pl.Series]:
    """Learning system: `LMS-00012345` normally, `lms12345` as the variant."""
    k = pl.col("k").cast(pl.String)
    variant = _pick(rng, len(keys), [1.0 - shares["lms_short"], shares["lms_short"]])
    builders = [pl.lit("LMS-") + k.str.zfill(8), pl.lit("lms") + k]
    return _render(keys, variant, builders, ["canonical", "lms_short"])


def candidate_ids(numbers: np.ndarray) -> pl.Series:
    """The AI vendor's candidate ID: `C` + 9 digits."""
    s = pl.Series("c", numbers, dtype=pl.Int64)
    return pl.select(pl.lit("C") + s.cast(pl.String).str.zfill(9)).to_series()


def candidate_ids_as_hr_writes(
    numbers: np.ndarray, rng: np.random.Generator, shares: dict[str, float]
) -> tuple[pl.Series, pl.Series]:
    """HR's copy of the candidate ID: sometimes lower-case or padded with spaces."""
    k = pl.lit("C") + pl.col("k").cast(pl.String).str.zfill(9)
    variants = ["candidate_lower", "candidate_spaces"]
    shares_l = [1.0 - sum(shares[v] for v in variants)] + [shares[v] for v in variants]
    variant = _pick(rng, len(numbers), shares_l)
    builders = [k, k.str.to_lowercase(), pl.lit(" ") + k + pl.lit(" ")]
    return _render(numbers, variant, builders, ["canonical", *variants])
