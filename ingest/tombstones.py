"""Tombstones of erased people: the ingest drops their rows from every later delivery.

`<home>/tombstones.jsonl` (owner-only) holds one line per erasure: the canonical employee key,
the person's canonical candidate keys, when, and a SHA-256 of the reason (the reason itself is
in the audit log). No name and no delivered row is kept: only the keys needed to recognise
the person again, which is what an erasure must remember to stay an erasure.

At ingest, each ID field that names the row's subject (the seed `id_normalization_rules`
minus the fields that point at someone else, such as a manager) is normalised as dbt does
(NFKC, strip the source prefix, drop a spreadsheet's `.0`, pad to the canonical width); a row
whose subject is tombstoned is not loaded but quarantined under the rule `erased`, with no
payload, so every input row stays accounted for and no byte of it is kept.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from ingest.readers import LINE
from ingest.settings import DBT_PROJECT_DIR
from ingest.validate import QUARANTINE_COLUMNS

ERASED_RULE = "erased"
ERASED_TEXT = "the person was erased (talentloop erase): the row is not loaded and not kept"
TOMBSTONE_FILE = "tombstones.jsonl"
RULES_SEED = DBT_PROJECT_DIR / "seeds" / "id_normalization_rules.csv"
# ID fields that name another person than the row's subject: erasure blanks them, the ingest
# keeps the row.
REFERENCE_FIELDS = frozenset({"manager_id", "to_manager_id", "interviewer_id", "reviewer_id"})


@dataclass(frozen=True)
class IdRule:
    source: str
    field: str
    kind: str  # employee | candidate
    strip_prefix: str
    width: int
    prefix: str

    def canonical(self, raw: str | None) -> str | None:
        if raw is None:
            return None
        text = unicodedata.normalize("NFKC", str(raw)).strip().upper()
        text = re.sub(r"\.0+$", "", text)
        text = re.sub(r"[\s\-_]", "", text)
        if self.strip_prefix and text.startswith(self.strip_prefix.upper()):
            text = text[len(self.strip_prefix) :]
        if not text.isdigit():
            return None
        return f"{self.prefix}{text.zfill(self.width)}"


def id_rules() -> list[IdRule]:
    with RULES_SEED.open(encoding="utf-8") as fh:
        return [
            IdRule(
                r["source"],
                r["id_field"],
                r["id_kind"],
                r["strip_prefix"] or "",
                int(r["canonical_width"]),
                r["canonical_prefix"] or "",
            )
            for r in csv.DictReader(fh)
        ]


def subject_rules(source: str) -> list[IdRule]:
    return [r for r in id_rules() if r.source == source and r.field not in REFERENCE_FIELDS]


@dataclass(frozen=True)
class Tombstones:
    """The canonical keys of every erased person of a home."""

    employees: frozenset[str]
    candidates: frozenset[str]

    def __bool__(self) -> bool:
        return bool(self.employees or self.candidates)

    def split(
        self, good: pl.DataFrame, quarantine: pl.DataFrame, source: str, file: str
    ) -> tuple[pl.DataFrame, pl.DataFrame]:
        """Move the rows of erased people from `good` to the quarantine (rule `erased`, no
        payload): the file's rows stay balanced, read = loaded + quarantined."""
        mask = self.erased_mask(source, good)
        if mask is None or not mask.any():
            return good, quarantine
        erased = (
            good.filter(mask)
            .select(
                pl.col(LINE).alias("line"),
                pl.lit(ERASED_RULE).alias("rule"),
                pl.lit(None, pl.String).alias("field"),
                # concat_str, not pl.format (panics on multi-chunk strings, ingest/validate.py)
                pl.concat_str(
                    pl.lit(f"{file} line "),
                    pl.col(LINE).cast(pl.String),
                    pl.lit(f": {ERASED_TEXT}"),
                ).alias("message"),
                pl.lit(None, pl.String).alias("payload"),
            )
            .cast(QUARANTINE_COLUMNS)
        )
        return good.filter(~mask), pl.concat([quarantine, erased])

    def erased_mask(self, source: str, frame: pl.DataFrame) -> pl.Series | None:
        """True for the rows whose subject is erased (None when no rule applies)."""
        mask = None
        for rule in subject_rules(source):
            if rule.field not in frame.columns:
                continue
            keys = self.employees if rule.kind == "employee" else self.candidates
            hit = (
                frame.get_column(rule.field)
                .cast(pl.String)
                .map_elements(rule.canonical, return_dtype=pl.String)
                .is_in(list(keys))
                .fill_null(False)
            )
            mask = hit if mask is None else mask | hit
        return mask


def path(home: Path) -> Path:
    return Path(home) / TOMBSTONE_FILE


def load(home: Path) -> Tombstones:
    employees: set[str] = set()
    candidates: set[str] = set()
    p = path(home)
    if p.is_file():
        for line in p.read_text(encoding="utf-8").splitlines():
            if line.strip():
                entry = json.loads(line)
                employees.add(entry["employee_key"])
                candidates.update(entry.get("candidate_keys", []))
    return Tombstones(frozenset(employees), frozenset(candidates))


def add(home: Path, employee_key: str, candidate_keys: list[str], reason: str) -> dict:
    entry = {
        "employee_key": employee_key,
        "candidate_keys": sorted(candidate_keys),
        "erased_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "reason_sha256": hashlib.sha256(reason.encode("utf-8")).hexdigest(),
    }
    fd = os.open(path(home), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(entry) + "\n")
    return entry
