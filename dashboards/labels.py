"""Words for the codes the data carries, in the viewer's language: `code_label(kind, code, lang)`.

One function per kind maps each code to a message key written out literally (so the i18n test
and the gettext extraction see every key). Source names come from the source contract, which
already holds them in both languages. Job families, competencies and education levels are the
customer's vocabulary (ingest.vocabulary; dashboards.i18n.job_family_name / competency_name).

A code without a label raises MissingLabel under pytest (or TALENTLOOP_STRICT_LABELS=1), so a
new code cannot reach a page unnoticed; in production it is logged once and shown with its
underscores as spaces rather than crash a page.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Mapping
from functools import cache

from dashboards import formatting
from dashboards.i18n import business_unit_name, competency_name, job_family_name, t
from ingest import vocabulary
from ingest.contract import SOURCES

log = logging.getLogger(__name__)


class MissingLabel(KeyError):
    """A code of a known kind that has no label yet."""


def _statistic(lang: str) -> dict[str, str]:
    return {
        "within_one": t("statistic.within_one", lang),
        "kappa_quadratic": t("statistic.kappa_quadratic", lang),
        "icc": t("statistic.icc", lang),
        "mean_difference": t("statistic.mean_difference", lang),
        "loa_lower": t("statistic.loa_lower", lang),
        "loa_upper": t("statistic.loa_upper", lang),
    }


def _level(lang: str) -> dict[str, str]:
    return {
        "competency_family_version_month": t("level.competency_family_version_month", lang),
        "competency_family_version": t("level.competency_family_version", lang),
        "competency_family_month": t("level.competency_family_month", lang),
        "competency_family": t("level.competency_family", lang),
        "competency": t("level.competency", lang),
    }


def _criterion(lang: str) -> dict[str, str]:
    return {
        "integration_sync_success": t("criterion.integration_sync_success", lang),
        "integration_conflict_rate": t("criterion.integration_conflict_rate", lang),
        "ai_human_consistency": t("criterion.ai_human_consistency", lang),
        "hr_satisfaction": t("criterion.hr_satisfaction", lang),
        "candidate_satisfaction": t("criterion.candidate_satisfaction", lang),
        "adverse_impact": t("criterion.adverse_impact", lang),
    }


def _pilot_status(lang: str) -> dict[str, str]:
    return {
        "pass": t("pilot_status.pass", lang),
        "fail": t("pilot_status.fail", lang),
        "review": t("pilot_status.review", lang),
        "insufficient": t("pilot_status.insufficient", lang),
        # ml.ai_human_agreement's statuses
        "ok": t("pilot_status.ok", lang),
        "undefined": t("pilot_status.undefined", lang),
    }


def _audit(lang: str) -> dict[str, str]:
    return {
        "ai_recommendation": t("recruitment.audit_ai_recommendation", lang),
        "hire_decision": t("recruitment.audit_hire_decision", lang),
        "ai_score": t("recruitment.audit_ai_score", lang),
    }


def _outcome(lang: str) -> dict[str, str]:
    return {"selection": t("outcome.selection", lang), "scoring": t("outcome.scoring", lang)}


def _dimension(lang: str) -> dict[str, str]:
    return {
        "sex": t("dimension.sex", lang),
        "age_band": t("dimension.age_band", lang),
        "age_35": t("dimension.age_35", lang),
        "sex_x_age_band": t("dimension.sex_x_age_band", lang),
    }


def _impact_status(lang: str) -> dict[str, str]:
    return {
        "included": t("impact_status.included", lang),
        "reference": t("impact_status.reference", lang),
        "excluded_small": t("impact_status.excluded_small", lang),
        "unknown": t("impact_status.unknown", lang),
        "undefined": t("impact_status.undefined", lang),
    }


def _channel(lang: str) -> dict[str, str]:
    return {
        "campus": t("channel.campus", lang),
        "social": t("channel.social", lang),
        "referral": t("channel.referral", lang),
        "unknown": t("category.unknown", lang),
    }


def _band(lang: str) -> dict[str, str]:
    return {
        "high": t("band.high", lang),
        "medium": t("band.medium", lang),
        "low": t("band.low", lang),
    }


def _verdict(lang: str) -> dict[str, str]:
    """How a risk band's prediction compared with what happened (ml.retention_backtest)."""
    return {
        "within": t("retention.verdict_within", lang),
        "too_high": t("retention.verdict_too_high", lang),
        "too_low": t("retention.verdict_too_low", lang),
    }


