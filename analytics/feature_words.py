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
    # The optional pay, engagement and time sources (retention_source_features).
    "pay_to_midpoint": ("Pay against the band midpoint", "薪酬与薪级中位值之比"),
    "last_raise_months_ago": ("Months since the last raise", "距上次调薪月数"),
    "last_raise_pct": ("Size of the last raise", "上次调薪幅度"),
    "engagement_score_last": ("Latest engagement score", "最近一次敬业度得分"),
    "engagement_score_change": ("Change in the engagement score", "敬业度得分变化"),
    "overtime_hours_avg_6m": (
        "Monthly overtime over the last six months",
        "近六个月月均加班小时",
    ),
    "absence_days_6m": ("Absence days in the last six months", "近六个月缺勤天数"),
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


def source_phrase(feature: str, value: float, companion: float | None, lang: str = "en") -> str:
    """One optional-source feature's value as an HR phrase in English or Chinese, e.g.
    "pay 12% below the band midpoint" / "薪酬低于薪级中位值 12%"."""
    zh = lang == "zh"
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "未记录" if zh else "not recorded"
    if feature == "pay_to_midpoint":
        gap = round(100 * (value - 1))
        if gap == 0:
            return "薪酬处于薪级中位值" if zh else "pay at the band midpoint"
        if zh:
            return f"薪酬{'低于' if gap < 0 else '高于'}薪级中位值 {abs(gap)}%"
        return f"pay {abs(gap)}% {'below' if gap < 0 else 'above'} the band midpoint"
    if feature == "last_raise_months_ago":
        months = int(value)
        if months < 1:
            return "本月刚调薪" if zh else "a raise this month"
        return f"{months} 个月未调薪" if zh else f"no raise for {months} months"
    if feature == "last_raise_pct":
        return f"上次调薪 {100 * value:.1f}%" if zh else f"last raise {100 * value:.1f}%"
    if feature == "engagement_score_last":
        return f"敬业度得分 {value:.1f}（满分 5）" if zh else f"engagement score {value:.1f} of 5"
    if feature == "engagement_score_change":
        has_last = companion is not None and not math.isnan(companion)
        if round(value, 1) == 0:
            if not has_last:
                return "敬业度得分持平" if zh else "engagement score unchanged"
            return (
                f"敬业度得分持平（{companion:.1f}）"
                if zh
                else (f"engagement score unchanged at {companion:.1f}")
            )
        fell = value < 0
        if not has_last:
            if zh:
                return f"敬业度得分{'下降' if fell else '上升'} {abs(value):.1f} 分"
            return f"engagement score {'fell' if fell else 'rose'} by {abs(value):.1f} points"
        before = companion - value
        if zh:
            return f"敬业度得分从 {before:.1f} {'降至' if fell else '升至'} {companion:.1f}"
        return f"engagement score {'fell' if fell else 'rose'} from {before:.1f} to {companion:.1f}"
    if feature == "overtime_hours_avg_6m":
        hours = _number(value)
        if zh:
            return f"近六个月月均加班 {hours} 小时"
        return f"{hours} hours of overtime a month over the last six months"
    if feature == "absence_days_6m":
        days = _number(value)
        return f"近六个月缺勤 {days} 天" if zh else f"{days} days of absence in the last six months"
    raise KeyError(f"{feature!r} is not an optional-source feature")


def source_phrase_codes(
    feature: str, values: np.ndarray, companions: np.ndarray | None, lang: str = "en"
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
        text = source_phrase(feature, float(value), float(companion), lang)
        texts.append(text[:1].upper() + text[1:])
    return texts, inverse.reshape(-1)


def source_driver_text(
    feature: str, value: float, companion: float | None, contribution: float, lang: str = "en"
) -> str:
    """A whole optional-source driver in English or Chinese, e.g. "Pay 12% below the band
    midpoint raises risk by 3.1 pts" / "薪酬低于薪级中位值 12%，使离职风险上升 3.1 个百分点"."""
    phrase = source_phrase(feature, value, companion, lang)
    points = f"{abs(contribution) * 100:.1f}"
    if lang == "zh":
        return f"{phrase}，使离职风险{'上升' if contribution > 0 else '下降'} {points} 个百分点"
    direction = "raises" if contribution > 0 else "lowers"
    return f"{phrase[:1].upper()}{phrase[1:]} {direction} risk by {points} pts"


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
