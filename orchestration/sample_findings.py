"""The warnings a build of the generated sample enterprise raises on purpose, and why.

The generator plants defects at known places (sample_enterprise/GENERATOR.md, "Defects") so that quarantine,
ID resolution and the pilot's failing criteria have something to show. A build of the sample
therefore warns; these warnings are expected, and the build's summary says so instead of
printing them as failures. Only a landing with the generator's `_truth/config.json` is a
sample: on a customer's landing every warning counts.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class KnownFinding:
    asset: str  # glob on the check's asset ("raw/*")
    check: str
    # Every failing expectation named in the check's description must match one of these
    # (regular expressions); an empty tuple accepts the check as a whole.
    items: tuple[str, ...]
    why: str


SAMPLE_FINDINGS: tuple[KnownFinding, ...] = (
    KnownFinding(
        "raw/*",
        "quarantine",
        (r"quarantine\.\w+",),
        "the generator plants bad rows in every source (one rule each); every one is "
        "quarantined with file, line and rule",
    ),
    KnownFinding(
        "raw/*",
        "contract_suite",
        (r"unique\.\w+", r"regex\.learner_id", r"rows\.hired_before_18"),
        "planted exact duplicate rows (the key and version twice: the later copy wins), "
        "learner IDs typed with a letter O for a zero (left unresolved on purpose), and in "
        "small banks a few people the generator's age draw hires at 16 or 17 (legal, flagged "
        "for a look; under 16 is quarantined)",
    ),
    KnownFinding(
        "fct_headcount_segments",
        "mart_suite",
        (r"not_null\.org_unit_code", r"not_null\.job_family"),
        "spells whose only HR row was quarantined by a planted defect have no org unit or job "
        "family until the row is sent again",
    ),
    KnownFinding(
        "ml/pilot_scorecard_history",
        "pilot_criteria_pass",
        (),
        "the sample's pilot fails on purpose: a weak AI competency (customer managers' risk "
        "awareness), low satisfaction and an age-and-sex group near the four-fifths line",
    ),
)

_ITEM = re.compile(r"([a-z_]+\.[A-Za-z0-9_]+) \((?:WARN|ERROR)\)")


def is_sample(landing: Path) -> bool:
    return (landing / "_truth" / "config.json").is_file()


def explain(asset: str, check: str, description: str | None) -> str | None:
    """Why this failing check is expected in the sample, or None when it is not."""
    for known in SAMPLE_FINDINGS:
        if check != known.check or not fnmatch.fnmatchcase(asset, known.asset):
            continue
        items = _ITEM.findall(description or "")
        if not known.items or (
            items and all(any(re.fullmatch(p, i) for p in known.items) for i in items)
        ):
            return known.why
    return None
