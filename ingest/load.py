"""Loading landing files into the raw layer of DuckDB.

Per file: hash the bytes (a file whose hash the source's ledger already holds is `skipped_seen`; per source, as one export may feed two sources), read,
validate, then in ONE transaction append the good rows to `raw.<source>`, the failures to
`raw.quarantine` and one row to `raw.load_manifest`. A crash therefore never half-loads a file,
and no problem in one file stops the others: every file ends as `loaded`, `rejected` or
`skipped_seen`, with rows_read = rows_loaded + rows_quarantined. Entries of the landing folder
that are not loaded (`ingest.landing`: unknown folders, links leaving the folder, files not
matching the pattern) get a manifest row `not_loaded` with the reason and no rows.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import uuid
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import polars as pl

from ingest.contract import FILE_RULES, REFERENCE_SOURCES, REQUIRED_SOURCES, SOURCES, Source
from ingest.landing import NotLoaded, display_path, scan_landing
from ingest.mapping import Mapping
from ingest.raw_schema import create_raw_tables
from ingest.readers import LINE, PAYLOAD, FileRejected, countable_rows, read_file
from ingest.sequences import exits_before_first_hire, first_hires
from ingest.tombstones import Tombstones
from ingest.validate import QUARANTINE_COLUMNS, validate

log = logging.getLogger(__name__)

# Statuses of raw.load_manifest whose hash counts as seen: the same bytes give the same outcome.
_LEDGER_STATUSES = ("loaded", "rejected")


@dataclass
class FileResult:
    source: str
    file: str
    status: str  # loaded | rejected | skipped_seen
    rows_read: int
    rows_loaded: int
    rows_quarantined: int
    message: str | None = None


@dataclass
class SourceResult:
    source: str
    files: list[FileResult] = field(default_factory=list)

    @property
    def rows_read(self) -> int:
        return sum(f.rows_read for f in self.files)

    @property
    def rows_loaded(self) -> int:
        return sum(f.rows_loaded for f in self.files)

    @property
    def rows_quarantined(self) -> int:
        return sum(f.rows_quarantined for f in self.files)


def new_load_id() -> str:
    """A sortable, unique load ID: UTC time plus a random suffix."""
    return f"{datetime.now(UTC):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"


def source_files(landing: Path, source: Source) -> list[Path]:
    """The source's files in the landing: its folder, recursively, by the contract's pattern;
    never a file outside the landing folder (see `ingest.landing`)."""
    return scan_landing(landing).files.get(source.name, [])


def record_not_loaded(
    con: duckdb.DuckDBPyConnection, entries: Iterable[NotLoaded], load_id: str
) -> int:
    """One manifest row (`not_loaded`, no rows, the reason) per landing entry not loaded."""
    rows = [
        [load_id, e.source or "(landing)", e.file, "", "not_loaded", 0, 0, 0, e.reason, _now()]
        for e in entries
    ]
    if rows:
        create_raw_tables(con)
        con.executemany("insert into raw.load_manifest values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    return len(rows)


def unknown_folder_entries(landing: Path) -> list[NotLoaded]:
    """Landing entries outside every source's folder (recorded once per load)."""
    return [e for e in scan_landing(landing).not_loaded if e.source not in SOURCES]


def _seen_hashes(con: duckdb.DuckDBPyConnection, source: str) -> set[str]:
    """Hashes of the files this source already loaded or rejected. Per source: one export can
    feed two sources through their mappings (a roster's leavers are the exits)."""
    rows = con.execute(
        "select distinct file_hash from raw.load_manifest where source = ? and status in (?, ?)",
        [source, *_LEDGER_STATUSES],
    ).fetchall()
    return {r[0] for r in rows}


