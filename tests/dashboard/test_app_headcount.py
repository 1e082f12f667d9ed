"""AppTest of the router and the headcount page against the tiny serving copy."""

from __future__ import annotations

from pathlib import Path

import duckdb
from streamlit.testing.v1 import AppTest

from dashboards import audit
from tests.dashboard.conftest import PASSWORD

APP = str(Path(__file__).resolve().parents[2] / "dashboards" / "streamlit_app.py")


def signed_in(username: str, lang: str = "en") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["lang"] = lang
    at.run()
    at.text_input(key="signin_user").input(username)
    at.text_input(key="signin_password").input(PASSWORD)
    at.button[-1].click().run()
    assert not at.exception, at.exception
    return at


def test_sign_in_rejects_wrong_password(home_env: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["lang"] = "en"
    at.run()
    at.text_input(key="signin_user").input("admin")
    at.text_input(key="signin_password").input("wrong")
    at.button[-1].click().run()
    assert any("Wrong user name or password" in e.value for e in at.error)
    assert "viewer" not in at.session_state


def test_headcount_page_shows_the_marts_figures(home_env: Path) -> None:
    at = signed_in("admin")
    at.switch_page("app_pages/headcount.py").run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Headcount"
    with duckdb.connect(str(home_env / "serving.duckdb"), read_only=True) as con:
        first, last = con.execute(
            "select count(*) filter (where is_active) from marts.fct_headcount_monthly "
            "where month_start_date in ('2024-01-01', '2025-12-01') group by month_start_date order by month_start_date"
        ).fetchall()
    reading = at.caption[0].value
    assert f"from {first[0]:,} in Jan 2024 to {last[0]:,} in Dec 2025" in reading
    events = audit.read(home_env / "audit.log")
    assert {"user": "admin", "action": "view", "page": "headcount"}.items() <= events[-1].items()
