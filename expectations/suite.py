"""A suite: the column rules (Great Expectations, on a frame) and table rules (SQL) of one table."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from expectations.gx_validate import validate_frame
from expectations.result import CheckResult
from expectations.rules import ColumnRule, TableRule
from expectations.sql_checks import columns_of, latest_load_id, run_table_rules, table_exists

# Past this many rows the frame GE sees is a sample of about this size; set-based rules still
# see every row. The sample takes whole vectors of rows (DuckDB's system sampling): a row-level
# reservoir over the 180M rows of the headcount snapshot at a million employees costs a full
# decoding scan, while column rules are share-of-rows expectations a 1% sample judges well.
MAX_FRAME_ROWS = 200_000


@dataclass(frozen=True)
class Suite:
    name: str
    table: str  # schema.table in the warehouse
    asset_key: tuple[str, ...]  # the Dagster asset the suite's checks attach to
    column_rules: tuple[ColumnRule, ...] = ()
    table_rules: tuple[TableRule, ...] = ()
    source: str | None = None
    # Raw tables are append-only: row rules judge the newest load, which is what just arrived.
    per_load: bool = False

    @property
    def asset(self) -> str:
        return ".".join(self.asset_key)


def _frame_sql(suite: Suite, columns: list[str], where: str, n_rows: int) -> str:
    cols = ", ".join(f'"{c}"' for c in columns)
    if n_rows <= MAX_FRAME_ROWS:
        return f"select {cols} from {suite.table}{where}"
    sample = f"using sample {100 * MAX_FRAME_ROWS / n_rows:.4f}% (system, 7)"
    if where:
        # A sample is drawn before WHERE applies: filter first, so the newest load gets its share.
        return f"select * from (select {cols} from {suite.table}{where}) {sample}"
    return f"select {cols} from {suite.table} {sample}"


def run_suite(
    con: duckdb.DuckDBPyConnection, suite: Suite, *, load_id: str | None = None
) -> list[CheckResult]:
    """Every rule of the suite; a missing table is one failed result, not an exception."""
    if not table_exists(con, suite.table):
        return [
            CheckResult(
                "exists",
                suite.asset,
                "ERROR",
                False,
                None,
                f"{suite.table} does not exist",
                suite.source,
            )
        ]
    results: list[CheckResult] = []
    if suite.column_rules:
        where, params = "", []
        if suite.per_load:
            load_id = load_id or (latest_load_id(con, suite.source) if suite.source else None)
            where, params = " where _load_id = ?", [load_id]
        available = columns_of(con, suite.table)
        wanted = sorted(
            {r.column for r in suite.column_rules}
            | {r.other for r in suite.column_rules if r.other}
        )
        present = [c for c in wanted if c in available]
        n_rows = con.execute(f"select count(*) from {suite.table}{where}", params).fetchone()[0]
        if present:
            sql = _frame_sql(suite, present, where, n_rows)
            frame = con.execute(sql, params).df()
        else:
            import pandas as pd

            frame = pd.DataFrame()
        results += validate_frame(
            frame,
            list(suite.column_rules),
            asset=suite.asset,
            source=suite.source,
            suite_name=suite.name,
            sampled=n_rows > MAX_FRAME_ROWS,
        )
    results += run_table_rules(
        con, suite.table, list(suite.table_rules), asset=suite.asset, source=suite.source
    )
    return results
