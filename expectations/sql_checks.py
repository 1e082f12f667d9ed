"""Set-based checks in SQL: they scan whole tables inside DuckDB, never in Python memory."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb

from expectations.result import CheckResult
from expectations.rules import FailingRows, References, RowCount, TableRule, Unique
from ingest.contract import FILE_RULES, REQUIRED_SOURCES, SOURCES
from ingest.load import source_delivered
from ingest.raw_schema import DUCKDB_TYPES


def table_exists(con: duckdb.DuckDBPyConnection, qualified: str) -> bool:
    schema, table = qualified.split(".")
    return bool(
        con.execute(
            "select count(*) from duckdb_tables() where schema_name = ? and table_name = ? "
            "and database_name = current_database()",
            [schema, table],
        ).fetchone()[0]
        or con.execute(
            "select count(*) from duckdb_views() where schema_name = ? and view_name = ? "
            "and database_name = current_database()",
            [schema, table],
        ).fetchone()[0]
    )


def columns_of(con: duckdb.DuckDBPyConnection, qualified: str) -> dict[str, str]:
    schema, table = qualified.split(".")
    rows = con.execute(
        "select column_name, data_type from duckdb_columns() where schema_name = ? "
        "and table_name = ? and database_name = current_database() order by column_index",
        [schema, table],
    ).fetchall()
    return {name: dtype for name, dtype in rows}


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def run_table_rules(
    con: duckdb.DuckDBPyConnection,
    table: str,
    rules: list[TableRule],
    *,
    asset: str,
    source: str | None = None,
) -> list[CheckResult]:
    """Evaluate set-based rules on the whole of `table` (schema.name)."""
    out: list[CheckResult] = []
    cols = columns_of(con, table)
    for rule in rules:
        needed = (
            rule.columns
            if isinstance(rule, Unique)
            else (rule.column,)
            if isinstance(rule, References)
            else ()
        )
        missing = [c for c in needed if c not in cols]
        if missing:
            out.append(
                CheckResult(
                    rule.name,
                    asset,
                    rule.severity,
                    False,
                    "missing column",
                    f"column {', '.join(missing)} is missing",
                    source,
                )
            )
            continue
        if isinstance(rule, Unique):
            keys = ", ".join(_q(c) for c in rule.columns)
            # Grouping 64-bit hashes is several times cheaper than grouping the key strings of
            # a hundred million rows; only rows whose hash repeats are then grouped exactly, so
            # a hash collision is never counted as a duplicate.
            bad = con.execute(
                f"with repeated as (select hash({keys}) as h from {table} group by 1 "
                f"having count(*) > 1) "
                f"select coalesce(sum(n - 1), 0) from (select count(*) as n from {table} "
                f"where hash({keys}) in (select h from repeated) group by {keys} "
                f"having count(*) > 1)"
            ).fetchone()[0]
            what = f"rows repeat an earlier row's ({', '.join(rule.columns)})"
        elif isinstance(rule, References):
            absent = optional_source_absent(con, rule.ref_table)
            if absent:
                col = _q(rule.column)
                n = con.execute(f"select count(*) from {table} where {col} is not null").fetchone()[
                    0
                ]
                out.append(
                    CheckResult(
                        rule.name,
                        asset,
                        "WARN",
                        n == 0,
                        n,
                        f"{n} rows have a {rule.column} that cannot be checked: {absent} is "
                        "optional and was never delivered",
                        source,
                        counts={"rows_unchecked": int(n)},
                    )
                )
                continue
            if not table_exists(con, rule.ref_table):
                out.append(
                    CheckResult(
                        rule.name,
                        asset,
                        rule.severity,
                        False,
                        "missing reference table",
                        f"{rule.ref_table} does not exist",
                        source,
                    )
                )
                continue
            col, ref = _q(rule.column), _q(rule.ref_column)
            # Codes compare trimmed: the reference check must not trip over padding. Distinct
            # values are counted first, so the cast and trim run per value, not per row.
            bad = con.execute(
                f"select coalesce(sum(t.n), 0) from (select {col} as v, count(*) as n "
                f"from {table} where {col} is not null group by 1) t where not exists "
                f"(select 1 from {rule.ref_table} r where trim(cast(r.{ref} as varchar)) "
                f"= trim(cast(t.v as varchar)))"
            ).fetchone()[0]
            what = f"rows have a {rule.column} missing from {rule.ref_table}.{rule.ref_column}"
        elif isinstance(rule, RowCount):
            if optional_source_absent(con, table):
                out.append(
                    CheckResult(
                        rule.name,
                        asset,
                        rule.severity,
                        True,
                        0,
                        "optional, never delivered",
                        source,
                    )
                )
                continue
            n = con.execute(f"select count(*) from {table}").fetchone()[0]
            out.append(
                CheckResult(
                    rule.name,
                    asset,
                    rule.severity,
                    n >= rule.min_rows,
                    n,
                    f"{n} rows (at least {rule.min_rows} expected)",
                    source,
                    counts={"rows": n},
                )
            )
            continue
        elif isinstance(rule, FailingRows):
            bad = con.execute(f"select count(*) from {table} where {rule.predicate}").fetchone()[0]
            what = f"rows break {rule.label}"
        else:  # pragma: no cover - the union is closed
            raise TypeError(rule)
        bad = int(bad)
        out.append(
            CheckResult(
                rule.name,
                asset,
                rule.severity,
                bad == 0,
                bad,
                f"{bad} {what}",
                source,
                counts={"rows_failing": bad},
            )
        )
    return out


def optional_source_absent(con: duckdb.DuckDBPyConnection, table: str) -> str | None:
    """The source name when `table` is the raw table of an optional source that was never
    delivered (so nothing can be checked against it), else None."""
    schema, _, name = table.partition(".")
    if schema != "raw" or name not in SOURCES or name in REQUIRED_SOURCES:
        return None
    return None if source_delivered(con, name) else name


def raw_schema_check(con: duckdb.DuckDBPyConnection, source: str) -> CheckResult:
    """raw.<source> has exactly the contract's columns with the contract's types."""
    spec = SOURCES[source]
    expected = {f.name: DUCKDB_TYPES[f.dtype] for f in spec.fields}
    actual = columns_of(con, f"raw.{source}")
    problems = [f"{c} missing" for c in expected if c not in actual]
    problems += [
        f"{c} is {actual[c]}, not {t}"
        for c, t in expected.items()
        if c in actual and actual[c] != t
    ]
    lineage = {"_load_id", "_file", "_line", "_loaded_at"}
    problems += [f"{c} unexpected" for c in actual if c not in expected and c not in lineage]
    return CheckResult(
        name="schema",
        asset=f"raw.{source}",
        severity="ERROR",
        passed=not problems,
        observed=len(problems),
        message="; ".join(problems) if problems else "columns and types match the contract",
        source=source,
    )


def latest_load_id(con: duckdb.DuckDBPyConnection, source: str) -> str | None:
    if not table_exists(con, "raw.load_manifest"):
        return None
    row = con.execute(
        "select load_id from raw.load_manifest where source = ? "
        "group by load_id order by max(loaded_at) desc limit 1",
        [source],
    ).fetchone()
    return row[0] if row else None


def reconciliation(
    con: duckdb.DuckDBPyConnection, source: str, load_id: str | None = None
) -> CheckResult:
    """Rows in = loaded + quarantined, per file of one load, checked against the rows themselves."""
    load_id = load_id or latest_load_id(con, source)
    asset = f"raw.{source}"
    if load_id is None:
        return CheckResult(
            "reconciliation", asset, "ERROR", True, 0, "no load of this source yet", source
        )
    files = con.execute(
        """
        with m as (
            select file, status, rows_read, rows_loaded, rows_quarantined
            from raw.load_manifest where load_id = ? and source = ?
        ),
        r as (select _file as file, count(*) as n from raw."""
        + source
        + """
              where _load_id = ? group by _file),
        q as (select file, count(*) as n from raw.quarantine
              where load_id = ? and source = ? and line is not null group by file)
        select m.file, m.status, m.rows_read, m.rows_loaded, m.rows_quarantined,
               coalesce(r.n, 0), coalesce(q.n, 0)
        from m left join r using (file) left join q using (file) order by m.file
        """,
        [load_id, source, load_id, load_id, source],
    ).fetchall()
    # Rows that landed in raw for this load under a file the manifest does not know.
    orphans = con.execute(
        f"select count(*) from raw.{source} where _load_id = ? and _file not in "
        "(select file from raw.load_manifest where load_id = ? and source = ?)",
        [load_id, load_id, source],
    ).fetchone()[0]
    bad_files: list[str] = []
    totals = {"rows_read": 0, "rows_loaded": 0, "rows_quarantined": 0}
    for file, status, read, loaded, quarantined, in_raw, in_quarantine in files:
        totals["rows_read"] += read
        totals["rows_loaded"] += loaded
        totals["rows_quarantined"] += quarantined
        ok = read == loaded + quarantined and in_raw == loaded
        if status != "skipped_seen":
            ok = ok and in_quarantine == quarantined
        if not ok:
            bad_files.append(file)
    passed = not bad_files and orphans == 0
    msg = (
        f"{totals['rows_read']} rows in = {totals['rows_loaded']} loaded + "
        f"{totals['rows_quarantined']} quarantined over {len(files)} files"
    )
    if not passed:
        msg = f"rows do not add up in {len(bad_files)} file(s): {', '.join(bad_files[:10])}" + (
            f"; {orphans} loaded rows name no manifest file" if orphans else ""
        )
    return CheckResult(
        name="reconciliation",
        asset=asset,
        severity="ERROR",
        passed=passed,
        observed=len(bad_files) + int(orphans),
        message=msg,
        source=source,
        file=bad_files[0] if len(bad_files) == 1 else None,
        counts={**totals, "files": len(files), "files_mismatched": len(bad_files)},
    )


def _file_rule(message: str | None) -> str:
    """The file rule of a rejected file that left no quarantine rows (read from its message)."""
    text = (message or "").lower()
    for rule in FILE_RULES:
        if rule in text:
            return rule
    if "no bytes" in text or "no data rows" in text:
        return "empty_file"
    return "unreadable"


def quarantine_results(
    con: duckdb.DuckDBPyConnection, source: str, load_id: str | None = None
) -> list[CheckResult]:
    """One WARN result per (file, rule) that quarantined rows or rejected a file in this load."""
    load_id = load_id or latest_load_id(con, source)
    if load_id is None:
        return []
    groups = con.execute(
        """
        select m.file, q.rule, count(q.rule) as n, m.status, m.rows_read, m.rows_loaded, m.message
        from raw.load_manifest m
        left join raw.quarantine q
          on m.load_id = q.load_id and m.source = q.source and m.file = q.file
        where m.load_id = ? and m.source = ?
            and (m.status in ('rejected', 'not_loaded') or q.rule is not null)
        group by all order by m.file, q.rule
        """,
        [load_id, source],
    ).fetchall()
    out = []
    for file, rule, n, status, read, loaded, message in groups:
        if status == "not_loaded":
            out.append(
                CheckResult(
                    name="quarantine.not_loaded",
                    asset=f"raw.{source}",
                    severity="WARN",
                    passed=False,
                    observed=0,
                    message=f"{file}: not loaded: {message}",
                    source=source,
                    file=file,
                )
            )
            continue
        rule = rule or _file_rule(message)
        what = "file rejected" if status == "rejected" else "rows quarantined"
        out.append(
            CheckResult(
                name=f"quarantine.{rule}",
                asset=f"raw.{source}",
                severity="WARN",
                passed=False,
                observed=int(n),
                message=f"{file}: {what} by rule {rule}: {n} rows",
                source=source,
                file=file,
                counts={
                    "rows_quarantined": int(n),
                    "rows_read": int(read or 0),
                    "rows_loaded": int(loaded or 0),
                },
            )
        )
    return out


def row_count_vs_previous(
    con: duckdb.DuckDBPyConnection,
    source: str,
    *,
    min_ratio: float = 0.5,
    max_ratio: float = 2.0,
    min_rows: int = 20,
) -> CheckResult:
    """Rows delivered by the newest load against the load before (partial or doubled files)."""
    loads = con.execute(
        """
        select load_id, sum(rows_read) as n from raw.load_manifest
        where source = ? and status not in ('skipped_seen', 'not_loaded')
        group by load_id order by max(loaded_at) desc limit 2
        """,
        [source],
    ).fetchall()
    asset = f"raw.{source}"
    if len(loads) < 2 or loads[1][1] < min_rows:
        return CheckResult(
            "row_count_vs_previous", asset, "WARN", True, None, "no earlier load to compare", source
        )
    now, before = int(loads[0][1]), int(loads[1][1])
    ratio = now / before
    passed = min_ratio <= ratio <= max_ratio
    return CheckResult(
        name="row_count_vs_previous",
        asset=asset,
        severity="WARN",
        passed=passed,
        observed=round(ratio, 3),
        message=f"newest load delivered {now} rows, the one before {before} "
        f"(ratio {ratio:.2f}, expected {min_ratio}-{max_ratio})",
        source=source,
        counts={"rows_newest_load": now, "rows_previous_load": before},
    )


def newest_delivery(
    con: duckdb.DuckDBPyConnection, source: str, landing: Path | None = None
) -> datetime | None:
    """The newest time (naive UTC) a new file of `source` arrived: loaded (not re-seen) or in landing."""
    newest: datetime | None = None
    if table_exists(con, "raw.load_manifest"):
        newest = con.execute(
            "select max(loaded_at) from raw.load_manifest where source = ? "
            "and status not in ('skipped_seen', 'not_loaded')",
            [source],
        ).fetchone()[0]
    folder = landing / source if landing else None
    if folder and folder.is_dir():
        mtimes = [p.stat().st_mtime for p in folder.rglob("*") if p.is_file()]
        if mtimes:
            landed = datetime.fromtimestamp(max(mtimes), UTC).replace(tzinfo=None)
            newest = max(newest, landed) if newest else landed
    return newest


def freshness(
    con: duckdb.DuckDBPyConnection,
    source: str,
    *,
    cadence_days: float,
    grace_hours: float = 6.0,
    now: datetime | None = None,
    landing: Path | None = None,
) -> CheckResult:
    """WARN when `source` has not delivered a new file within its cadence (+ grace).
    A cadence of 0 or less switches the check off for a source the bank does not deliver."""
    # loaded_at is naive UTC (ingest.load): compare in UTC.
    now = now or datetime.now(UTC).replace(tzinfo=None)
    asset = f"raw.{source}"
    if cadence_days <= 0:
        return CheckResult("freshness", asset, "WARN", True, None, "not expected", source)
    never_delivered = source not in REQUIRED_SOURCES and not source_delivered(con, source)
    if never_delivered and not (landing and (landing / source).is_dir()):
        return CheckResult(
            "freshness", asset, "WARN", True, None, "optional, never delivered", source
        )
    newest = newest_delivery(con, source, landing)
    limit = timedelta(days=cadence_days, hours=grace_hours)
    asset = f"raw.{source}"
    if newest is None:
        return CheckResult(
            "freshness", asset, "WARN", False, None, "no file has ever been delivered", source
        )
    age = now - newest
    hours = age.total_seconds() / 3600
    return CheckResult(
        name="freshness",
        asset=asset,
        severity="WARN",
        passed=age <= limit,
        observed=round(hours, 1),
        message=f"newest delivery {hours:.0f} h ago (expected every {cadence_days:g} d)",
        source=source,
        counts={"hours_since_delivery": int(hours), "cadence_days": int(cadence_days)},
    )
