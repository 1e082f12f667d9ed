"""Declarative rules a suite is made of.

Column rules run in Great Expectations on a frame of the newest load; table rules are
set-based and run in SQL on the whole table, so they scale with the warehouse, not with memory.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from expectations.result import Severity

ColumnKind = Literal["not_null", "in_set", "between", "regex", "a_le_b"]


@dataclass(frozen=True)
class ColumnRule:
    """A row-level expectation on one column (or a pair for `a_le_b`)."""

    kind: ColumnKind
    column: str
    severity: Severity = "ERROR"
    value_set: tuple[str, ...] | None = None
    min_value: float | None = None
    max_value: float | None = None
    regex: str | None = None
    other: str | None = None  # the B column of `a_le_b`
    mostly: float = 1.0

    @property
    def name(self) -> str:
        tail = f"{self.column}_le_{self.other}" if self.kind == "a_le_b" else self.column
        return f"{self.kind}.{tail}"


@dataclass(frozen=True)
class Unique:
    """No two rows share these columns."""

    columns: tuple[str, ...]
    severity: Severity = "ERROR"

    @property
    def name(self) -> str:
        return "unique." + "_".join(self.columns)


@dataclass(frozen=True)
class References:
    """Every non-null value of `column` exists in `ref_table.ref_column`."""

    column: str
    ref_table: str
    ref_column: str
    severity: Severity = "ERROR"

    @property
    def name(self) -> str:
        return f"references.{self.column}"


@dataclass(frozen=True)
class RowCount:
    """The table has at least `min_rows` rows."""

    min_rows: int = 1
    severity: Severity = "ERROR"

    @property
    def name(self) -> str:
        return "row_count"


@dataclass(frozen=True)
class FailingRows:
    """No row satisfies `predicate` (a SQL boolean expression over the table's columns)."""

    label: str
    predicate: str
    severity: Severity = "ERROR"

    @property
    def name(self) -> str:
        return f"rows.{self.label}"


TableRule = Unique | References | RowCount | FailingRows
