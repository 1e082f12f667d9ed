"""Small helpers to turn numpy day/second counts into typed polars columns."""

from __future__ import annotations

import numpy as np
import polars as pl

NO_DAY = -999_999  # "no date" in day arrays (dates before 1970 are negative, so not -1)


def dates(days: np.ndarray) -> pl.Series:
    """Days since 1970-01-01 (NO_DAY: none) as a Date column."""
    s = pl.Series(np.asarray(days, dtype=np.int64), dtype=pl.Int64)
    return pl.select(pl.when(s != NO_DAY).then(s).cast(pl.Int32).cast(pl.Date)).to_series()


def datetimes(seconds: np.ndarray) -> pl.Series:
    """Seconds since 1970-01-01 as a Datetime(us) column."""
    s = pl.Series(np.asarray(seconds, dtype=np.int64) * 1_000_000, dtype=pl.Int64)
    return s.cast(pl.Datetime("us"))


def years_of_days(days: np.ndarray) -> np.ndarray:
    return (
        np.asarray(days, dtype="int64").astype("datetime64[D]").astype("datetime64[Y]").astype(int)
        + 1970
    )


def keys_or_null(keys: np.ndarray) -> pl.Series:
    s = pl.Series(np.asarray(keys, dtype=np.int64), dtype=pl.Int64)
    return pl.select(pl.when(s >= 0).then(s)).to_series()


def lookup(values, idx: np.ndarray) -> pl.Series:
    """`values[idx]` as a String column, without building a numpy string array first."""
    table = pl.Series(list(values), dtype=pl.String)
    return table.gather(pl.Series(np.asarray(idx, dtype=np.int64)))


def yearly_files(prefix: str, years: np.ndarray, suffix: str) -> pl.Series:
    """`<prefix><year><suffix>` per row (file names by year)."""
    y = pl.Series(np.asarray(years, dtype=np.int64)).cast(pl.String)
    return pl.select(pl.lit(prefix) + y + pl.lit(suffix)).to_series()
