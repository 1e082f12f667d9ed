"""Model features in words an HR reader understands (English and Chinese)."""

from __future__ import annotations

import math

import numpy as np
import polars as pl

from ingest import vocabulary

FEATURE_WORDS: dict[str, tuple[str, str]] = {
    "tenure_months": ("Time with the bank (months)", "司龄(月)"),
    "tenure_band": ("Time with the bank", "司龄段"),
    "grade": ("Pay grade", "职级"),
    "job_family": ("Job family", "岗位族"),
    "branch_code": ("Branch", "分行"),
    "recruiting_channel": ("Hiring channel", "招聘渠道"),
    "education": ("Education", "学历"),
    "years_experience": ("Experience before joining (years)", "入职前工作年限"),
    "has_ai_interview": ("Had an AI interview", "是否参加AI面试"),
    "ai_overall_score": ("AI interview overall score", "AI面试综合得分"),
    "trainings_enrolled_12m": ("Courses enrolled in the last year", "近一年报名课程数"),
    "trainings_completed_12m": ("Courses completed in the last year", "近一年完成课程数"),
    "training_attendance_rate_12m": ("Training attendance in the last year", "近一年培训出勤率"),
    "training_exam_avg_12m": (
        "Average training exam score in the last year",
        "近一年培训考试平均分",
    ),
    "trainings_enrolled_24m": ("Courses enrolled in the last two years", "近两年报名课程数"),
    "training_attendance_rate_24m": (
        "Training attendance in the last two years",
        "近两年培训出勤率",
    ),
    "perf_score_avg_8q": ("Average performance over the last two years", "近两年平均绩效得分"),
    "perf_reviews_8q": ("Performance reviews in the last two years", "近两年绩效考核次数"),
    "perf_score_last": ("Latest performance score", "最近一次绩效得分"),
    "perf_score_avg_4q": ("Average performance over the last year", "近一年平均绩效得分"),
    "perf_trend": ("Performance trend (latest vs. the year before)", "绩效趋势"),
    "perf_grade_last": ("Latest performance grade", "最近一次绩效等级"),
    "perf_reviews_4q": ("Performance reviews in the last year", "近一年绩效考核次数"),
    "manager_changes_12m": ("Changes of line manager in the last year", "近一年直属上级变更次数"),
    "transfers_24m": ("Transfers in the last two years", "近两年调动次数"),
    "promotions_24m": ("Promotions in the last two years", "近两年晋升次数"),
    "months_since_grade_change": ("Months since the last grade change", "距上次职级变动月数"),
    "probation_result": ("Probation result", "试用期结果"),
}


def _competency_words() -> dict[str, tuple[str, str]]:
    """Words of the per-competency features, from the customer's reference data."""
    words: dict[str, tuple[str, str]] = {}
    for term in vocabulary.active().terms("competencies"):
        zh, en = term.label("zh"), term.label("en").lower()
        words[f"ai_score_{term.code}"] = (f"AI interview score: {en}", f"AI面试{zh}得分")
        words[f"exam_{term.code}_24m"] = (
            f"Course exam score: {en} (last two years)",
            f"近两年{zh}类课程考试成绩",
        )
    return words


def feature_label(feature: str, lang: str = "en") -> str:
    """The HR wording of a feature; unknown features fall back to their name in plain words."""
    words = FEATURE_WORDS.get(feature) or _competency_words().get(feature)
    if words is None:
        return feature.replace("_", " ").capitalize()
    return words[0] if lang == "en" else words[1]


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
    """One driver as a sentence, e.g. 'Time with the bank (months) = 8.0 raises risk by 6.1 pts'."""
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


def driver_texts(labels: pl.Series, value_texts: pl.Series, contributions: np.ndarray) -> pl.Series:
    """`driver_text` of many drivers at once, from the features' labels and values in words."""
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
    text = pl.concat_str(
        "label", pl.lit(" = "), "value", direction, pl.lit(" risk by "), "points", pl.lit(" pts")
    )
    return frame.select(text.alias("text"))["text"]
