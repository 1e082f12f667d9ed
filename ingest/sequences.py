"""Orders of events across sources that cannot happen: an exit before the person's first hire.

Within one row the contract's `Source.sequences` are checked by `ingest.validate`. An exit and
the hire it ends come from different sources, so the exit is checked here, against every hire
the warehouse already holds (HR master and onboarding, all loads; the reference sources and
the HR master load before exits in a build). People are matched by a comparison key of the HR
number format (full-width digits made ASCII, spaces and a spreadsheet `.0` dropped, leading
zeros ignored): the same number the crosswalk's HR rule gives (`id_normalization_rules`). An
exit of a person no hire names is not judged here: the crosswalk lists it.
"""

from __future__ import annotations

import duckdb
import polars as pl

from ingest.validate import QUARANTINE_COLUMNS

_FULL_WIDTH = [chr(0xFF10 + d) for d in range(10)]
_ASCII = [str(d) for d in range(10)]
# Sources that record a hire: (table, ID column, hire date column).
HIRE_RECORDS = (
    ("hr_employees", "employee_id", "hire_date"),
    ("onboarding", "employee_id", "hire_date"),
)


def hr_number_key(column: pl.Expr) -> pl.Expr:
    """A comparison key for an HR-format employee number: `０１２３` / ` 123 ` / `123.0` /
    `00000123` all give `123`."""
    digits = (
        column.str.replace_many(_FULL_WIDTH, _ASCII)
        .str.strip_chars()
        .str.replace(r"\.0+$", "")
        .str.strip_chars_start("0")
    )
    return pl.when(digits.str.contains(r"^[0-9]+$")).then(digits)


def first_hires(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """(key, first_hire_date) of every person with a hire in the raw tables."""
    parts = []
    for table, id_col, date_col in HIRE_RECORDS:
        frame = con.sql(
            f'select "{id_col}" as id, "{date_col}" as hire_date from raw.{table} '
            f'where "{date_col}" is not null'
        ).pl()
        parts.append(frame)
    hires = (
        pl.concat(parts) if parts else pl.DataFrame(schema={"id": pl.String, "hire_date": pl.Date})
    )
    return (
        hires.with_columns(hr_number_key(pl.col("id")).alias("key"))
        .drop_nulls("key")
        .group_by("key")
        .agg(pl.col("hire_date").min().alias("first_hire_date"))
    )


def exits_before_first_hire(
    good: pl.DataFrame, hires: pl.DataFrame, file: str
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(exits kept, quarantine rows for exits dated before the person's first hire)."""
    if good.height == 0 or hires.height == 0:
        return good, pl.DataFrame(schema=QUARANTINE_COLUMNS)
    judged = good.with_columns(hr_number_key(pl.col("employee_id")).alias("__key")).join(
        hires, left_on="__key", right_on="key", how="left", maintain_order="left"
    )
    impossible = pl.col("exit_date") < pl.col("first_hire_date")
    bad = judged.filter(impossible.fill_null(False))
    kept = judged.filter(~impossible.fill_null(False)).drop("__key", "first_hire_date")
    quarantine = bad.select(
        pl.col("_line").alias("line"),
        pl.lit("impossible_sequence").alias("rule"),
        pl.lit("exit_date").alias("field"),
        pl.concat_str(
            pl.lit(f"{file} line "),
            pl.col("_line").cast(pl.String),
            pl.lit(": field exit_date: impossible_sequence: the exit ("),
            pl.col("exit_date").cast(pl.String),
            pl.lit(") lies before the person's first hire ("),
            pl.col("first_hire_date").cast(pl.String),
            pl.lit(")"),
        ).alias("message"),
        pl.lit(None, pl.String).alias("payload"),
    ).cast(QUARANTINE_COLUMNS)
    return kept, quarantine
