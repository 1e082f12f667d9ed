"""The recruitment page draws AI-human agreement against the 80% threshold and adverse-impact
ratios against 0.8, from the pilot tables, through the privacy layer, in both languages."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from tests.dashboard.test_app_headcount import signed_in


def _pilot_tables(path: Path) -> None:
    """Pilot tables of the shape analytics.pilot writes: one cell per verdict, one hidden group."""
    with duckdb.connect(str(path)) as con:
        con.execute("create schema if not exists ml")
        con.execute(
            "create table ml.ai_human_agreement (level varchar, competency varchar, "
            "job_family varchar, model_version varchar, month varchar, metric varchar, "
            "n_pairs bigint, n_blind bigint, value double, ci_low double, ci_high double, "
            "status varchar)"
        )
        rows = [
            ("customer_service", "teller", 120, 0.91, "ok"),  # meets
            ("risk_compliance", "teller", 80, 0.62, "ok"),  # below
            ("customer_service", "it_developer", 12, None, "insufficient"),
        ]
        con.executemany(
            "insert into ml.ai_human_agreement values "
            "('competency_family', ?, ?, 'all', 'all', 'within_one', ?, 0, ?, null, null, ?)",
            rows,
        )
        con.execute(
            "create table ml.adverse_impact (audit varchar, outcome varchar, dimension varchar, "
            "category varchar, n bigint, share_of_sample double, hits bigint, rate double, "
            "impact_ratio double, p_value double, p_value_holm double, status varchar, "
            "below_four_fifths boolean, is_significant boolean, flagged boolean, "
            "n_sample bigint, median_score double)"
        )
        con.executemany(
            "insert into ml.adverse_impact values ('hire_decision', 'selection', ?, ?, ?, 0.3, "
            "?, ?, ?, 0.01, 0.02, ?, ?, true, ?, 300, null)",
            [
                ("sex", "F", 150, 45, 0.30, 1.0, "reference", False, False),
                ("sex", "M", 146, 30, 0.205, 0.68, "included", True, True),
                ("age_band", "45_plus", 3, 1, 0.33, 1.1, "included", False, False),  # hidden
            ],
        )


@pytest.fixture
def pilot_home(tiny_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    shutil.copyfile(tiny_home / "serving.duckdb", home / "serving.duckdb")
    shutil.copyfile(tiny_home / "users.toml", home / "users.toml")
    _pilot_tables(home / "serving.duckdb")
    monkeypatch.setenv("TALENTLOOP_HOME", str(home))
    monkeypatch.delenv("TALENTLOOP_USERS", raising=False)
    return home


def _chart_data(at, marker: str) -> list[dict]:
    """The rows drawn by the chart whose spec holds `marker` (Arrow data beside the spec)."""
    for chart in at.get("vega_lite_chart"):
        if marker in chart.proto.spec:
            tables = [pa.ipc.open_stream(d.data.data).read_all() for d in chart.proto.datasets]
            return [row for table in tables for row in table.to_pylist()]
    raise AssertionError(f"no chart with {marker!r}")


def _tables(at) -> list:
    return [d.value for d in at.dataframe]


def test_agreement_and_impact_charts(pilot_home: Path) -> None:
    at = signed_in("exec")
    at.switch_page("app_pages/recruitment.py").run()
    assert not at.exception, at.exception
    # The headline comes first: four figures, then the reading and the action.
    labels = [m.label for m in at.metric]
    # The tiny copy has no pilot scorecard or funnel: the headline shows what there is.
    assert labels == [
        "Cells where AI and humans agree",
        "Groups under the four-fifths line",
    ]
    assert [m.value for m in at.metric] == ["1 / 2", "1"]
    assert any("Action:" in m.value for m in at.markdown)
    readings = [c.value for c in at.caption]
    assert "1 of 2 cells with enough pairs are under 80%; 1 have too few pairs." in readings
    cells = _chart_data(at, "verdict")
    assert {r["verdict"] for r in cells if "verdict" in r} == {
        "Meets the threshold",
        "Below the threshold",
        "Too few pairs",
    }
    assert "Hiring decision: 1 of 2 impact ratios are under 0.8; 1 of them are significant." in (
        readings
    )
    ratios = _chart_data(at, "ratio")
    # The 3-person category is hidden by the privacy layer, so its ratio is not drawn; groups
    # are named in words, never by their code.
    assert sorted(r["group"] for r in ratios if "group" in r) == ["Men", "Women"]
    # Detail tables (in expanders) carry translated headers and codes in words.
    tables = _tables(at)
    agreement = next(t for t in tables if "Score pairs" in t.columns)
    impact = next(t for t in tables if "Impact ratio" in t.columns)
    assert {"Competency", "Job family", "Metric", "Value"} <= set(agreement.columns)
    assert set(agreement["Metric"]) == {"Share within one point"}
    assert {"Category", "People", "Impact ratio", "Flagged"} <= set(impact.columns)
    assert set(impact["Category"]) == {"Women", "Men"}
    assert set(impact["Flagged"]) == {"Yes", "No"}
    assert set(agreement["Job family"]) == {"Teller", "IT developer"}
    at.session_state["lang"] = "zh"
    at.run()
    assert not at.exception, at.exception
    assert any("个样本不足" in c.value for c in at.caption)
    zh_tables = _tables(at)
    agreement_zh = next(t for t in zh_tables if "评分对数" in t.columns)
    assert {"胜任力", "岗位族", "评分对数"} <= set(agreement_zh.columns)
    assert set(agreement_zh["指标"]) == {"相差不超过一分的比例"}
    impact_zh = next(t for t in zh_tables if "影响比" in t.columns)
    assert set(impact_zh["类别"]) == {"女性", "男性"}
