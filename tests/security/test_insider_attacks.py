"""Attacks as an insider would make them, through the public per-page functions only: linked-
table differencing across months, moving windows, filter complements, grand total minus shown
cells, page against page, overview against report. No protected figure may come out exactly."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from dashboards.data.protect import EXACT
from dashboards.pages import page_figures
from dashboards.privacy import PrivacyPolicy
from dashboards.queries import Filters, Scope
from dashboards.report.figures import compute
from tests.security import attacks

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def con(enterprise: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    with duckdb.connect(str(enterprise), read_only=True) as c:
        yield c


def _scopes(con: duckdb.DuckDBPyConnection) -> list[Scope]:
    return [attacks.EXECUTIVE, *attacks.hrbp_scopes(con)]


@pytest.fixture(scope="module")
def found(con) -> dict[Scope, dict[str, int]]:
    return {scope: attacks.attack_scope(con, scope) for scope in _scopes(con)}


def test_no_attack_recovers_a_protected_figure_for_any_role(found) -> None:
    for scope, counts in found.items():
        recovered = {
            k: v
            for k, v in counts.items()
            if v and k != "inconsistent" and not k.startswith("linked_")
        }
        assert not recovered, (scope, recovered)
        assert counts["inconsistent"] == 0, scope


@pytest.mark.xfail(
    reason="known residual (docs/privacy.md): in sparse scopes a month shown as the exact scope "
    "total (its other cells all 0) next to a perturbed month lets the linked identity return a "
    "true figure; 0 on the 20,000-employee sample, a few on the 600-employee CI enterprise",
    strict=False,
)
def test_linked_tables_give_no_protected_figure_back(found) -> None:
    for scope, counts in found.items():
        linked = {k: v for k, v in counts.items() if v and k.startswith("linked_")}
        assert not linked, (scope, linked)


def test_the_attacks_would_find_a_figure_shown_as_it_is(con) -> None:
    """The suite is not blind: the exact totals of a scope give exact linked flows back, which
    is why they are marked exact (and why the attacks skip exact figures)."""
    monthly = page_figures(con, "headcount", attacks.EXECUTIVE)["monthly"]
    truth = attacks._series(attacks._truth(con, attacks.EXECUTIVE), {})
    as_if_protected = monthly.assign(hires_status="perturbed", exits_status="perturbed")
    assert sum(attacks._linked(as_if_protected, truth).values()) > 0


def test_executive_overview_shows_whole_bank_flows_and_agrees_with_report_and_pages(con) -> None:
    figures = page_figures(con, "overview", attacks.EXECUTIVE)
    kpis = figures["kpis"].set_index("figure")
    for figure in ("headcount", "hires_12m", "exits_12m", "attrition_12m"):
        assert kpis.loc[figure, "value_status"] == EXACT, figure
        assert kpis.loc[figure, "value"] is not None and kpis.loc[figure, "value"] > 0, figure
    report = compute(con, None, PrivacyPolicy())
    months = attacks._truth(con, attacks.EXECUTIVE).groupby("month")[["hires", "exits"]].sum()
    # The report's period is 24 months up to the last; its 12-month figures are the overview's
    # for the same period, and the truth's.
    assert report.hires_12m == float(months["hires"].tail(12).sum())
    assert report.exits_12m == float(months["exits"].tail(12).sum())
    period = Filters(start=report.totals["month"].iloc[0], end=report.totals["month"].iloc[-1])
    same = page_figures(con, "overview", attacks.EXECUTIVE, period)["kpis"].set_index("figure")
    assert same.loc["hires_12m", "value"] == report.hires_12m
    assert same.loc["attrition_12m", "value"] == pytest.approx(report.attrition_12m)
    headcount = page_figures(con, "headcount", attacks.EXECUTIVE, period)["monthly"]
    assert headcount["headcount"].iloc[-1] == report.headcount


def test_no_shown_figure_is_a_false_zero_or_missing(con) -> None:
    for scope in _scopes(con)[:4]:
        for page in ("headcount", "overview", "retention", "recruitment", "training"):
            for name, frame in page_figures(con, page, scope).items():
                for col in [c for c in frame.columns if c.endswith("_status")]:
                    figure = col.removesuffix("_status")
                    if figure not in frame.columns:
                        continue
                    # Withheld (privacy) and not computed (the model's own verdict, e.g. too
                    # few score pairs) are shown as words; every other figure has a value.
                    shown = frame[~frame[col].isin(("withheld", "not_computed"))][figure]
                    assert shown.notna().all(), (scope, page, name, figure)
                    if figure in frame.columns and frame[col].eq("not_computed").any():
                        assert frame.loc[frame[col] == "not_computed", figure].isna().all()


def test_retention_high_risk_count_matches_the_list_and_the_report(con) -> None:
    for scope in attacks.hrbp_scopes(con)[:3]:
        figures = page_figures(con, "retention", scope)
        listed = int(figures["people_count"]["people"].iloc[0])
        assert int(figures["summary"]["high"].iloc[0]) == listed, scope
        assert len(figures["people"]) == min(listed, 200)
    executive = page_figures(con, "retention", attacks.EXECUTIVE)
    report = compute(con, None, PrivacyPolicy())
    assert report.high_risk == int(executive["summary"]["high"].iloc[0])
