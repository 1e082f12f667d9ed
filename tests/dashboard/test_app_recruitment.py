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
                ("sex", "female", 150, 45, 0.30, 1.0, "reference", False, False),
                ("sex", "male", 146, 30, 0.205, 0.68, "included", True, True),
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


def test_agreement_and_impact_charts(pilot_home: Path) -> None:
    at = signed_in("exec")
    at.switch_page("app_pages/recruitment.py").run()
    assert not at.exception, at.exception
    readings = [c.value for c in at.caption]
    assert "1 of 2 cells with enough pairs are under 80%; 1 have too few pairs." in readings
    cells = _chart_data(at, "within one point")
    assert {r["verdict"] for r in cells} == {
        "Meets the threshold",
        "Below the threshold",
        "Too few pairs",
    }
    assert "Hiring decision: 1 of 2 impact ratios are under 0.80; 1 of them are significant." in (
        readings
    )
    ratios = _chart_data(at, "Impact ratio")
    # The 3-person category is hidden by the privacy layer, so its ratio is not drawn.
    assert sorted(r["group"] for r in ratios if "group" in r) == ["sex: female", "sex: male"]
    # Tables shown as built carry translated headers; the hidden group's figures are blank.
    agreement, impact = (d.value for d in at.dataframe)
    assert {"Competency", "Job family", "Score pairs", "Value"} <= set(agreement.columns)
    assert {"Category", "People", "Impact ratio", "Flagged"} <= set(impact.columns)
    assert "45_plus" not in set(impact["Category"])
    assert set(agreement["Job family"]) == {"Teller", "IT developer"}
    at.session_state["lang"] = "zh"
    at.run()
    assert not at.exception, at.exception
    assert any("个样本不足" in c.value for c in at.caption)
    assert {"胜任力", "岗位族", "评分对数"} <= set(at.dataframe[0].value.columns)
