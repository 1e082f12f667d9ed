"""Codes become words from one place (dashboards/labels.py), in every language, and a code
without a label fails loudly under test instead of reaching a page."""

from __future__ import annotations

import re

import pytest

from analytics.feature_words import (
    FEATURE_WORDS,
    PHRASED_COMPANIONS,
    driver_text,
    read_driver,
    source_driver_text,
)
from analytics.pilot.agreement import METRICS
from analytics.pilot.scorecard import CRITERIA
from dashboards.labels import MissingLabel, check_label, code_label, driver_sentence
from ingest import vocabulary
from ingest.contract import FILE_RULES, QUARANTINE_RULES, RECRUITING_CHANNELS, SOURCES


@pytest.mark.parametrize(
    ("kind", "codes"),
    [
        ("statistic", METRICS),
        ("criterion", tuple(CRITERIA)),
        ("rule", (*QUARANTINE_RULES, *FILE_RULES)),
        ("channel", RECRUITING_CHANNELS),
        ("source", tuple(SOURCES)),
        ("band", ("low", "medium", "high")),
    ],
)
def test_every_code_the_product_writes_has_words(kind: str, codes: tuple[str, ...]) -> None:
    for lang in ("zh", "en", "fr"):
        for code in codes:
            label = code_label(kind, code, lang)
            assert label and label != code and "_" not in label, (kind, code, lang)


def test_audit_groups_read_as_people_not_codes() -> None:
    assert code_label("category", "F|25_34", "en") == "Women, aged 25–34"
    assert code_label("category", "M|45_plus", "zh") == "男性，45岁及以上"
    assert code_label("category", "under_35", "en") == "under 35"
    assert code_label("category", "unknown", "zh") == "未填写"


def test_a_code_without_a_label_fails_under_test() -> None:
    with pytest.raises(MissingLabel):
        code_label("statistic", "brand_new_statistic", "en")
    with pytest.raises(MissingLabel):
        code_label("category", "X", "en")
    assert code_label("band", None, "en") == "–"


def test_checks_are_named_by_what_is_wrong() -> None:
    assert check_label("quarantine.future_date", "en") == "Date after the load date"
    assert check_label("unique.employee_id_hire_date_recorded_at", "en") == "Duplicate records"
    assert check_label("pilot_adverse_impact", "zh") == "AI面试试点标准：对不同群体的公平性"


def test_retention_drivers_in_chinese() -> None:
    text = "Tenure = 0-1y raises risk by 6.7 pts"
    assert driver_sentence(text, "zh") == "司龄段为 0–1 年，使离职风险上升 6.7 个百分点"
    assert driver_sentence(text, "en") == "Tenure = 0–1 years raises risk by 6.7 pts"
    assert driver_sentence("Hiring channel = experienced hire lowers risk by 1.0 pts", "zh") == (
        "招聘渠道为 社会招聘，使离职风险下降 1.0 个百分点"
    )
    assert driver_sentence("Pay 12% below the band midpoint raises risk by 3.1 pts", "zh") == (
        "薪酬低于薪级中位值 12%，使离职风险上升 3.1 个百分点"
    )
    assert driver_sentence(
        "Engagement score fell from 4.1 to 2.9 raises risk by 2.0 pts", "zh"
    ) == ("敬业度得分从 4.1 降至 2.9，使离职风险上升 2.0 个百分点")
    assert driver_sentence("Branch = B07 raises risk by 1.0 pts", "zh", {"B07": "杭州分行"}) == (
        "分行为 杭州分行，使离职风险上升 1.0 个百分点"
    )
    assert driver_sentence("Tenure (months) = 8.0 raises risk by 1,006.1 pts", "en") == (
        "Tenure (months) = 8.0 raises risk by 1,006.1 pts"  # not a sentence the model writes
    )


# As the language scan (tests/dashboard/test_language_scan.py): Latin words a Chinese reader reads.
_LATIN = re.compile(r"[A-Za-z]{2,}")
_LATIN_OK = {"AI", "IT", "HR"}
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _every_driver_the_model_writes() -> list[str]:
    """One driver sentence per feature the model can explain, with values of each kind, as
    analytics.feature_words writes them (the customer's vocabulary included)."""
    vocab = vocabulary.active()
    values: dict[str, list[object]] = {
        "tenure_band": ["0-1y", "2-5y", "10y+"],
        "job_family": list(vocab.codes("job_families")),
        "education": list(vocab.codes("education_levels")),
        "recruiting_channel": list(RECRUITING_CHANNELS),
        "has_ai_interview": [True, False],
        "probation_result": ["passed", "extended", "failed", "pending"],
        "perf_grade_last": list(vocab.codes("performance_ratings")),
        "branch_code": ["B01"],
    }
    features = [*FEATURE_WORDS, *(f"ai_score_{c}" for c in vocab.codes("competencies"))]
    features += [f"exam_{c}_24m" for c in vocab.codes("competencies")]
    texts: list[str] = []
    for feature in features:
        if feature in PHRASED_COMPANIONS:
            continue
        for value in values.get(feature, [0.5, 8.0, None]):
            for contribution in (0.031, -0.004):
                texts.append(driver_text(feature, value, contribution))
    grid = {
        "pay_to_midpoint": [0.88, 1.0, 1.05],
        "last_raise_months_ago": [0, 26],
        "last_raise_pct": [0.035],
        "engagement_score_last": [3.24],
        "engagement_score_change": [-1.2, 0.0, 0.4],
        "overtime_hours_avg_6m": [38.0, 12.5],
        "absence_days_6m": [6.0],
    }
    for feature, numbers in grid.items():
        for number in numbers:
            for companion in (None, 2.9):
                texts.append(source_driver_text(feature, number, companion, 0.031))
    return texts


def test_every_driver_reads_in_every_language_without_the_others_words() -> None:
    texts = _every_driver_the_model_writes()
    units = {"B01": "总行营业部"}
    for text in texts:
        assert read_driver(text) is not None, text
        zh = driver_sentence(text, "zh", units)
        assert not set(_LATIN.findall(zh)) - _LATIN_OK, (text, zh)
        for lang in ("en", "fr"):
            words = driver_sentence(text, lang, {"B01": "Head office"})
            assert not _CJK.search(words), (text, lang, words)
            assert "_" not in words and "raises risk" not in words or lang == "en", words


def test_english_drivers_on_pages_say_what_the_model_wrote() -> None:
    """The English catalog words the optional-source phrases as the model does (two places for
    English, held together here)."""
    for text in _every_driver_the_model_writes():
        if read_driver(text).feature in PHRASED_COMPANIONS:
            assert driver_sentence(text, "en") == text


def test_the_business_unit_is_named_by_the_customers_org_level() -> None:
    from dashboards.i18n import column_label
    from dashboards.labels import _feature_name
    from ingest.settings import PROJECT_ROOT

    bank = vocabulary.sample_bank()
    retail = vocabulary.load_vocabulary(PROJECT_ROOT / "samples" / "retail" / "reference")
    try:
        vocabulary.activate(bank)
        assert (column_label("branch_code", "zh"), column_label("branch_code", "en")) == (
            "分行",
            "Branch",
        )
        vocabulary.activate(retail)
        assert (column_label("branch_code", "zh"), _feature_name("branch_code", "en")) == (
            "门店",
            "Store",
        )
    finally:
        vocabulary.deactivate()