def _severity(lang: str) -> dict[str, str]:
    return {
        "ERROR": t("severity.error", lang),
        "WARN": t("severity.warn", lang),
        "INFO": t("severity.info", lang),
    }


def _rule(lang: str) -> dict[str, str]:
    """Quarantine and file rules (ingest.contract.QUARANTINE_RULES, FILE_RULES)."""
    return {
        "malformed_line": t("rule.malformed_line", lang),
        "implausible_text": t("rule.implausible_text", lang),
        "formula_cell": t("rule.formula_cell", lang),
        "stray_header": t("rule.stray_header", lang),
        "missing_required": t("rule.missing_required", lang),
        "bad_type": t("rule.bad_type", lang),
        "not_allowed": t("rule.not_allowed", lang),
        "out_of_range": t("rule.out_of_range", lang),
        "future_date": t("rule.future_date", lang),
        "impossible_sequence": t("rule.impossible_sequence", lang),
        "unknown_reference": t("rule.unknown_reference", lang),
        "empty_file": t("rule.empty_file", lang),
        "undecodable": t("rule.undecodable", lang),
        "wrong_columns": t("rule.wrong_columns", lang),
        "unreadable": t("rule.unreadable", lang),
        "erased": t("rule.erased", lang),
    }


def _check(lang: str) -> dict[str, str]:
    """Families of data checks (the part of a check's name before the first dot: the rest
    names columns, which the technical detail shows)."""
    return {
        "quarantine": t("check.quarantine", lang),
        "unique": t("check.unique", lang),
        "not_null": t("check.not_null", lang),
        "in_set": t("check.in_set", lang),
        "between": t("check.between", lang),
        "regex": t("check.regex", lang),
        "a_le_b": t("check.a_le_b", lang),
        "references": t("check.references", lang),
        "rows": t("check.rows", lang),
        "row_count": t("check.row_count", lang),
        "row_count_vs_previous": t("check.row_count", lang),
        "row_count_drop": t("check.row_count", lang),
        "schema": t("check.schema", lang),
        "exists": t("check.schema", lang),
        "freshness": t("check.freshness", lang),
        "late_delivery": t("check.freshness", lang),
        "reconciliation": t("check.reconciliation", lang),
        "score_drift": t("check.score_drift", lang),
        "asset_check_failed": t("check.failed_step", lang),
        "run_failure": t("check.failed_step", lang),
    }


def check_label(rule: str, lang: str) -> str:
    """An alert's rule in words: a quarantine rule by its own label, a pilot criterion by its
    label, any other check by its family ("unique.employee_id_x": duplicate rows)."""
    family, _, tail = rule.partition(".")
    if family == "quarantine" and tail:
        return code_label("rule", tail, lang)
    if family.startswith("pilot_") and not tail:
        return t("check.pilot", lang, criterion=code_label("criterion", family[6:], lang))
    return code_label("check", family, lang)


def _education(lang: str) -> dict[str, str]:
    """The customer's education levels (reference data), by code."""
    return {t.code: t.label(lang) for t in vocabulary.active().terms("education_levels")}


def _source(lang: str) -> dict[str, str]:
    return {name: s.zh if lang == "zh" else s.en for name, s in SOURCES.items()}


KINDS: dict[str, Callable[[str], dict[str, str]]] = {
    "statistic": _statistic,
    "level": _level,
    "criterion": _criterion,
    "pilot_status": _pilot_status,
    "audit": _audit,
    "outcome": _outcome,
    "dimension": _dimension,
    "impact_status": _impact_status,
    "channel": _channel,
    "band": _band,
    "verdict": _verdict,
    "severity": _severity,
    "rule": _rule,
    "check": _check,
    "education": _education,
    "source": _source,
}


def _table(kind: str, lang: str) -> dict[str, str]:
    # Keyed by the active vocabulary too: education levels are the customer's reference data.
    return _table_for(kind, lang, id(vocabulary.active()))


@cache
def _table_for(kind: str, lang: str, _vocabulary: int) -> dict[str, str]:
    return KINDS[kind](lang)


def strict() -> bool:
    """Missing labels fail loudly in tests (pytest sets PYTEST_CURRENT_TEST while a test runs)."""
    return bool(os.environ.get("PYTEST_CURRENT_TEST") or os.environ.get("TALENTLOOP_STRICT_LABELS"))


