"""Hand-made landing content for the ingest tests: valid rows per source, CSV/JSONL writers."""

from __future__ import annotations

import contextlib
import csv
import io
import json
from datetime import date
from pathlib import Path

from ingest.contract import SOURCES, Field

AS_OF = date(2025, 6, 30)
ORG_CODES = ("HO", "BR001", "BR001-D01")
COURSE_CODES = ("CRS001", "CRS002")


def _good_value(f: Field) -> str:
    """A value that passes every rule of the field (given the reference landing below)."""
    if f.ref == "org_units.org_unit_code":
        return "BR001-D01"
    if f.ref == "competency_models.job_family":
        return "customer_manager"
    if f.ref == "training_catalog.course_code":
        return "CRS001"
    if f.allowed:
        return f.allowed[0]
    if f.dtype in ("int", "float"):
        low = f.min if f.min is not None else 1
        return str(int(low) if float(low).is_integer() else low)
    if f.dtype == "bool":
        return "true"
    if f.dtype == "date":
        return "2024-03-15"
    if f.dtype == "datetime":
        return "2024-03-15T09:30:00"
    return f"{f.name}-1"


def good_row(source: str, **overrides: str | None) -> dict[str, str | None]:
    row: dict[str, str | None] = {f.name: _good_value(f) for f in SOURCES[source].fields}
    if "birth_date" in row:
        row["birth_date"] = "1990-01-01"  # hired at least 16 years later (contract sequence)
    row.update(overrides)
    return row


def csv_text(
    source: str, rows: list[dict[str, str | None]], header: list[str] | None = None
) -> str:
    header = header or SOURCES[source].columns
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if row.get(h) is None else row[h] for h in header])
    return buffer.getvalue()


def jsonl_record(row: dict[str, str | None]) -> str:
    """Nest a flat ai_interviews row through the fields' paths, numbers as JSON numbers."""
    record: dict = {}
    for f in SOURCES["ai_interviews"].fields:
        value = row.get(f.name)
        if f.dtype in ("int", "float") and value not in (None, ""):
            with contextlib.suppress(ValueError):
                value = float(value) if f.dtype == "float" else int(value)
        target = record
        parts = (f.path or f.name).split(".")
        for part in parts[:-1]:
            target = target.setdefault(part, {})
        target[parts[-1]] = value
    return json.dumps(record, ensure_ascii=False)


def write_reference_sources(landing: Path) -> None:
    """Minimal, valid reference sources: three org units, one job family, two courses."""
    org = [
        good_row("org_units", org_unit_code=c, parent_code=p, level=lv)
        for c, p, lv in zip(
            ORG_CODES, ("", "HO", "BR001"), ("head_office", "branch", "department"), strict=True
        )
    ]
    models = [
        good_row("competency_models", competency_code=c) for c in ("communication", "stability")
    ]
    courses = [good_row("training_catalog", course_code=c) for c in COURSE_CODES]
    for name, rows in (
        ("org_units", org),
        ("competency_models", models),
        ("training_catalog", courses),
    ):
        (landing / name).mkdir(parents=True, exist_ok=True)
        (landing / name / f"{name}.csv").write_text(csv_text(name, rows), encoding="utf-8")
