"""The sample bank's vocabulary as the generator uses it: codes in order and their names.

Read from the bank's reference files (`samples/bank/reference/`), the same files a bank home
gets and the build checks, so the generated landing and the reference data cannot disagree.
"""

from __future__ import annotations

from ingest.vocabulary import sample_bank

_BANK = sample_bank()

COMPETENCIES: tuple[str, ...] = _BANK.codes("competencies")
COMPETENCY_NAMES: dict[str, tuple[str, str]] = {
    t.code: (t.label("zh"), t.label("en")) for t in _BANK.terms("competencies")
}
JOB_FAMILIES: tuple[str, ...] = _BANK.codes("job_families")
JOB_FAMILY_NAMES: dict[str, tuple[str, str]] = {
    t.code: (t.label("zh"), t.label("en")) for t in _BANK.terms("job_families")
}
EDUCATION_CODES: tuple[str, ...] = _BANK.codes("education_levels")
# What the HR master writes -> education code.
EDUCATION_ZH: dict[str, str] = {
    str(t.values["hr_value"]): t.code for t in _BANK.terms("education_levels")
}
PERFORMANCE_GRADES: tuple[str, ...] = _BANK.codes("performance_ratings")
EXIT_REASON_CODES: dict[str, tuple[str, str]] = {
    t.code: (t.label("zh"), t.label("en")) for t in _BANK.terms("exit_reasons")
}
