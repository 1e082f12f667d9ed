"""Bank codes -> retailer codes, position by position in each reference file's order.

The retailer reuses the bank's simulation (families' shares, competencies' effects, exit
drivers), so each bank code stands for the retailer code at the same place: the largest family
with sales targets (customer managers) becomes store associates, the competency that drives it
most (communication) becomes customer engagement, and so on down the files.
"""

from __future__ import annotations

from dataclasses import dataclass

from ingest.vocabulary import SAMPLES_DIR, Vocabulary, load_vocabulary, sample_bank

RETAIL_REFERENCE = SAMPLES_DIR / "retail" / "reference"
RETAIL_MAPPINGS = SAMPLES_DIR / "retail" / "mappings"
# The bank's five grades fold onto the retailer's four levels (both best first).
RATING_FOLD: dict[str, str] = {"S": "EX", "A": "EX", "B": "ME", "C": "PM", "D": "BE"}


@dataclass(frozen=True)
class Relabel:
    """One bank -> retailer map per reference table, plus the retailer's vocabulary."""

    retail: Vocabulary
    job_families: dict[str, str]
    competencies: dict[str, str]
    exit_reasons: dict[str, str]
    education: dict[str, str]  # bank HR value (学历) -> retailer HR value
    ratings: dict[str, str]
    grades: dict[str, str]  # the bank's grade code -> the retailer's at the same rank
    org_levels: dict[str, str]  # head office, branch, department -> the retailer's own codes


def _by_position(bank: Vocabulary, retail: Vocabulary, table: str) -> dict[str, str]:
    ours, theirs = bank.codes(table), retail.codes(table)
    if len(ours) != len(theirs):
        raise ValueError(f"{table}: the retailer needs {len(ours)} codes, has {len(theirs)}")
    return dict(zip(ours, theirs, strict=True))


def _by_rank(vocab: Vocabulary) -> list[str]:
    """The grade codes, entry first (the ranks order them, not the file)."""
    terms = sorted(vocab.terms("grades"), key=lambda t: int(t.values["rank"]))  # type: ignore[call-overload]
    return [t.code for t in terms]


def relabel() -> Relabel:
    bank, retail = sample_bank(), load_vocabulary(RETAIL_REFERENCE)
    education = _by_position(bank, retail, "education_levels")
    return Relabel(
        retail=retail,
        job_families=_by_position(bank, retail, "job_families"),
        competencies=_by_position(bank, retail, "competencies"),
        exit_reasons=_by_position(bank, retail, "exit_reasons"),
        education={
            str(bank.value("education_levels", code, "hr_value")): str(
                retail.value("education_levels", education[code], "hr_value")
            )
            for code in education
        },
        ratings={k: v for k, v in RATING_FOLD.items() if v in retail.codes("performance_ratings")},
        grades=dict(zip(_by_rank(bank), _by_rank(retail), strict=True)),
        org_levels=_by_position(bank, retail, "org_levels"),
    )