def source_delivered(con: duckdb.DuckDBPyConnection, source: str) -> bool:
    """True when a file of `source` was ever loaded or rejected (not merely absent); False on a
    warehouse without a load manifest (the expectations ask before any load)."""
    has_manifest = con.execute(
        "select count(*) from duckdb_tables() where schema_name = 'raw' "
        "and table_name = 'load_manifest' and database_name = current_database()"
    ).fetchall()[0][0]
    return bool(
        has_manifest
        and con.execute(
            "select count(*) from raw.load_manifest where source = ? "
            "and status in ('loaded', 'rejected')",
            [source],
        ).fetchall()[0][0]
    )


def _reference_values(con: duckdb.DuckDBPyConnection, source: Source) -> dict[str, pl.Series]:
    """The distinct values each `ref` field of the source may take, from the raw tables.

    A reference to an optional source that was never delivered is left out: it cannot be
    checked, and `unknown_reference` would quarantine every row for a source the customer
    does not have (the expectations report it instead, as a WARN finding)."""
    values: dict[str, pl.Series] = {}
    for f in source.fields:
        if f.ref and f.ref not in values:
            table, column = f.ref.split(".")
            if table not in REQUIRED_SOURCES and not source_delivered(con, table):
                continue
            values[f.ref] = (
                con.sql(
                    f'select distinct "{column}" as v from raw.{table} where "{column}" is not null'
                )
                .pl()
                .get_column("v")
                .cast(pl.String)
            )
    return values


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass
class PreparedFile:
    """One file read and validated, not yet written: what the database transaction needs."""

    result: FileResult
    file_hash: str
    good: pl.DataFrame | None
    quarantine: pl.DataFrame
    # The delivered bytes and the path as found (not valid UTF-8 at times), for the raw archive.
    data: bytes | None = None
    name: str = ""


def _write_file(
    con: duckdb.DuckDBPyConnection, source: Source, prepared: PreparedFile, load_id: str
) -> None:
    """Append one file's rows, quarantine and manifest row in a single transaction."""
    result, good, quarantine = prepared.result, prepared.good, prepared.quarantine
    loaded_at = _now()
    con.execute("begin transaction")
    try:
        if good is not None and good.height:
            frame = good.rename({LINE: "_line"}).with_columns(
                pl.lit(load_id).alias("_load_id"),
                pl.lit(result.file).alias("_file"),
                pl.lit(loaded_at).alias("_loaded_at"),
            )
            con.register("_tl_good", frame)
            con.execute(f"insert into raw.{source.name} by name select * from _tl_good")
            con.unregister("_tl_good")
        if quarantine.height:
            frame = quarantine.with_columns(
                pl.lit(load_id).alias("load_id"),
                pl.lit(source.name).alias("source"),
                pl.lit(result.file).alias("file"),
                pl.lit(loaded_at).alias("quarantined_at"),
            )
            con.register("_tl_quarantine", frame)
            con.execute("insert into raw.quarantine by name select * from _tl_quarantine")
            con.unregister("_tl_quarantine")
        con.execute(
            "insert into raw.load_manifest values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                load_id,
                source.name,
                result.file,
                prepared.file_hash,
                result.status,
                result.rows_read,
                result.rows_loaded,
                result.rows_quarantined,
                result.message,
                loaded_at,
            ],
        )
        con.execute("commit")
    except BaseException:
        with contextlib.suppress(duckdb.Error):  # keep the original error if rollback fails
            con.execute("rollback")
        raise


def _rejected_rows(exc: FileRejected, file: str) -> pl.DataFrame:
    """Quarantine rows for a rejected file: each countable data row under the file rule."""
    if exc.rows is None or exc.rows.height == 0:
        return pl.DataFrame(schema=QUARANTINE_COLUMNS)
    rule_text = FILE_RULES[exc.rule]
    return exc.rows.select(
        pl.col(LINE).alias("line"),
        pl.lit(exc.rule).alias("rule"),
        pl.lit(None, pl.String).alias("field"),
        pl.concat_str(
            pl.lit(f"{file} line "),
            pl.col(LINE).cast(pl.String),
            pl.lit(f": {exc.rule}: {rule_text}"),
        ).alias("message"),
        pl.col(PAYLOAD).alias("payload"),
    ).cast(QUARANTINE_COLUMNS)


