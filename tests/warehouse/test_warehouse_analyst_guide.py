"""Every example query of docs/analyst_guide.md runs against the analyst file published from the
built sample enterprise (`analyst.duckdb`, what analysts open), and where the generator's truth
knows the answer, the answer is checked against it."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pytest
import warehouse_checks as checks
from warehouse_build import Enterprise

from ingest.settings import PROJECT_ROOT
from orchestration.publish import publish

GUIDE = PROJECT_ROOT / "docs" / "analyst_guide.md"
EXAMPLE = re.compile(r"```sql\n-- example: (\w+)\n(.*?)```", re.DOTALL)


def guide_examples(path: Path = GUIDE) -> dict[str, str]:
    """The guide's example queries by name (the `-- example: <name>` first line)."""
    return {name: sql for name, sql in EXAMPLE.findall(path.read_text(encoding="utf-8"))}


EXAMPLES = guide_examples()


@dataclass(frozen=True)
class AnalystFile:
    path: Path

    def query(self, sql: str) -> pl.DataFrame:
        with duckdb.connect(str(self.path), read_only=True) as con:
            return con.sql(sql).pl()


@pytest.fixture(scope="module")
def analyst(enterprise: Enterprise, tmp_path_factory: pytest.TempPathFactory) -> AnalystFile:
    home = tmp_path_factory.mktemp("published")
    result = publish(
        enterprise.warehouse, home / "serving.duckdb", key=b"guide-test-key-0123456789"
    )
    assert result.analyst_path == home / "analyst.duckdb"
    return AnalystFile(result.analyst_path)


def test_guide_has_at_least_twelve_examples() -> None:
    assert len(EXAMPLES) >= 12


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_example_runs_on_the_analyst_file(analyst: AnalystFile, name: str) -> None:
    sql = EXAMPLES[name]
    assert "marts." not in sql and "raw." not in sql, "examples read the analyst file only"
    result = analyst.query(sql)
    assert result.height > 0, f"{name} returned no rows"


# --- answers checked against the generator's truth -------------------------------------------


def _window_start(enterprise: Enterprise) -> date:
    """First day of "the last 12 months" of the guide: 11 months before the latest month."""
    last = enterprise.query("select max(month_start_date) as m from marts.fct_headcount_monthly")
    m: date = last["m"][0]
    year, month = divmod(m.year * 12 + m.month - 1 - 11, 12)
    return date(year, month + 1, 1)


def test_headcount_trend_equals_the_truth(enterprise: Enterprise, analyst: AnalystFile) -> None:
    got = analyst.query(EXAMPLES["headcount_trend"]).with_columns(
        pl.col(c).cast(pl.Int64) for c in ("headcount", "hires", "exits")
    )
    truth = checks.truth_headcount(enterprise)
    assert got.join(truth.select("month"), on="month").equals(truth)


def test_headcount_by_branch_matches_the_truth(
    enterprise: Enterprise, analyst: AnalystFile
) -> None:
    got = analyst.query(EXAMPLES["headcount_by_branch"])
    spells = checks.truth_spells(enterprise)
    active = spells.filter(pl.col("exit_date").is_null()).group_by("branch").len()
    joined = active.join(got, left_on="branch", right_on="branch_code", how="full")
    off = (joined["len"].fill_null(0) - joined["headcount"].fill_null(0)).abs().sum()
    # Only people whose HR master row was quarantined can sit in an unknown unit.
    unknown_unit = len(checks.not_in_master(enterprise))
    assert off <= unknown_unit, joined
    assert 0 <= active["len"].sum() - got["headcount"].sum() <= unknown_unit


def test_exits_by_type_in_the_last_12_months_equal_the_truth(
    enterprise: Enterprise, analyst: AnalystFile
) -> None:
    got = analyst.query(EXAMPLES["exits_by_type_and_reason"])
    spells = checks.truth_spells(enterprise)
    start = _window_start(enterprise)
    expected = (
        spells.filter(pl.col("exit_date") >= start).group_by("exit_type").len().sort("exit_type")
    )
    got_by_type = got.group_by("exit_type").agg(pl.col("exits").sum()).sort("exit_type")
    assert got_by_type["exit_type"].to_list() == expected["exit_type"].to_list()
    assert got_by_type["exits"].cast(pl.Int64).to_list() == expected["len"].to_list()


def test_exits_by_tenure_band_add_up_to_the_truth(
    enterprise: Enterprise, analyst: AnalystFile
) -> None:
    got = analyst.query(EXAMPLES["exits_by_tenure_band"])
    spells = checks.truth_spells(enterprise)
    expected = spells.filter(pl.col("exit_date") >= _window_start(enterprise)).height
    assert got["exits"].sum() == expected


def test_hires_per_year_equal_the_truth(enterprise: Enterprise, analyst: AnalystFile) -> None:
    got = (
        analyst.query(EXAMPLES["hires_by_year_and_channel"])
        .group_by("hire_year")
        .agg(pl.col("hires").sum())
        .with_columns(pl.col("hire_year").cast(pl.Int32))
    )
    first_month = checks.truth_headcount(enterprise)["month"].min()
    spells = checks.truth_spells(enterprise).filter(pl.col("hire_date") >= first_month)
    expected = spells.group_by(pl.col("hire_date").dt.year().alias("hire_year")).len()
    joined = expected.join(got, on="hire_year", how="left")
    # Years fully inside the truth's window: every hire there reached the warehouse.
    inside = joined.filter(pl.col("hire_year") > first_month.year)
    assert (inside["len"] == inside["hires"]).all(), inside


def test_ai_human_agreement_shows_the_planted_weak_spot(
    enterprise: Enterprise, analyst: AnalystFile
) -> None:
    got = analyst.query(EXAMPLES["ai_human_agreement"]).filter(pl.col("pairs") >= 20)
    truth = json.loads((enterprise.truth / "agreement.json").read_text())
    threshold = truth["threshold"]
    checked = 0
    for row in got.iter_rows(named=True):
        planted = truth["families"][row["job_family"]][row["competency_code"]]
        if planted["planted_weak"]:
            assert row["share_within_1"] < threshold, row
        else:
            assert row["share_within_1"] > threshold, row
        checked += 1
    weak = got.filter(
        (pl.col("job_family") == "customer_manager")
        & (pl.col("competency_code") == "risk_awareness")
    )
    assert weak.height == 1 and checked > 10


def test_ai_scores_predict_performance_as_planted(
    enterprise: Enterprise, analyst: AnalystFile
) -> None:
    got = analyst.query(EXAMPLES["ai_score_vs_performance"])
    effects = json.loads((enterprise.truth / "effects.json").read_text())["families"]
    family = got.filter(pl.col("job_family") == "customer_manager").sort(
        "correlation", descending=True
    )
    assert family.height == 7 and family["hires"].min() >= 30
    assert family["competency_code"][0] in effects["customer_manager"]["top3"]


def test_integration_health_equals_the_truth(enterprise: Enterprise, analyst: AnalystFile) -> None:
    got = analyst.query(EXAMPLES["integration_health"]).sort("source_name")
    expected = checks.expected_summary(enterprise)
    got = got.filter(pl.col("source_name").is_in(expected["source"].implode()))
    assert got["ids_seen"].to_list() == expected["ids_seen"].to_list()
    assert got["ids_matched"].to_list() == expected["ids_matched"].to_list()
    assert got["ids_conflicting"].to_list() == expected["ids_conflicting"].to_list()
