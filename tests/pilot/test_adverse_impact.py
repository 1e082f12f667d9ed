"""Adverse-impact audit on small tables computed by hand, with the NYC edge cases."""

from __future__ import annotations

import math

import polars as pl
import pytest

from analytics.pilot import impact_ratios, load_thresholds, unknown_counts
from analytics.pilot.adverse_impact import age_band

T = load_thresholds()


def _units(sex: list, age: list, **outcome) -> pl.DataFrame:
    return pl.DataFrame({"sex": sex, "age": age, **outcome}, schema_overrides={"age": pl.Int64})


def _row(table: pl.DataFrame, dimension: str, category: str) -> dict:
    return table.filter((pl.col("dimension") == dimension) & (pl.col("category") == category)).row(
        0, named=True
    )


def test_selection_rates_and_impact_ratio_by_hand():
    # Men 5 of 10 selected, women 2 of 10: ratio 0.2 / 0.5 = 0.4; one person of unknown sex.
    sex = ["M"] * 10 + ["F"] * 10 + [None]
    selected = [True] * 5 + [False] * 5 + [True] * 2 + [False] * 8 + [True]
    table = impact_ratios(_units(sex, [30] * 21, selected=selected), "selection", "hire", T)
    men, women = _row(table, "sex", "M"), _row(table, "sex", "F")
    assert (men["rate"], men["impact_ratio"], men["status"]) == (0.5, 1.0, "reference")
    assert women["rate"] == 0.2 and women["impact_ratio"] == pytest.approx(0.4)
    assert women["p_value"] == pytest.approx(27120 / 77520)  # Fisher, see test_stats
    assert women["below_four_fifths"] is True
    # Not significant at 5% with 10 people each: listed for review, not flagged.
    assert women["is_significant"] is False and women["flagged"] is False
    unknown = _row(table, "sex", "unknown")
    assert (unknown["n"], unknown["status"], unknown["impact_ratio"]) == (1, "unknown", None)
    counts = unknown_counts(table).filter(pl.col("dimension") == "sex").row(0, named=True)
    assert counts["n_unknown"] == 1


def test_a_large_gap_is_flagged():
    sex = ["M"] * 200 + ["F"] * 200
    selected = [True] * 100 + [False] * 100 + [True] * 40 + [False] * 160
    table = impact_ratios(_units(sex, [30] * 400, selected=selected), "selection", "hire", T)
    women = _row(table, "sex", "F")
    assert women["impact_ratio"] == pytest.approx(0.4) and women["flagged"] is True
    assert _row(table, "sex", "M")["flagged"] is False


def test_scoring_rate_is_the_share_above_the_sample_median():
    # Scores 1..8, median 4.5: men 1,2,3,6 -> 1 of 4 above; women 4,5,7,8 -> 3 of 4 above.
    sex = ["M", "M", "M", "F", "F", "M", "F", "F"]
    scores = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]
    table = impact_ratios(_units(sex, [40] * 8, score=scores), "scoring", "ai_score", T)
    assert table["median_score"][0] == 4.5
    men, women = _row(table, "sex", "M"), _row(table, "sex", "F")
    assert (men["rate"], women["rate"]) == (0.25, 0.75)
    assert men["impact_ratio"] == pytest.approx(1 / 3)
    assert women["status"] == "reference"


def test_all_scores_equal_gives_no_ratio():
    table = impact_ratios(_units(["M", "F", "F"], [30, 40, 50], score=[5.0] * 3), "scoring", "s", T)
    sex = table.filter(pl.col("dimension") == "sex")
    assert set(sex["status"]) == {"undefined"}
    assert sex["impact_ratio"].null_count() == sex.height
    assert not sex["flagged"].any()


def test_one_category_is_its_own_reference():
    table = impact_ratios(
        _units(["F"] * 5, [30] * 5, selected=[True, False] * 2 + [True]), "selection", "h", T
    )
    women = _row(table, "sex", "F")
    assert (women["impact_ratio"], women["status"], women["flagged"]) == (1.0, "reference", False)


def test_categories_under_two_percent_are_excluded_and_listed():
    # 50 men and 1 woman: the woman is 1/51 = 1.96% of the sample, under 2%, so excluded even
    # though nobody selected her. 49 + 1 would be exactly 2% and stay included.
    sex = ["M"] * 50 + ["F"]
    table = impact_ratios(
        _units(sex, [30] * 51, selected=[True] * 50 + [False]), "selection", "h", T
    )
    women = _row(table, "sex", "F")
    assert women["status"] == "excluded_small" and women["impact_ratio"] is None
    assert women["share_of_sample"] == pytest.approx(1 / 51)
    assert unknown_counts(table).filter(pl.col("dimension") == "sex")["excluded"][0].to_list() == [
        "F"
    ]
    table = impact_ratios(
        _units(["M"] * 49 + ["F"], [30] * 50, selected=[True] * 49 + [False]), "selection", "h", T
    )
    assert _row(table, "sex", "F")["status"] == "included"


def test_age_bands_and_the_intersection():
    assert [age_band(a, (25, 35, 45)) for a in (24, 25, 34, 35, 44, 45)] == [
        "under_25",
        "25_34",
        "25_34",
        "35_44",
        "35_44",
        "45_plus",
    ]
    units = _units(["M", "F", "F", None], [24, 34, 35, 50], selected=[True, True, False, True])
    table = impact_ratios(units, "selection", "h", T)
    assert set(table.filter(pl.col("dimension") == "age_35")["category"]) == {"under_35", "35_plus"}
    assert set(table.filter(pl.col("dimension") == "sex_x_age_band")["category"]) == {
        "M|under_25",
        "F|25_34",
        "F|35_44",
        "unknown",
    }
    # Under 35: 2 of 2 selected; 35 and over: 1 of 2 -> ratio 0.5.
    assert _row(table, "age_35", "35_plus")["impact_ratio"] == pytest.approx(0.5)
    assert math.isclose(_row(table, "age_35", "under_35")["rate"], 1.0)
