"""`generate_retail()`: simulate with the bank's engine, then write the retailer's exports."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
import polars as pl

from sample_enterprise.bank import GeneratorParams, generate

from . import exports
from .relabel import relabel

# The bank's own planted defects are relabelled nowhere: the retailer's exports start clean
# (its rows are loaded as delivered; the bank keeps the defect-planting tests).
CLEAN = {
    "rate_malformed": 0.0,
    "rate_missing_required": 0.0,
    "rate_out_of_range": 0.0,
    "rate_future_date": 0.0,
    "rate_unknown_reference": 0.0,
    "stray_headers_per_file": 0,
    "rate_duplicate": 0.0,
    "rate_correction": 0.0,
    "unresolvable_ai_employee_no": 0,
    "unresolvable_learner_typos": 0,
    "planted_conflicts": 0,
    "legacy_slash_years": 1000,
}
# Export file name per bank file name prefix; Windows-1252 for the HRIS's own extracts.
FILE_NAMES: dict[str, tuple[str, str]] = {
    "job_changes_": ("Job_Actions_", "cp1252"),
    "performance_": ("Performance_", "utf-8"),
    "exits_": ("Terminations_", "cp1252"),
}
SOURCES_WRITTEN = (
    "org_units",
    "competency_models",
    "hr_employees",
    "job_changes",
    "performance_reviews",
    "exits",
)


def clean_params() -> GeneratorParams:
    p = GeneratorParams()
    return replace(p, id_variant_shares=dict.fromkeys(p.id_variant_shares, 0.0), **CLEAN)


def read_bank(landing: Path, source: str) -> pl.DataFrame:
    """Every file of one bank source as text columns, with the file name in `_file`."""
    frames = []
    for path in sorted((landing / source).glob("*.csv")):
        data = path.read_bytes()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("gbk")
        frame = pl.read_csv(text.encode("utf-8"), infer_schema=False)
        frames.append(frame.with_columns(_file=pl.lit(path.name)))
    return pl.concat(frames, how="diagonal")


def _write(path: Path, frame: pl.DataFrame, encoding: str) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(frame.write_csv(null_value="").encode(encoding))
    return len(frame)


def _write_by_file(
    out: Path, source: str, bank: pl.DataFrame, export: pl.DataFrame
) -> dict[str, int]:
    """One export file per bank file (a year or a quarter each), renamed the HRIS's way."""
    written: dict[str, int] = {}
    files = bank["_file"]
    for name in sorted(files.unique().to_list()):
        prefix = next(p for p in FILE_NAMES if name.startswith(p))
        new_prefix, encoding = FILE_NAMES[prefix]
        target = new_prefix + name.removeprefix(prefix)
        written[f"{source}/{target}"] = _write(
            out / source / target, export.filter(files == name), encoding
        )
    return written


def generate_retail(
    out: Path,
    employees: int,
    seed: int = 0,
    as_of: date | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict:
    """Write the sample retailer's HRIS exports to `out/<source>/` (the six sources in
    `SOURCES_WRITTEN`; the other optional sources are not delivered)."""
    t0 = time.perf_counter()
    as_of = as_of or date.today()
    say = progress or (lambda _msg: None)
    out = Path(out)
    r = relabel()
    rng = np.random.default_rng([seed, 18])
    files: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="talentloop-retail-") as tmp:
        bank = Path(tmp)
        generate(bank, employees, seed=seed, as_of=as_of, params=clean_params(), progress=say)
        read = {s: read_bank(bank, s) for s in SOURCES_WRITTEN}
    tag = as_of.strftime("%Y%m%d")
    files["org_units/Locations.csv"] = _write(
        out / "org_units" / "Locations.csv", exports.org_units(read["org_units"], r), "cp1252"
    )
    files["competency_models/Competency_Model.csv"] = _write(
        out / "competency_models" / "Competency_Model.csv",
        exports.competency_models(read["competency_models"], r),
        "utf-8",
    )
    roster = exports.hr_employees(read["hr_employees"], read["exits"], r, rng)
    files[f"hr_employees/Employee_Roster_{tag}.csv"] = _write(
        out / "hr_employees" / f"Employee_Roster_{tag}.csv", roster, "cp1252"
    )
    for source, export in (
        ("job_changes", exports.job_changes),
        ("performance_reviews", exports.performance_reviews),
        ("exits", exports.exits),
    ):
        files |= _write_by_file(out, source, read[source], export(read[source], r))
    rows: dict[str, int] = {}
    for name, count in files.items():
        rows[name.split("/")[0]] = rows.get(name.split("/")[0], 0) + count
    say(f"retailer: {sum(rows.values()):,} rows in {len(files)} files")
    return {
        "out": str(out),
        "profile": "retail",
        "files": sorted(files),
        "rows": rows,
        "seconds": round(time.perf_counter() - t0, 2),
    }
