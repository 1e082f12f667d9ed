"""Issue 18 part 3 on a serving copy whose `ops.sources` says which optional sources are absent:
a page that needs one is not computed, a figure that needs one is left out and listed, and the
app names the source in the viewer's language (the full build with only the required sources is
tests/ingest/test_onboarding_guide.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import polars as pl
import pytest

from dashboards.pages import BY_NAME, SOURCES_MISSING, SourcesMissing, page_figures, source_names
from dashboards.queries import Scope
from ingest.contract import REQUIRED_SOURCES, SOURCES
from ingest.source_status import SCHEMA
from tests.dashboard.conftest import write_users
from tests.dashboard.test_app_headcount import signed_in

ADMIN = Scope(role="admin")


def _with_sources(tiny_home: Path, tmp_path: Path, absent: set[str]) -> Path:
    """A copy of the tiny home whose ops.sources marks `absent` as never delivered."""
    home = tmp_path / "home"
    home.mkdir()
    shutil.copy(tiny_home / "serving.duckdb", home / "serving.duckdb")
    write_users(home / "users.toml")
    rows = [
        (name, s.en, s.zh, name in REQUIRED_SOURCES, name not in absent, 1, 0)
        + (0 if name in absent else 10, 0, None, "not_delivered" if name in absent else "ok")
        for name, s in SOURCES.items()
    ]
    frame = pl.DataFrame(rows, schema=SCHEMA, orient="row")
    with duckdb.connect(str(home / "serving.duckdb")) as con:
        con.execute("create schema if not exists ops")
        con.register("_sources", frame)
        con.execute("create or replace table ops.sources as select * from _sources")
    return home


def test_absent_sources_withhold_pages_and_figures(tiny_home: Path, tmp_path: Path) -> None:
    home = _with_sources(tiny_home, tmp_path, {"exits", "training_enrollments"})
    with duckdb.connect(str(home / "serving.duckdb"), read_only=True) as con:
        with pytest.raises(SourcesMissing) as info:
            page_figures(con, "headcount", ADMIN)
        assert info.value.sources == ["exits"]
        training = page_figures(con, "training", ADMIN)
        assert not {"completion", "by_course", "effect"} & set(training)
        assert "gaps" in training  # its sources are there
        missing = training[SOURCES_MISSING]
        assert set(zip(missing["figure"], missing["source"], strict=True)) == {
            ("completion", "training_enrollments"),
            ("by_course", "training_enrollments"),
            ("effect", "training_enrollments"),
        }
        quality = page_figures(con, "quality", ADMIN)
        assert quality[SOURCES_MISSING].empty


def test_every_source_a_page_declares_is_an_optional_source() -> None:
    for spec in BY_NAME.values():
        assert set(spec.needs) <= set(SOURCES) - set(REQUIRED_SOURCES), spec.name


def test_the_app_names_the_absent_source_in_both_languages(
    tiny_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = _with_sources(tiny_home, tmp_path, {"exits", "training_enrollments"})
    monkeypatch.setenv("TALENTLOOP_HOME", str(home))
    monkeypatch.delenv("TALENTLOOP_USERS", raising=False)
    for lang in ("en", "zh"):
        at = signed_in("admin", lang=lang)
        at.switch_page("app_pages/headcount.py").run()
        assert not at.exception, at.exception
        notices = [i.value for i in at.info]
        assert any(source_names(["exits"], lang) in n for n in notices), notices
        assert not at.metric and not at.get("vega_lite_chart")  # no chart, no zero
        at.switch_page("app_pages/training.py").run()
        assert not at.exception, at.exception
        notices = " ".join(i.value for i in at.info)
        assert source_names(["training_enrollments"], lang) in notices
    assert source_names(["exits"], "zh") == "离职记录（exits）"
    assert source_names(["exits"], "en") == "Exits (exits)"


def test_the_report_names_absent_sources_and_shows_no_zero_exits(
    tiny_home: Path, tmp_path: Path
) -> None:
    from dashboards.privacy import PrivacyPolicy
    from dashboards.report import render_html
    from dashboards.report.figures import compute

    home = _with_sources(tiny_home, tmp_path, {"exits", "ai_interviews"})
    with duckdb.connect(str(home / "serving.duckdb"), read_only=True) as con:
        figures = compute(con, None, PrivacyPolicy())
    assert figures.sources_missing == ["ai_interviews", "exits"]
    assert figures.exits_12m is None and figures.attrition_12m is None
    assert figures.risk_by_family is None and figures.weights is None
    for lang in ("en", "zh"):
        html = render_html(figures, lang, PrivacyPolicy())
        assert source_names(["ai_interviews", "exits"], lang) in html
