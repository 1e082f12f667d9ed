"""`talentloop erase`: remove one person from every file of the home, for good.

Under the home's build lock (no build runs meanwhile):
1. the person's IDs come from the crosswalk (`marts.id_crosswalk`: every source ID that
   resolved to the employee key, and those of their candidate keys);
2. a tombstone is recorded (ingest/tombstones.py), so a rebuild or a re-delivered export does
   not bring them back;
3. in the raw layer their rows (where they are the subject) move to the quarantine under the
   rule `erased` with no payload, and the load manifest is corrected (loaded - n,
   quarantined + n), so every delivered row stays accounted for; where they are someone's
   manager, reviewer or interviewer the ID is blanked; quarantined rows that quote their ID
   lose their payload;
4. the archived deliveries are rewritten without those lines (ingest/raw_archive.py);
5. everything dbt and the models derive (every schema but raw and ops) is dropped and the
   warehouse is copied into a new file: DuckDB leaves deleted values in free blocks, a fresh
   copy holds only live rows;
6. the build runs (under the same lock): dbt and the models rebuild from the erased raw
   layer and publish writes new serving (and analyst) files from it;
7. the decision store's rows for the person are deleted (when a store exists);
8. the erasure is audited (employee key and reason; never the person's data).
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from dashboards import audit
from ingest import encryption, raw_archive, tombstones
from ingest.settings import Settings
from orchestration import build_lock

DECISION_STORE = "decisions.sqlite"
KEEP_SCHEMAS = ("raw", "ops")


class ErasureError(RuntimeError):
    """The erasure cannot start (no warehouse, unknown person); nothing was changed."""


@dataclass
class ErasureReport:
    employee_key: str
    candidate_keys: list[str]
    rows_erased: dict[str, int] = field(default_factory=dict)
    references_blanked: dict[str, int] = field(default_factory=dict)
    quarantine_payloads_removed: int = 0
    archive_files_rewritten: list[str] = field(default_factory=list)
    decision_rows_deleted: int = 0
    published: bool = False
    build_exit_code: int | None = None


def canonical_employee(value: str) -> str:
    """The canonical key of an ID typed at the command line (`12345`, `00012345`, `１２３４５`)."""
    rule = next(r for r in tombstones.id_rules() if r.field == "employee_id")
    key = rule.canonical(value)
    if key is None:
        raise ErasureError(f"{value!r} is not an employee number")
    return key


def _person_ids(
    con: duckdb.DuckDBPyConnection, key: str
) -> tuple[list[str], dict[tuple[str, str], set[str]]]:
    rows = con.execute(
        "select source_name, id_field, raw_id, candidate_key from marts.id_crosswalk "
        "where employee_key = ?",
        [key],
    ).fetchall()
    candidates = sorted({c for *_, c in rows if c})
    if candidates:
        rows += con.execute(
            "select source_name, id_field, raw_id, candidate_key from marts.id_crosswalk "
            f"where candidate_key in ({', '.join('?' * len(candidates))})",
            candidates,
        ).fetchall()
    ids: dict[tuple[str, str], set[str]] = {}
    for source, id_field, raw_id, _ in rows:
        ids.setdefault((source, id_field), set()).add(raw_id)
    return candidates, ids


def _erase_raw(
    con: duckdb.DuckDBPyConnection,
    ids: dict[tuple[str, str], set[str]],
    report: ErasureReport,
    lines: dict[str, set[int]],
) -> None:
    for (source, id_field), raw_ids in sorted(ids.items()):
        values = sorted(raw_ids)
        marks = ", ".join("?" * len(values))
        table = f'raw."{source}"'
        if id_field in tombstones.REFERENCE_FIELDS:
            n = con.execute(
                f'update {table} set "{id_field}" = null where "{id_field}" in ({marks})', values
            ).fetchone()[0]
            report.references_blanked[f"{source}.{id_field}"] = n
            continue
        hit = con.execute(
            f'select _load_id, _file, _line from {table} where "{id_field}" in ({marks})', values
        ).fetchall()
        if not hit:
            continue
        for load_id, file, line in hit:
            lines.setdefault(file, set()).add(line)
            con.execute(
                "insert into raw.quarantine (load_id, source, file, line, rule, field, message, "
                "payload, quarantined_at) values (?, ?, ?, ?, ?, null, ?, null, now())",
                [
                    load_id,
                    source,
                    file,
                    line,
                    tombstones.ERASED_RULE,
                    f"{file} line {line}: {tombstones.ERASED_TEXT}",
                ],
            )
            con.execute(
                "update raw.load_manifest set rows_loaded = rows_loaded - 1, "
                "rows_quarantined = rows_quarantined + 1 "
                "where load_id = ? and source = ? and file = ? and status = 'loaded'",
                [load_id, source, file],
            )
        con.execute(f'delete from {table} where "{id_field}" in ({marks})', values)
        report.rows_erased[source] = report.rows_erased.get(source, 0) + len(hit)


def _erase_quarantine_payloads(
    con: duckdb.DuckDBPyConnection,
    key: str,
    candidates: list[str],
    raw_ids: set[str],
    lines: dict[str, set[int]],
) -> int:
    """Quarantined rows that quote the person (an ID of theirs as a token of the payload)."""
    tokens = {key.lstrip("0"), *(c.lstrip("C").lstrip("0") for c in candidates)} | raw_ids
    rows = con.execute(
        "select rowid, file, line, payload from raw.quarantine "
        "where payload is not null and regexp_matches(payload, ?)",
        ["|".join(re.escape(t) for t in tokens if t)],
    ).fetchall()
    cleared = 0
    for rowid, file, line, payload in rows:
        words = {w.lstrip("0") for w in re.split(r"[^0-9A-Za-z]+", payload) if w}
        words |= {re.sub(r"^(?i:xy|lms|c)", "", w).lstrip("0") for w in words}
        if not words & {t.lstrip("0") for t in tokens}:
            continue
        con.execute(
            "update raw.quarantine set payload = null, message = ? where rowid = ?",
            [f"{file} line {line}: payload removed: {tombstones.ERASED_TEXT}", rowid],
        )
        if line is not None:
            lines.setdefault(file, set()).add(int(line))
        cleared += 1
    return cleared


def _compact(warehouse: Path) -> None:
    """Drop what dbt and the models derive, and copy the rest into a new file."""
    fresh = warehouse.with_name(f".{warehouse.stem}.erasure-{os.getpid()}.duckdb")
    fresh.unlink(missing_ok=True)
    con = encryption.connect(warehouse)
    try:
        catalog = con.execute("select current_database()").fetchone()[0]
        for (schema,) in con.execute(
            "select schema_name from duckdb_schemas() where database_name = current_database() "
            "and not internal and schema_name <> 'main'"
        ).fetchall():
            if schema not in KEEP_SCHEMAS:
                con.execute(f'drop schema "{schema}" cascade')
        encryption.attach(con, fresh, "erasure_fresh", encryption.find_key(warehouse.parent))
        con.execute(f'copy from database "{catalog}" to erasure_fresh')
        con.execute("detach erasure_fresh")
    finally:
        con.close()
    os.replace(fresh, warehouse)
    Path(f"{warehouse}.wal").unlink(missing_ok=True)


def _erase_decisions(home: Path, key: str) -> int:
    """Rows of the decision store (SQLite) that name the employee key; then VACUUM, which
    rewrites the file without the freed pages."""
    store = home / DECISION_STORE
    if not store.is_file():
        return 0
    deleted = 0
    with sqlite3.connect(store) as con:
        tables = [t for (t,) in con.execute("select name from sqlite_master where type='table'")]
        for table in tables:
            columns = [c[1] for c in con.execute(f'pragma table_info("{table}")')]
            if "employee_key" in columns:
                deleted += con.execute(
                    f'delete from "{table}" where employee_key = ?', [key]
                ).rowcount
    with sqlite3.connect(store) as con:
        con.execute("vacuum")
    return deleted


def erase(settings: Settings, employee: str, reason: str, actor: str) -> ErasureReport:
    """Erase one person (see the module docstring); raises ErasureError before any change."""
    from orchestration.build import _run_build_locked

    if not reason.strip():
        raise ErasureError("a reason is required")
    key = canonical_employee(employee)
    warehouse = settings.warehouse_path
    with build_lock.hold(settings.home, "erasure"):
        if not warehouse.is_file():
            raise ErasureError(f"no warehouse at {warehouse}: nothing to erase from")
        con = encryption.connect(warehouse)
        try:
            try:
                candidates, ids = _person_ids(con, key)
            except duckdb.CatalogException:
                raise ErasureError("the warehouse has no ID crosswalk: build it first") from None
            if not ids:
                raise ErasureError(f"no employee {key} in the warehouse")
            report = ErasureReport(key, candidates)
            tombstones.add(settings.home, key, candidates, reason)
            lines: dict[str, set[int]] = {}
            con.execute("begin transaction")
            _erase_raw(con, ids, report, lines)
            report.quarantine_payloads_removed = _erase_quarantine_payloads(
                con, key, candidates, {r for v in ids.values() for r in v}, lines
            )
            con.execute("commit")
        finally:
            con.close()
        report.archive_files_rewritten = raw_archive.scrub(settings.home, lines)
        _compact(warehouse)
        report.decision_rows_deleted = _erase_decisions(settings.home, key)
        build, _ = _run_build_locked(settings, None, "WARNING")
        report.published = build.published
        report.build_exit_code = build.exit_code
    audit.record(
        settings.audit_log_path,
        user=actor,
        role="admin",
        action="erase",
        page="cli",
        detail={
            "employee_key": key,
            "reason": reason,
            "rows_erased": json.dumps(report.rows_erased, sort_keys=True),
            "archive_files_rewritten": len(report.archive_files_rewritten),
            "published": report.published,
        },
    )
    return report
