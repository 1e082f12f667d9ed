"""Model features in the English words the model writes its drivers in, and their reader.

The model stores each driver as an English sentence (`driver_text`, `source_driver_text`) for
analysts and exports; the pages put a sentence back into its parts (`read_driver`) and word it
in the viewer's language from the message catalogs (dashboards.labels.driver_sentence).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import polars as pl

from ingest import vocabulary

FEATURE_WORDS: dict[str, str] = {
    "tenure_months": "Tenure (months)",
    "tenure_band": "Tenure",
    "grade": "Pay grade",
    "job_family": "Job family",
    "branch_code": "Branch",
    "recruiting_channel": "Hiring channel",
    "education": "Education",
    "years_experience": "Experience before joining (years)",
    "has_ai_interview": "Had an AI interview",
    "ai_overall_score": "AI interview overall score",
    "trainings_enrolled_12m": "Courses enrolled in the last year",
    "trainings_completed_12m": "Courses completed in the last year",
    "training_attendance_rate_12m": "Training attendance in the last year",
    "training_exam_avg_12m": "Average training exam score in the last year",
    "trainings_enrolled_24m": "Courses enrolled in the last two years",
    "training_attendance_rate_24m": "Training attendance in the last two years",
    "perf_score_avg_8q": "Average performance over the last two years",
    "perf_reviews_8q": "Performance reviews in the last two years",
    "perf_score_last": "Latest performance score",
    "perf_score_avg_4q": "Average performance over the last year",
    "perf_trend": "Performance trend (latest vs. the year before)",
    "perf_grade_last": "Latest performance grade",
    "perf_reviews_4q": "Performance reviews in the last year",
    "manager_changes_12m": "Changes of line manager in the last year",
    "transfers_24m": "Transfers in the last two years",
    "promotions_24m": "Promotions in the last two years",
    "months_since_grade_change": "Months since the last change of pay grade",
    "probation_result": "Probation result",
    # The optional pay, engagement and time sources (retention_source_features).
    "pay_to_midpoint": "Pay against the band midpoint",
    "last_raise_months_ago": "Months since the last raise",
    "last_raise_pct": "Size of the last raise",
    "engagement_score_last": "Latest engagement score",
    "engagement_score_change": "Change in the engagement score",
    "overtime_hours_avg_6m": "Monthly overtime over the last six months",
    "absence_days_6m": "Absence days in the last six months",
}


def _competency_words() -> dict[str, str]:
    """Words of the per-competency features, from the customer's reference data."""
    words: dict[str, str] = {}
    for term in vocabulary.active().terms("competencies"):
        en = term.label("en").lower()
        words[f"ai_score_{term.code}"] = f"AI interview score: {en}"
        words[f"exam_{term.code}_24m"] = f"Course exam score: {en} (last two years)"
    return words


def feature_label(feature: str) -> str:
    """The HR wording of a feature; unknown features fall back to their name in plain words."""
    words = FEATURE_WORDS.get(feature) or _competency_words().get(feature)
    return words if words is not None else feature.replace("_", " ").capitalize()


# Codes of categorical features in the words HR uses (English, as the driver sentences are).
# Job family and education come from the customer's reference data (`value_words`).
VALUE_WORDS: dict[str, dict[str, str]] = {
    "recruiting_channel": {
        "campus": "campus hiring",
        "social": "experienced hire",
        "referral": "referral",
    },
}


def value_words(feature: str | None) -> dict[str, str]:
    """The words of a categorical feature's codes (empty when it has none)."""
    vocab = vocabulary.active()
    if feature == "job_family":
        return {t.code: t.label("en") for t in vocab.terms("job_families")}
    if feature == "education":
        return {t.code: t.label("en").lower() for t in vocab.terms("education_levels")}
    return VALUE_WORDS.get(feature or "", {})


def format_value(value: object, feature: str | None = None) -> str:
    words = value_words(feature) if isinstance(value, str) else {}
    if words:
        return words.get(value, value)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "not recorded"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.2f}" if abs(value) < 1 else f"{value:.1f}"
    return str(value)


def driver_text(feature: str, value: object, contribution: float) -> str:
    """One driver as a sentence, e.g. 'Tenure (months) = 8.0 raises risk by 6.1 pts'."""
    direction = "raises" if contribution > 0 else "lowers"
    points = abs(contribution) * 100
    value_text = format_value(value, feature)
    return f"{feature_label(feature)} = {value_text} {direction} risk by {points:.1f} pts"


def format_value_codes(
    values: np.ndarray, feature: str | None = None
) -> tuple[list[str], np.ndarray]:
    """Each distinct value in words (`format_value`), and every element's index into them."""
    values = np.asarray(values)
    if values.size == 0:
        return [], np.zeros(0, dtype=np.int64)
    distinct, inverse = np.unique(values, return_inverse=True)
    return [format_value(_plain(v), feature) for v in distinct], inverse.reshape(-1)


