"""The engine comparison's fingerprint: blind to what engines may legitimately differ in (row
order, float noise past the rounding, column-name case, decimal vs float), not to a value."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import polars as pl

from orchestration.engines.mart_checksums import fingerprint

BASE = pl.DataFrame(
    {
        "employee_key": ["00012345", "00012346", None],
        "month": [date(2025, 1, 31), date(2025, 2, 28), date(2025, 3, 31)],
        "rate": [0.1 + 0.2, 1 / 3, -0.0],
        "is_active": [True, False, None],
    }
)


def test_same_rows_in_another_order_with_float_noise_match() -> None:
    other = (
        BASE.reverse().with_columns(pl.col("rate") + 1e-12).rename({"employee_key": "EMPLOYEE_KEY"})
    )
    assert fingerprint(other) == fingerprint(BASE)


def test_decimal_measures_match_floats() -> None:
    decimals = BASE.with_columns(
        pl.Series("rate", [Decimal("0.3"), Decimal("0.333333333"), Decimal("0")])
    )
    assert fingerprint(decimals) == fingerprint(BASE)


def test_one_changed_value_or_row_changes_the_fingerprint() -> None:
    cleaned_differently = BASE.with_columns(
        pl.when(pl.col("employee_key") == "00012345")
        .then(pl.lit("12345"))
        .otherwise(pl.col("employee_key"))
        .alias("employee_key")
    )
    assert fingerprint(cleaned_differently) != fingerprint(BASE)
    assert fingerprint(BASE.head(2)) != fingerprint(BASE)
    assert fingerprint(BASE.with_columns(pl.col("rate") + 1e-4)) != fingerprint(BASE)
    assert fingerprint(BASE.with_columns(is_active=pl.lit(True))) != fingerprint(BASE)