def _skipped(source: Source, rel: str, file_hash: str) -> PreparedFile:
    result = FileResult(source.name, rel, "skipped_seen", 0, 0, 0, "same bytes already loaded")
    return PreparedFile(result, file_hash, None, pl.DataFrame(schema=QUARANTINE_COLUMNS))


def prepare_file(
    landing: Path,
    path: Path,
    source: Source,
    *,
    as_of: date,
    references: dict[str, pl.Series],
    seen: set[str],
    tombstones: Tombstones | None = None,
    hires: pl.DataFrame | None = None,
    mapping: Mapping | None = None,
) -> PreparedFile:
    """Hash, read and validate one file without touching the warehouse (so files can be prepared
    in parallel); never raises for a problem in the file (it is reported instead). `hires`
    (exits only): every person's first hire, to quarantine exits dated before it."""
    name = path.relative_to(landing).as_posix()
    rel = display_path(name)
    data = path.read_bytes()
    file_hash = hashlib.sha256(data).hexdigest()
    if file_hash in seen:
        return _skipped(source, rel, file_hash)
    good: pl.DataFrame | None = None
    others = 0
    try:
        try:
            if mapping is None:
                rows = read_file(data, source, rel)
            else:
                read = read_file(data, mapping.read_spec(), rel, mapping.read_options())
                read, others = mapping.split_records(read)
                rows = mapping.apply(read)
            checked = validate(rows, source, file=rel, as_of=as_of, references=references)
            if mapping is not None:
                checked.quarantine = mapping.name_columns(checked.quarantine)
        except (Exception, pl.exceptions.PanicException) as exc:
            if isinstance(exc, FileRejected):
                raise
            # A reader bug or an unforeseen format (polars panics are BaseExceptions): reject
            # the file, keep loading the others. Only the error type is logged: error texts
            # can quote the data.
            log.error("reading %s failed: %s", rel, type(exc).__name__)
            raise FileRejected(
                "unreadable",
                f"{rel}: the file could not be read ({type(exc).__name__})",
                countable_rows(data, source),
            ) from None
        good, quarantine = checked.good, checked.quarantine
        if tombstones:
            good, quarantine = tombstones.split(good, quarantine, source.name, rel)
        if hires is not None:
            good, before_hire = exits_before_first_hire(good, hires, rel)
            if before_hire.height:
                payloads = rows.select(pl.col(LINE).alias("line"), pl.col(PAYLOAD).alias("p"))
                before_hire = (
                    before_hire.join(payloads, on="line", how="left")
                    .with_columns(pl.col("p").alias("payload"))
                    .drop("p")
                )
                quarantine = pl.concat([quarantine, before_hire]).sort("line")
        # Rows of a shared export that the mapping's records rule gives to other sources are
        # not this source's records: counted here, in the manifest's message.
        note = (
            f"{others} rows of the export are not {source.name} records (the mapping's records "
            f"rule: {mapping.records.text})"
            if mapping is not None and mapping.records is not None and others
            else None
        )
        result = FileResult(
            source.name, rel, "loaded", rows.height, good.height, quarantine.height, note
        )
    except FileRejected as exc:
        quarantine = _rejected_rows(exc, rel)
        result = FileResult(
            source.name, rel, "rejected", quarantine.height, 0, quarantine.height, exc.message
        )
    return PreparedFile(result, file_hash, good, quarantine, data, name)


def commit_file(
    con: duckdb.DuckDBPyConnection,
    source: Source,
    prepared: PreparedFile,
    *,
    load_id: str,
    seen: set[str],
) -> FileResult:
    """Write a prepared file in one transaction. Files are committed in landing order, so of two
    files with the same bytes in one load the first is loaded and the second `skipped_seen`."""
    if prepared.file_hash in seen and prepared.result.status != "skipped_seen":
        prepared = _skipped(source, prepared.result.file, prepared.file_hash)
    # A database error here (disk full, closed connection) is not a file problem: the
    # transaction has rolled back and the error propagates.
    _write_file(con, source, prepared, load_id)
    seen.add(prepared.file_hash)
    return prepared.result


