"""Codes become words from one place (dashboards/labels.py), in every language, and a code
without a label fails loudly under test instead of reaching a page."""

from __future__ import annotations

import pytest

from analytics.pilot.agreement import METRICS
from analytics.pilot.scorecard import CRITERIA
from dashboards.labels import MissingLabel, check_label, code_label, driver_sentence
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
    text = "Time with the bank = 0-1y raises risk by 6.7 pts"
    assert driver_sentence(text, "zh") == "司龄段为 0–1 年，使离职风险上升 6.7 个百分点"
    assert driver_sentence(text, "en") == text
    assert driver_sentence("Hiring channel = experienced hire lowers risk by 1.0 pts", "zh") == (
        "招聘渠道为 社会招聘，使离职风险下降 1.0 个百分点"
    )
