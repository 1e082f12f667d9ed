"""`talentloop map check`: run the mappings on the landing files in a throw-away warehouse and
say, per source and field, what loads and what would be quarantined. Nothing is published and
the installation's warehouse is never opened."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

import duckdb

from ingest.contract import REFERENCE_SOURCES, SOURCES
from ingest.load import load_source, new_load_id, record_not_loaded, unknown_folder_entries
from ingest.mapping import load_mappings


def check_mappings(
    landing: Path, mappings_dir: Path | None, as_of: date | None = None
) -> dict[str, list[tuple]]:
    """{"files": [(source, file, status, read, loaded, quarantined, message)],
    "quarantine": [(source, field, rule, rows, first file, first line, export column)]} of a
    sandbox load (the export column as the mapping names it: `column "Start Date"`)."""
    mappings = load_mappings(mappings_dir)
    order = [*REFERENCE_SOURCES, *(s for s in SOURCES if s not in REFERENCE_SOURCES)]
    with tempfile.TemporaryDirectory(prefix="talentloop-sandbox-") as tmp:
        con = duckdb.connect(str(Path(tmp) / "sandbox.duckdb"))
        try:
            load_id = new_load_id()
            for source in order:
                load_source(
                    con, landing, source, load_id=load_id, as_of=as_of, mapping=mappings.get(source)
                )
            record_not_loaded(con, unknown_folder_entries(landing), load_id)
            files = con.execute(
                "select source, file, status, rows_read, rows_loaded, rows_quarantined, message "
                "from raw.load_manifest order by source, file"
            ).fetchall()
            quarantine = con.execute(
                "select source, coalesce(field, '-'), rule, count(*), min(file), min(line) "
                "from raw.quarantine group by all order by 1, 2, 3"
            ).fetchall()
        finally:
            con.close()
    named = [
        (*row, mappings[row[0]].column_note(row[1]) if row[0] in mappings and row[1] != "-" else "")
        for row in quarantine
    ]
    return {"files": files, "quarantine": named}