def format_values(values: np.ndarray, feature: str | None = None) -> np.ndarray:
    """`format_value` of every element, computed once per distinct value."""
    texts, codes = format_value_codes(values, feature)
    return np.array(texts, dtype=object)[codes] if texts else np.array([], dtype=object)


def _plain(value: object) -> object:
    """A numpy scalar as the Python value `format_value` expects."""
    return value.item() if isinstance(value, np.generic) else value


def one_decimal(values: np.ndarray) -> pl.Series:
    """f"{x:.1f}" of every non-negative x, as text (rounded to tenths in integers).

    Tenths come from rounding 10x; where 10x lies within a millionth of a half (the product's
    own rounding could then decide the digit) Python formats the value itself.
    """
    values = np.asarray(values, dtype=np.float64)
    scaled = values * 10
    tenths = np.floor(scaled + 0.5)
    close = np.abs(scaled - np.floor(scaled) - 0.5) < 1e-6
    text = pl.DataFrame({"t": tenths.astype(np.int64)}).select(
        pl.concat_str(
            (pl.col("t") // 10).cast(pl.String), pl.lit("."), (pl.col("t") % 10).cast(pl.String)
        )
    )["t"]
    if close.any():
        at = np.flatnonzero(close)
        text = text.scatter(at, [f"{v:.1f}" for v in values[at]])
    return text


# Features of the optional sources whose driver is one HR phrase ("Pay 12% below the band
# midpoint raises risk by 3.1 pts") rather than "label = value". The change in engagement is
# worded with the latest score beside it ("fell from 4.1 to 2.9"), its companion column.
PHRASED_COMPANIONS: dict[str, str | None] = {
    "pay_to_midpoint": None,
    "last_raise_months_ago": None,
    "last_raise_pct": None,
    "engagement_score_last": None,
    "engagement_score_change": "engagement_score_last",
    "overtime_hours_avg_6m": None,
    "absence_days_6m": None,
}


def _number(x: float) -> str:
    return f"{x:.0f}" if abs(x - round(x)) < 0.05 else f"{x:.1f}"


def source_phrase(feature: str, value: float, companion: float | None) -> str:
    """One optional-source feature's value as an English HR phrase, e.g. "pay 12% below the
    band midpoint" (`read_driver` reads it back; the pages word it from the catalogs)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "not recorded"
    if feature == "pay_to_midpoint":
        gap = round(100 * (value - 1))
        if gap == 0:
            return "pay at the band midpoint"
        return f"pay {abs(gap)}% {'below' if gap < 0 else 'above'} the band midpoint"
    if feature == "last_raise_months_ago":
        months = int(value)
        return "a raise this month" if months < 1 else f"no raise for {months} months"
    if feature == "last_raise_pct":
        return f"last raise {100 * value:.1f}%"
    if feature == "engagement_score_last":
        return f"engagement score {value:.1f} of 5"
    if feature == "engagement_score_change":
        has_last = companion is not None and not math.isnan(companion)
        if round(value, 1) == 0:
            return (
                f"engagement score unchanged at {companion:.1f}"
                if has_last
                else "engagement score unchanged"
            )
        moved = "fell" if value < 0 else "rose"
        if not has_last:
            return f"engagement score {moved} by {abs(value):.1f} points"
        return f"engagement score {moved} from {companion - value:.1f} to {companion:.1f}"
    if feature == "overtime_hours_avg_6m":
        return f"{_number(value)} hours of overtime a month over the last six months"
    if feature == "absence_days_6m":
        return f"{_number(value)} days of absence in the last six months"
    raise KeyError(f"{feature!r} is not an optional-source feature")


def source_phrase_codes(
    feature: str, values: np.ndarray, companions: np.ndarray | None
) -> tuple[list[str], np.ndarray]:
    """`source_phrase` of each distinct (value, companion) pair, capitalised as a driver starts,
    and every element's index into them (as `format_value_codes`)."""
    values = np.asarray(values, dtype=np.float64)
    if values.size == 0:
        return [], np.zeros(0, dtype=np.int64)
    pairs = np.column_stack(
        [values, np.full(values.shape, np.nan) if companions is None else companions]
    ).astype(np.float64)
    distinct, inverse = np.unique(pairs, axis=0, return_inverse=True)
    texts = []
    for value, companion in distinct:
        text = source_phrase(feature, float(value), float(companion))
        texts.append(text[:1].upper() + text[1:])
    return texts, inverse.reshape(-1)


def source_driver_text(
    feature: str, value: float, companion: float | None, contribution: float
) -> str:
    """A whole optional-source driver, e.g. "Pay 12% below the band midpoint raises risk by
    3.1 pts"."""
    phrase = source_phrase(feature, value, companion)
    direction = "raises" if contribution > 0 else "lowers"
    return f"{phrase[:1].upper()}{phrase[1:]} {direction} risk by {abs(contribution) * 100:.1f} pts"


@dataclass(frozen=True)
class Driver:
    """A driver sentence read back into its parts (`read_driver`).

    `value` is the value's English words of a "label = value" driver; a phrased driver of the
    optional sources carries its figures instead (`number`, and `companion` for the change in
    engagement: the latest score)."""

    feature: str
    raises: bool
    points: float
    value: str | None = None
    number: float | None = None
    companion: float | None = None


_SENTENCE = re.compile(r"(?P<body>.+) (?P<dir>raises|lowers) risk by (?P<points>\d+(?:\.\d+)?) pts")
_NUM = r"(\d+(?:\.\d+)?)"
# The phrases of `source_phrase`, capitalised as a driver starts, and their figures.
_PHRASES: tuple[tuple[str, re.Pattern[str], Callable[[re.Match[str]], tuple]], ...] = (
    ("pay_to_midpoint", re.compile("Pay at the band midpoint"), lambda m: (1.0, None)),
    (
        "pay_to_midpoint",
        re.compile(rf"Pay {_NUM}% (below|above) the band midpoint"),
        lambda m: (1 + (-1 if m[2] == "below" else 1) * float(m[1]) / 100, None),
    ),
    ("last_raise_months_ago", re.compile("A raise this month"), lambda m: (0.0, None)),
    (
        "last_raise_months_ago",
        re.compile(rf"No raise for {_NUM} months"),
        lambda m: (float(m[1]), None),
    ),
    (
        "last_raise_pct",
        re.compile(rf"Last raise (-?{_NUM[1:-1]})%"),
        lambda m: (float(m[1]) / 100, None),
    ),
    (
        "engagement_score_last",
        re.compile(rf"Engagement score {_NUM} of 5"),
        lambda m: (float(m[1]), None),
    ),
    ("engagement_score_change", re.compile("Engagement score unchanged"), lambda m: (0.0, None)),
    (
        "engagement_score_change",
        re.compile(rf"Engagement score unchanged at {_NUM}"),
        lambda m: (0.0, float(m[1])),
    ),
    (
        "engagement_score_change",
        re.compile(rf"Engagement score (fell|rose) by {_NUM} points"),
        lambda m: ((-1 if m[1] == "fell" else 1) * float(m[2]), None),
    ),
    (
        "engagement_score_change",
        re.compile(rf"Engagement score (fell|rose) from {_NUM} to {_NUM}"),
        lambda m: (float(m[3]) - float(m[2]), float(m[3])),
    ),
    (
        "overtime_hours_avg_6m",
        re.compile(rf"{_NUM} hours of overtime a month over the last six months"),
        lambda m: (float(m[1]), None),
    ),
    (
        "absence_days_6m",
        re.compile(rf"{_NUM} days of absence in the last six months"),
        lambda m: (float(m[1]), None),
    ),
)


def read_driver(text: str) -> Driver | None:
    """The parts of a driver sentence this module wrote; None for any other text."""
    sentence = _SENTENCE.fullmatch(text.strip())
    if sentence is None:
        return None
    raises, points = sentence["dir"] == "raises", float(sentence["points"])
    body = sentence["body"]
    for feature, pattern, figures in _PHRASES:
        if m := pattern.fullmatch(body):
            number, companion = figures(m)
            return Driver(feature, raises, points, number=number, companion=companion)
    label, sep, value = body.partition(" = ")
    if not sep:
        return None
    by_label = {words: code for code, words in {**FEATURE_WORDS, **_competency_words()}.items()}
    feature = by_label.get(label)
    return None if feature is None else Driver(feature, raises, points, value=value)


def driver_texts(labels: pl.Series, value_texts: pl.Series, contributions: np.ndarray) -> pl.Series:
    """`driver_text` of many drivers at once, from the features' labels and values in words.

    An empty label marks a phrased driver (PHRASED_COMPANIONS): its value text is the whole
    phrase, so no "label = " goes before it."""
    contributions = np.asarray(contributions, dtype=np.float64)
    if contributions.size == 0:
        return pl.Series("text", [], dtype=pl.String)
    frame = pl.DataFrame(
        {
            "label": labels,
            "value": value_texts,
            "raises": contributions > 0,
            "points": one_decimal(np.abs(contributions) * 100),
        }
    )
    direction = pl.when(pl.col("raises")).then(pl.lit(" raises")).otherwise(pl.lit(" lowers"))
    subject = (
        pl.when(pl.col("label") == "")
        .then(pl.col("value"))
        .otherwise(pl.concat_str("label", pl.lit(" = "), "value"))
    )
    text = pl.concat_str(subject, direction, pl.lit(" risk by "), "points", pl.lit(" pts"))
    return frame.select(text.alias("text"))["text"]
