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


# --- Issue 19: rates, changes of rates, business-meaning deltas, figure columns -----------------

# Whether a rise of the figure is good for the business: decides the colour of its change
# (hires up is good, exits and attrition up are bad), never the sign alone.
GOOD_WHEN_UP: dict[str, bool] = {
    "headcount": True,
    "hires": True,
    "hires_12m": True,
    "exits": False,
    "exits_12m": False,
    "attrition_12m": False,
    "expected_leavers": False,
    "forecast_rate": False,
    "high_risk": False,
    "below_required": False,
    "completion_rate": True,
}


def delta_color(figure: str, change: float | None) -> str:
    """The colour of `figure`'s change: green when it is good for the business, red when it is
    bad, grey when there is none. Given as a colour name, because Streamlit reads the direction
    from a leading ASCII "-" and our signs are typographic ("−12" would read as a rise)."""
    if _missing(change) or round(float(change), 6) == 0:
        return "gray"
    return "green" if (float(change) > 0) == GOOD_WHEN_UP.get(figure, True) else "red"


def delta_arrow(change: float | None) -> str:
    """Streamlit's delta_arrow for a change: up, down, or off when there is none."""
    if _missing(change) or round(float(change), 6) == 0:
        return "off"
    return "up" if float(change) > 0 else "down"


def rate(value: float | None, lang: str) -> str:
    """A rate with sensible decimals: one under 10 % (8.2%), none from 10 % (67%)."""
    if _missing(value):
        return "–"
    return percent(value, lang, 1 if abs(float(value)) < 0.1 else 0)


def points(change: float | None, lang: str, digits: int = 1) -> str:
    """A change of a rate (a difference of shares) in percentage points: +0.9 pp / +0.9 个百分点."""
    from dashboards.i18n import t  # i18n imports nothing from here; imported late for clarity

    if _missing(change):
        return "–"
    return t("format.points", lang, value=signed_number(float(change) * 100, lang, digits))


def count(value: float | None, lang: str) -> str:
    """A count of people: an integer with grouping (1,234), never 35.0."""
    if _missing(value):
        return "–"
    return number(round(float(value)), lang)


def is_whole(values: pd.Series) -> bool:
    """Whether a numeric column holds whole numbers only (counts stored as floats)."""
    present = pd.to_numeric(values, errors="coerce").dropna()
    return bool(len(present)) and bool((present == present.round()).all())
