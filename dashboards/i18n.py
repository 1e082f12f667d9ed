"""Every label, title, reading and message of the dashboards and the report, in every language.

The texts live in gettext catalogs (Babel), one per language: `dashboards/locale/<lang>/
LC_MESSAGES/messages.po`, compiled to `.mo` by `make install`. A message's msgid is a symbolic
key referenced literally (`t("page.headcount")`), so `pybabel extract -k t` (see
`dashboards/locale/README.md`) finds every key the code uses, and tests/dashboard/test_i18n.py
fails on a key used but missing from a catalog, or a catalog message missing or empty. Adding a
language is adding a catalog folder. Table column headers are the `column.<name>` messages,
looked up by column name. Data labels (job families, competencies, org unit names) come from the
customer's reference data and the marts, not from the catalogs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path

from babel import Locale
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

from ingest import vocabulary

LOCALE_DIR = Path(__file__).with_name("locale")
DOMAIN = "messages"
DEFAULT_LANGUAGE = "zh"
# The language whose catalog defines the set of keys every other catalog must have.
REFERENCE_LANGUAGE = "en"
# Message families looked up by a data value (a column's name), not by a literal key: extraction
# cannot see their use, so the unused-message test leaves them out.
DYNAMIC_FAMILIES: tuple[str, ...] = ("column.", "feature.")


def _available_languages() -> tuple[str, ...]:
    found = {p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po")}
    # The default first, then the reference, then the rest alphabetically: the switch's order.
    first = [lang for lang in (DEFAULT_LANGUAGE, REFERENCE_LANGUAGE) if lang in found]
    return (*first, *sorted(found - set(first)))


LANGUAGES: tuple[str, ...] = _available_languages()


def _po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def catalog(lang: str) -> dict[str, str]:
    """key -> text for `lang`, from the compiled `.mo`; compiled in place when missing or stale.

    `make install` compiles every catalog; the fallback keeps a fresh clone (or a catalog being
    edited) working without a separate step.
    """
    po = _po_path(lang)
    mo = po.with_suffix(".mo")
    if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
        with po.open("rb") as f:
            parsed = read_po(f, locale=lang, domain=DOMAIN)
        try:
            with mo.open("wb") as f:
                write_mo(f, parsed)
        except OSError:  # a read-only install: use the parsed catalog as it is
            return {m.id: m.string for m in parsed if m.id and m.string}
    with mo.open("rb") as f:
        compiled = read_mo(f)
    return {m.id: m.string for m in compiled if m.id and m.string}


def has_message(key: str, lang: str = REFERENCE_LANGUAGE) -> bool:
    return key in catalog(lang if lang in LANGUAGES else DEFAULT_LANGUAGE)


def column_label(column: str, lang: str) -> str:
    """A table column's header in `lang`; the column's own name when it has no label. The
    business unit (`branch_code`) is named by the customer's org level (the bank's branch)."""
    if column == "branch_code":
        return business_unit_name(lang)
    key = f"column.{column}"
    return t(key, lang) if has_message(key, lang) else column


def t(key: str, lang: str, **values: object) -> str:
    """The message in `lang`, with `{placeholders}` filled in; a missing key raises KeyError."""
    text = catalog(lang if lang in LANGUAGES else DEFAULT_LANGUAGE)[key]
    return text.format(**values) if values else text


def language_name(lang: str) -> str:
    """The language's own name for itself (中文, English, français), from CLDR."""
    return Locale.parse(lang).get_display_name(lang) or lang


def default_language(org_units: Iterable[str], section: Mapping[str, object]) -> str:
    """The language a user starts in when they have not chosen one.

    `section` is talentloop.toml's `[languages]`: `default` for the installation and
    `org_units` mapping an org unit code to its language (a branch abroad, say), which wins for
    an HR business partner of that unit. Unknown languages are ignored, never shown half-empty.
    """
    by_unit = section.get("org_units")
    if isinstance(by_unit, Mapping):
        for unit in org_units:
            if by_unit.get(unit) in LANGUAGES:
                return str(by_unit[unit])
    home = section.get("default")
    return str(home) if home in LANGUAGES else DEFAULT_LANGUAGE


def job_family_name(code: str | None, lang: str) -> str:
    return vocabulary.active().label("job_families", code, lang)


def competency_name(code: str | None, lang: str) -> str:
    return vocabulary.active().label("competencies", code, lang)


def business_unit_name(lang: str) -> str:
    """The name of the org level HR business partners look after and the pages filter by (the
    reference data's `is_business_unit` level: the bank's branch, a retailer's store)."""
    unit = next(t for t in vocabulary.active().terms("org_levels") if t.values["is_business_unit"])
    return unit.label(lang)