def ingest_workers() -> int:
    """Files prepared at once. Reading and validating keep about 1.25 cores busy, so a second
    file in flight fills a two-core machine; more than four only holds more files in memory.
    Override: TALENTLOOP_INGEST_WORKERS."""
    configured = os.environ.get("TALENTLOOP_INGEST_WORKERS")
    if configured:
        return max(1, int(configured))
    return max(1, min(4, os.cpu_count() or 1))


def load_source(
    con: duckdb.DuckDBPyConnection,
    landing: Path,
    source: str,
    *,
    load_id: str,
    as_of: date | None = None,
    workers: int | None = None,
    tombstones: Tombstones | None = None,
    mapping: Mapping | None = None,
    archive: Callable[[PreparedFile], object] | None = None,
) -> SourceResult:
    """Load every not-yet-seen file of one source from the landing folder into raw.<source>.

    Files are read and validated on `workers` threads (polars and DuckDB release the GIL) and
    written one at a time, in landing order, on `con`. At most `workers` + 1 prepared files are
    held in memory. `archive` receives each file committed as loaded or rejected, with the
    bytes and hash already in memory (ingest/raw_archive.py).
    """
    landing = Path(landing)
    spec = mapping.spec() if mapping else SOURCES[source]
    create_raw_tables(con)
    as_of = as_of or date.today()
    references = _reference_values(con, spec)
    seen = _seen_hashes(con, source)
    workers = workers or ingest_workers()
    result = SourceResult(source)
    scan = scan_landing(landing, {source: spec.pattern})
    skipped = [e for e in scan.not_loaded if e.source == source]
    record_not_loaded(con, skipped, load_id)
    result.files += [FileResult(source, e.file, "not_loaded", 0, 0, 0, e.reason) for e in skipped]

    hires = first_hires(con) if source == "exits" else None

    def prepare(path: Path) -> PreparedFile:
        return prepare_file(
            landing,
            path,
            spec,
            as_of=as_of,
            references=references,
            seen=seen,
            tombstones=tombstones,
            hires=hires,
            mapping=mapping,
        )

    def commit_oldest(pending: deque[Future[PreparedFile]]) -> None:
        prepared = pending.popleft().result()
        committed = commit_file(con, spec, prepared, load_id=load_id, seen=seen)
        result.files.append(committed)
        if archive is not None and committed.status in _LEDGER_STATUSES:
            archive(prepared)

    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix=f"ingest-{source}") as pool:
        pending: deque[Future[PreparedFile]] = deque()
        for path in scan.files.get(source, []):
            pending.append(pool.submit(prepare, path))
            if len(pending) > workers:
                commit_oldest(pending)
        while pending:
            commit_oldest(pending)
    return result


def load_landing(
    con: duckdb.DuckDBPyConnection,
    landing: Path,
    *,
    sources: Iterable[str] | None = None,
    load_id: str | None = None,
    as_of: date | None = None,
) -> list[SourceResult]:
    """Load all (or the named) sources of a landing folder, reference sources first."""
    wanted = list(SOURCES) if sources is None else list(sources)
    unknown = sorted(set(wanted) - set(SOURCES))
    if unknown:
        raise ValueError(f"unknown sources: {', '.join(unknown)}")
    order = [s for s in REFERENCE_SOURCES if s in wanted] + [
        s for s in SOURCES if s in wanted and s not in REFERENCE_SOURCES
    ]
    load_id = load_id or new_load_id()
    results = [load_source(con, landing, s, load_id=load_id, as_of=as_of) for s in order]
    record_not_loaded(con, unknown_folder_entries(landing), load_id)
    return results
