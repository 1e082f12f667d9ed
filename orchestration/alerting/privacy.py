"""The guard that keeps personal data out of alerts.

Alerts leave the warehouse (chat groups, e-mail), so they may name a source, a file, a rule and
counts, never a person. Every field of an alert and every rendered payload is scanned for the
shapes people's identifiers take in these systems; a hit raises instead of sending.
"""

from __future__ import annotations

import re
from datetime import date

# Employee numbers, phone numbers, national IDs: long digit runs (dates are allowed, below).
_DIGIT_RUN = re.compile(r"(?<![0-9])[0-9]{5,}(?![0-9])")
_PATTERNS: dict[str, re.Pattern[str]] = {
    "full-width digits": re.compile(r"[０-９]"),
    "vendor employee number": re.compile(r"(?i)(?<![a-z])xy-?[0-9]{3,}"),
    "learning-system ID": re.compile(r"(?i)(?<![a-z])lms-?[0-9]{3,}"),
    "candidate ID": re.compile(r"(?i)(?<![a-z])c\s?[0-9]{6,}"),
    "hash": re.compile(r"(?i)(?<![0-9a-f])[0-9a-f]{32,}(?![0-9a-f])"),
    "e-mail address": re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+"),
}
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


class PersonalDataError(ValueError):
    """An alert would have carried something that identifies a person."""


def _is_date(digits: str) -> bool:
    if len(digits) not in (6, 8):
        return False
    try:
        y, m = int(digits[:4]), int(digits[4:6])
        d = int(digits[6:8]) if len(digits) == 8 else 1
        date(y, m, d)
        return 1990 <= y <= 2100
    except ValueError:
        return False


def find_personal_data(text: str, *, allow_cjk: bool = False) -> list[str]:
    """What in `text` looks like a person's identifier (the kinds, never the values)."""
    found = [kind for kind, pattern in _PATTERNS.items() if pattern.search(text)]
    if any(not _is_date(m.group()) for m in _DIGIT_RUN.finditer(text)):
        found.append("long number")
    if not allow_cjk and _CJK.search(text):
        # Free text in Chinese in an alert is most likely a name or a reason written by HR.
        found.append("Chinese free text")
    return found


def ensure_no_personal_data(field: str, text: str, *, allow_cjk: bool = False) -> None:
    kinds = find_personal_data(text, allow_cjk=allow_cjk)
    if kinds:
        raise PersonalDataError(f"alert field {field!r} looks like it holds {', '.join(kinds)}")