@cache
def _warn_once(kind: str, code: str) -> None:
    log.warning("no label for %s %r: shown as it is", kind, code)


def code_label(kind: str, code: object, lang: str) -> str:
    """The words for `code` of `kind` in `lang` (a missing value is an en dash)."""
    if code is None or (isinstance(code, float) and code != code):
        return "–"
    text = str(code)
    if kind == "category":
        return category_label(text, lang)
    label = _table(kind, lang).get(text)
    if label is not None:
        return label
    if strict():
        raise MissingLabel(f"no label for {kind} {text!r} in {lang}")
    _warn_once(kind, text)
    return text.replace("_", " ")


_AGE_UNDER = re.compile(r"under_(\d+)")
_AGE_BETWEEN = re.compile(r"(\d+)_(\d+)")
_AGE_PLUS = re.compile(r"(\d+)_plus")


def category_label(code: str, lang: str) -> str:
    """An adverse-impact category: a sex, an age band (edges are configurable, so bands are
    read from the code: under_25, 25_34, 45_plus), or both joined by "|"."""
    if "|" in code:
        first, second = code.split("|", 1)
        return t(
            "category.combined",
            lang,
            first=category_label(first, lang),
            second=category_label(second, lang),
        )
    if m := _AGE_UNDER.fullmatch(code):
        return t("category.age_under", lang, n=m[1])
    if m := _AGE_PLUS.fullmatch(code):
        return t("category.age_plus", lang, n=m[1])
    if m := _AGE_BETWEEN.fullmatch(code):
        return t("category.age_between", lang, low=m[1], high=m[2])
    sexes = {
        "F": t("category.female", lang),
        "M": t("category.male", lang),
        "unknown": t("category.unknown", lang),
    }
    if code in sexes:
        return sexes[code]
    if strict():
        raise MissingLabel(f"no label for category {code!r} in {lang}")
    _warn_once("category", code)
    return code.replace("_", " ")


_YEARS = re.compile(r"(?P<low>\d+)(?:-(?P<high>\d+))?y(?P<plus>\+)?")
_DECIMAL = re.compile(r"-?\d+(?:\.(?P<decimals>\d+))?")


def _feature_name(feature: str, lang: str) -> str:
    """A model feature in words; the per-competency ones name the customer's competency."""
    if m := re.fullmatch(r"ai_score_(?P<code>.+)", feature):
        return t("feature.ai_score", lang, competency=competency_name(m["code"], lang))
    if m := re.fullmatch(r"exam_(?P<code>.+)_24m", feature):
        return t("feature.exam_24m", lang, competency=competency_name(m["code"], lang))
    if feature == "branch_code":  # named by the customer's business-unit org level
        return business_unit_name(lang)
    return t(f"feature.{feature}", lang)


def _driver_value(feature: str, words: str, lang: str, units: Mapping[str, str]) -> str:
    """The value of a "label = value" driver (the model's English words) in `lang`."""
    from analytics.feature_words import value_words

    code = next((c for c, w in value_words(feature).items() if w == words), None)
    if code is not None:
        if feature == "job_family":
            return job_family_name(code, lang)
        return code_label("channel" if feature == "recruiting_channel" else "education", code, lang)
    if feature == "branch_code":
        return units.get(words, words)
    if feature == "perf_grade_last":
        return vocabulary.active().label("performance_ratings", words, lang)
    if feature == "grade" and (grade := vocabulary.active().grade_label(words, lang)):
        return grade  # the rank's pay grade, as the customer's grades.csv names it
    if band := _YEARS.fullmatch(words):  # tenure bands: 0-1y ... 10y+
        if band["plus"]:
            return t("driver.years_plus", lang, low=band["low"])
        return t("driver.years_between", lang, low=band["low"], high=band["high"])
    if feature == "probation_result":  # ingest.contract: onboarding.probation_result
        probation = {
            "passed": t("driver.probation_passed", lang),
            "extended": t("driver.probation_extended", lang),
            "failed": t("driver.probation_failed", lang),
            "pending": t("driver.probation_pending", lang),
        }
        return probation.get(words, words)
    if words == "yes":
        return t("common.yes", lang)
    if words == "no":
        return t("common.no", lang)
    if words == "not recorded":
        return t("driver.not_recorded", lang)
    if number := _DECIMAL.fullmatch(words):
        return formatting.number(float(words), lang, len(number["decimals"] or ""))
    return words


