"""A retention driver on the pay grade names the grade as the customer's grades.csv does: the
model explains the warehouse's rank (`Pay grade = 3.0`), the page shows that rank's label."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from analytics.feature_words import driver_text
from dashboards.labels import driver_sentence
from ingest import vocabulary
from sample_enterprise.retail.relabel import RETAIL_REFERENCE


@pytest.fixture
def retailer() -> Iterator[vocabulary.Vocabulary]:
    vocab = vocabulary.activate(vocabulary.load_vocabulary(RETAIL_REFERENCE))
    yield vocab
    vocabulary.deactivate()


def test_the_sample_bank_grade_is_named_in_each_language() -> None:
    vocabulary.activate(vocabulary.sample_bank())
    try:
        text = driver_text("grade", 3.0, 0.028)
        assert text == "Pay grade = 3.0 raises risk by 2.8 pts"  # what analysts read
        assert driver_sentence(text, "zh") == "职级为 3级，使离职风险上升 2.8 个百分点"
        assert driver_sentence(text, "en") == "Pay grade = Grade 3 raises risk by 2.8 pts"
    finally:
        vocabulary.deactivate()


def test_a_customer_grade_is_named_by_its_rank(retailer: vocabulary.Vocabulary) -> None:
    manager = next(t for t in retailer.terms("grades") if t.code == "M1")
    text = driver_text("grade", float(manager.values["rank"]), -0.011)  # type: ignore[arg-type]
    assert (
        driver_sentence(text, "zh") == f"职级为 {manager.label('zh')}，使离职风险下降 1.1 个百分点"
    )
    assert (
        driver_sentence(text, "en") == f"Pay grade = {manager.label('en')} lowers risk by 1.1 pts"
    )
    # A rank no grade has, or no value, is shown as the model wrote it.
    assert driver_sentence(driver_text("grade", 99.0, 0.01), "en").startswith("Pay grade = 99")
    assert "not recorded" in driver_sentence(driver_text("grade", None, 0.01), "en")
