"""The strategy report: both languages, self-contained HTML and PDF, figures equal the marts;
and the Dagster job the monthly schedule runs."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from dashboards.i18n import LANGUAGES, t
from dashboards.report import write_report
from orchestration.defs.report import defs as report_defs
from orchestration.defs.report import monthly_strategy_report, strategy_report_job
from orchestration.resources import WarehouseResource


def _figure(html: str, key: str) -> str:
    match = re.search(
        rf'data-figure="{key}">\s*<div class="label">[^<]*</div>\s*<div class="value">([^<]*)</div>',
        html,
    )
    assert match, key
    return match.group(1)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_report_renders_with_the_marts_figures(home_env: Path, tmp_path: Path, lang: str) -> None:
    html_path, pdf_path = write_report(
        home_env / "serving.duckdb", lang, "2025-12", tmp_path / f"r_{lang}.html"
    )
    html = html_path.read_text(encoding="utf-8")
    assert pdf_path.read_bytes().startswith(b"%PDF")
    # Self-contained: charts inline, nothing fetched.
    assert "<svg" in html and 'src="http' not in html and "<script" not in html
    with duckdb.connect(str(home_env / "serving.duckdb"), read_only=True) as con:
        headcount = con.execute(
            "select count(*) filter (where is_active) from marts.fct_headcount_monthly "
            "where month_start_date = '2025-12-01'"
        ).fetchone()[0]
    assert _figure(html, "headcount") == f"{headcount:,}"
    assert t("report.title", lang) in html
    assert {"zh": "2025年12月", "en": "Dec 2025", "fr": "déc. 2025"}[lang] in html
    # Aggregates only: no names, no employee numbers.
    assert "员工" not in html
    assert not re.search(r"(?<![\d.])\d{8}(?![\d.])", html)


def test_report_rejects_a_period_without_data(home_env: Path, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no data for period"):
        write_report(home_env / "serving.duckdb", "en", "1999-01", tmp_path / "r.html")


def test_monthly_schedule_runs_the_report_job(tiny_home: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    shutil.copy(tiny_home / "serving.duckdb", home / "serving.duckdb")
    resource = WarehouseResource(
        path=str(home / "warehouse.duckdb"), landing=str(home / "landing"), home=str(home)
    )
    result = strategy_report_job.execute_in_process(
        run_config={"ops": {"write_strategy_reports": {"config": {"period": "2025-11"}}}},
        resources={"warehouse": resource},
    )
    assert result.success
    written = sorted(p.name for p in (home / "reports").iterdir())
    assert written == sorted(
        f"strategy_2025-11_{lang}.{ext}" for lang in LANGUAGES for ext in ("html", "pdf")
    )
    context = dg.build_schedule_context(
        scheduled_execution_time=__import__("datetime").datetime(2026, 1, 1, 6)
    )
    request = monthly_strategy_report(context)
    assert request.run_key == "2025-12"
    merged = dg.Definitions.merge(report_defs, dg.Definitions(resources={"warehouse": resource}))
    assert merged.resolve_job_def("strategy_report").name == "strategy_report"
    assert merged.resolve_schedule_def("monthly_strategy_report").cron_schedule == "0 6 1 * *"


def test_weights_without_evidence_are_said_so_not_headlined() -> None:
    """Issue 22: when no weight difference has the evidence behind it, the report says there is
    not enough evidence to change rather than naming families to change."""
    import datetime as dt

    import pandas as pd

    from dashboards.report.figures import ReportFigures
    from dashboards.report.narrative import what_to_decide

    figures = ReportFigures(
        dt.date(2026, 11, 1), pd.DataFrame(), None, None, None, None, None, None
    )
    figures.weights = pd.DataFrame({"job_family": [], "is_difference_significant": []})
    for lang, words in (("en", "not enough evidence to change"), ("zh", "证据不足")):
        lines = what_to_decide(figures, lang)
        assert any(words in line for line in lines), lines
    figures.weights = pd.DataFrame({"job_family": ["teller"], "is_difference_significant": [True]})
    assert not any("not enough evidence" in line for line in what_to_decide(figures, "en"))
