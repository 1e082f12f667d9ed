"""`talentloop generate --profile <name>`: which sample enterprise to write.

A profile other than the bank writes exports of its own shape; its reference data and
mappings (`samples/<profile>/reference`, `samples/<profile>/mappings`) go into the home (the
landing folder's parent), so `talentloop build --home <home>` reads them with no other step.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

from ingest.vocabulary import SAMPLES_DIR

from .bank import GeneratorParams, generate
from .bank.pay_sources import PaySourceParams
from .retail import generate_retail

PROFILES: tuple[str, ...] = ("bank", "retail")


def install_home_files(profile: str, home: Path) -> list[Path]:
    """Copy the profile's `reference/` and `mappings/` into `home` (replacing older copies)."""
    copied = []
    for folder in ("reference", "mappings"):
        source = SAMPLES_DIR / profile / folder
        if not source.is_dir():
            continue
        target = Path(home) / folder
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(source, target)
        copied.append(target)
    return copied


def generate_profile(
    profile: str,
    out: Path,
    employees: int,
    seed: int = 0,
    as_of: date | None = None,
    params: GeneratorParams | None = None,
    progress: Callable[[str], None] | None = None,
    pay: PaySourceParams | None = None,
) -> dict:
    """Write the named sample enterprise's landing to `out`. The bank is `generate` as ever
    (its home needs no files: a home without reference data uses the bank's); `pay` adds the
    bank's optional pay, engagement and time sources."""
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}: one of {', '.join(PROFILES)}")
    if profile == "bank":
        return generate(
            out, employees, seed=seed, as_of=as_of, params=params, progress=progress, pay=pay
        )
    if params is not None or pay is not None:
        raise ValueError("generator parameters apply to the bank profile only")
    summary = generate_retail(out, employees, seed=seed, as_of=as_of, progress=progress)
    summary["home_files"] = [str(p) for p in install_home_files(profile, Path(out).parent)]
    return summary
