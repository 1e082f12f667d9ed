"""Where alerts are recorded: an append-only log and the `ops.alerts` table.

The log (`<home>/alerts.jsonl`, one JSON object per alert with its deliveries) is written by
every sender, in or out of a build, and never waits for the warehouse's single-writer lock;
it is also what grouping looks back at. `sync_alert_tables` copies it into `ops.alerts` and
`ops.alert_deliveries` of the warehouse, which the publish step serves with the rest.
"""

from __future__ import annotations

import json
import os
from datetime import datetime, timedelta
from pathlib import Path

import duckdb

# Grouping only needs the recent past: read at most this much of the log's tail.
_TAIL_BYTES = 4 * 1024 * 1024

ALERTS_DDL = """
create table if not exists ops.alerts (
    alert_id varchar primary key,
    fingerprint varchar not null,
    created_at timestamp not null,
    severity varchar not null,
    rule varchar not null,
    source varchar,
    asset varchar,
    file varchar,
    counts json,
    summary varchar,
    run_id varchar,
    run_url varchar,
    status varchar not null,      -- sent | failed | grouped | logged (no channel)
    grouped_into varchar,         -- the alert this repeat was grouped into
    channels_sent integer not null,
    channels_failed integer not null
)"""

DELIVERIES_DDL = """
create table if not exists ops.alert_deliveries (
    alert_id varchar not null,
    channel varchar not null,
    kind varchar not null,
    attempt integer not null,
    ok boolean not null,
    status_code integer,
    error varchar,
    attempted_at timestamp not null
)"""


def append_log(path: Path, record: dict) -> dict:
    """One line per alert, written with a single append so concurrent senders do not interleave.
    Returns the record as the log holds it (what a reader of the log gets back)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(record, ensure_ascii=False, default=str)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        os.write(fd, (text + "\n").encode("utf-8"))
    finally:
        os.close(fd)
    return json.loads(text)


def read_alert_log(
    path: Path, *, since: datetime | None = None, containing: str | None = None
) -> list[dict]:
    """Alert records of the log, oldest first (only the recent tail when the log is long).

    `containing`: only lines holding this text (e.g. a fingerprint) are parsed. Grouping looks
    up every new alert, and parsing the whole tail each time cost 3.8 s for a build's 269 alerts
    against a log of 2,400."""
    if not path.is_file():
        return []
    with path.open("rb") as fh:
        size = fh.seek(0, os.SEEK_END)
        fh.seek(max(0, size - _TAIL_BYTES))
        data = fh.read()
    if size > _TAIL_BYTES:
        data = data.split(b"\n", 1)[-1]  # drop the partial first line
    needle = containing.encode("utf-8") if containing else None
    out = []
    for raw in data.splitlines():
        if needle is not None and needle not in raw:
            continue
        try:
            record = json.loads(raw)
        except ValueError:
            continue  # a torn line from a killed writer: skip, never fail the sender
        if since is None or datetime.fromisoformat(record["created_at"]) >= since:
            out.append(record)
    return out


def open_group(path: Path, fingerprint: str, now: datetime, window: timedelta) -> dict | None:
    """The alert an identical new one would be grouped into: the newest delivered one inside
    the window. A repeat of an alert that reached nobody is sent again."""
    for record in reversed(read_alert_log(path, since=now - window, containing=fingerprint)):
        if record["fingerprint"] == fingerprint and record["status"] in ("sent", "logged"):
            return record
    return None


def ensure_alert_tables(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("create schema if not exists ops")
    con.execute(ALERTS_DDL)
    con.execute(DELIVERIES_DDL)


def sync_alert_tables(con: duckdb.DuckDBPyConnection, log_path: Path) -> int:
    """Copy log records not yet in `ops.alerts` into the warehouse; returns how many."""
    return insert_alert_records(con, read_alert_log(log_path))


def insert_alert_records(con: duckdb.DuckDBPyConnection, records: list[dict]) -> int:
    """Add log records (as read back from the log) not yet in `ops.alerts`; returns how many."""
    ensure_alert_tables(con)
    if not records:
        return 0
    ids = [r["alert_id"] for r in records]
    known = {
        r[0]
        for r in con.execute(
            "select alert_id from ops.alerts where list_contains(?, alert_id)", [ids]
        ).fetchall()
    }
    new = [r for r in records if r["alert_id"] not in known]
    if not new:
        return 0
    con.executemany(
        "insert into ops.alerts values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            [
                r["alert_id"],
                r["fingerprint"],
                r["created_at"],
                r["severity"],
                r["rule"],
                r.get("source"),
                r.get("asset"),
                r.get("file"),
                json.dumps(r.get("counts") or {}),
                r.get("summary"),
                r.get("run_id"),
                r.get("run_url"),
                r["status"],
                r.get("grouped_into"),
                sum(d["status"] == "sent" for d in r.get("deliveries", [])),
                sum(d["status"] == "failed" for d in r.get("deliveries", [])),
            ]
            for r in new
        ],
    )
    attempts = [
        [
            r["alert_id"],
            a["channel"],
            a["kind"],
            a["attempt"],
            a["ok"],
            a.get("status_code"),
            a.get("error"),
            a["attempted_at"],
        ]
        for r in new
        for a in r.get("attempts", [])
    ]
    if attempts:
        con.executemany(
            "insert into ops.alert_deliveries values (?, ?, ?, ?, ?, ?, ?, ?)", attempts
        )
    return len(new)