def _phrase(feature: str, value: float, companion: float | None, lang: str) -> str:
    """An optional-source driver's phrase (analytics.feature_words.source_phrase) in `lang`."""

    def one(x: float) -> str:
        return formatting.number(x, lang, 1)

    def whole(x: float) -> str:  # 38 hours, 2.5 days (as source_phrase rounds them)
        return formatting.number(x, lang, 0 if abs(x - round(x)) < 0.05 else 1)

    if feature == "pay_to_midpoint":
        gap = round(100 * (value - 1))
        if gap == 0:
            return t("driver.pay_at_midpoint", lang)
        if gap < 0:
            return t("driver.pay_below_midpoint", lang, gap=-gap)
        return t("driver.pay_above_midpoint", lang, gap=gap)
    if feature == "last_raise_months_ago":
        if value < 1:
            return t("driver.raise_this_month", lang)
        return t("driver.no_raise_for", lang, months=int(value))
    if feature == "last_raise_pct":
        return t("driver.last_raise", lang, pct=one(100 * value))
    if feature == "engagement_score_last":
        return t("driver.engagement_score", lang, score=one(value))
    if feature == "engagement_score_change":
        if round(value, 1) == 0:
            if companion is None:
                return t("driver.engagement_unchanged", lang)
            return t("driver.engagement_unchanged_at", lang, score=one(companion))
        fell = value < 0
        if companion is None:
            if fell:
                return t("driver.engagement_fell_by", lang, points=one(-value))
            return t("driver.engagement_rose_by", lang, points=one(value))
        before, after = one(companion - value), one(companion)
        if fell:
            return t("driver.engagement_fell_from", lang, before=before, after=after)
        return t("driver.engagement_rose_from", lang, before=before, after=after)
    if feature == "overtime_hours_avg_6m":
        return t("driver.overtime", lang, hours=whole(value))
    return t("driver.absence", lang, days=whole(value))  # absence_days_6m


def driver_sentence(text: str, lang: str, units: Mapping[str, str] | None = None) -> str:
    """A retention driver in `lang`. The model writes drivers as English sentences
    ('Pay grade = 2.0 raises risk by 2.8 pts', analytics/feature_words.py) for analysts; the
    sentence is read back into its feature, value and points and worded from the catalogs.
    `units` names the org units by code (a branch driver); a text the model did not write is
    shown as it is."""
    from analytics.feature_words import PHRASED_COMPANIONS, read_driver

    driver = read_driver(text)
    if driver is None:
        return text
    points = formatting.number(driver.points, lang, 1)
    if driver.feature in PHRASED_COMPANIONS and driver.number is not None:
        phrase = _phrase(driver.feature, driver.number, driver.companion, lang)
        phrase = phrase[:1].upper() + phrase[1:]
        if driver.raises:
            return t("driver.phrase_raises", lang, phrase=phrase, points=points)
        return t("driver.phrase_lowers", lang, phrase=phrase, points=points)
    label = _feature_name(driver.feature, lang)
    value = _driver_value(driver.feature, driver.value or "", lang, units or {})
    if driver.raises:
        return t("driver.raises", lang, label=label, value=value, points=points)
    return t("driver.lowers", lang, label=label, value=value, points=points)


def band_names(lang: str) -> dict[str, str]:
    """The risk bands (retention_scores.risk_band) in words."""
    return dict(_table("band", lang))


def criterion_names(lang: str) -> dict[str, str]:
    """The AI-interview pilot's criteria (marts.pilot_scorecard.criterion) in words."""
    return dict(_table("criterion", lang))


def job_family(code: str | None, lang: str) -> str:
    """A job family by name; rows the marts could not place ("unknown") in words too."""
    return t("common.unknown", lang) if code == "unknown" else job_family_name(code, lang)


def training_reason(row: dict, lang: str) -> str:
    """Why a course is recommended, from the recommendation's own figures (competency, level,
    required level, gap and the course's measured effect) in `lang`; the model's stored
    `reason` is English only."""

    def one(x: object) -> str:
        return formatting.number(x, lang, 1)

    text = t(
        "training.reason",
        lang,
        competency=competency_name(row.get("competency_code"), lang),
        level=one(row.get("level")),
        required=one(row.get("required_level")),
        gap=one(row.get("gap")),
    )
    effect = row.get("course_effect")
    if effect is not None and effect == effect:  # not missing, not NaN
        text += t("training.reason_effect", lang, effect=formatting.signed_number(effect, lang, 2))
    return text
