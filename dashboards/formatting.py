"""Numbers and dates formatted for the viewer's language (Babel, CLDR data)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from babel.dates import format_date, format_skeleton
from babel.numbers import format_decimal, format_percent

from dashboards.i18n import LANGUAGES

# CLDR locales for the catalog languages; any other catalog language formats as its own locale.
LOCALES: dict[str, str] = {"zh": "zh_CN", "en": "en_US", "fr": "fr_FR"}


def _locale(lang: str) -> str:
    return LOCALES.get(lang) or (lang if lang in LANGUAGES else "en_US")


def vega_locale(lang: str) -> str:
    """The d3 locale name Vega formats numbers and dates with (zh-CN, en-US, fr-FR)."""
    return _locale(lang).replace("_", "-")


def _missing(value: object) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value))


def number(value: float | int | None, lang: str, digits: int = 0) -> str:
    """1,234 / 1,234.5; a suppressed or missing value is shown as an en dash."""
    if _missing(value):
        return "–"
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=_locale(lang))


def percent(value: float | None, lang: str, digits: int = 1) -> str:
    """A share (0.123) as 12.3%."""
    if _missing(value):
        return "–"
    pattern = "#,##0" + ("." + "0" * digits if digits else "") + "%"
    return format_percent(value, format=pattern, locale=_locale(lang))


def date(value: dt.date | str | None, lang: str) -> str:
    """A full date: 2025年3月1日 / Mar 1, 2025."""
    if _missing(value):
        return "–"
    return format_date(pd.Timestamp(value).date(), "medium", locale=_locale(lang))


def month(value: dt.date | str | None, lang: str) -> str:
    """A month: 2025年3月 / Mar 2025."""
    if _missing(value):
        return "–"
    return format_skeleton("yMMM", pd.Timestamp(value).date(), locale=_locale(lang))


def signed_number(value: float | int | None, lang: str, digits: int = 0) -> str:
    """A change with its sign: +12 / −3."""
    if _missing(value):
        return "–"
    text = number(abs(value), lang, digits)
    return ("+" if value > 0 else "−" if value < 0 else "±") + text


def signed_percent(value: float | None, lang: str, digits: int = 1) -> str:
    """A change of a rate with its sign, in percentage points: +1.9% / −0.4%."""
    if _missing(value):
        return "–"
    text = percent(abs(value), lang, digits)
    return ("+" if value > 0 else "−" if value < 0 else "±") + text
