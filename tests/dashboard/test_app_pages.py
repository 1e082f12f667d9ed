"""One AppTest per page and role against the tiny serving copy: every page renders in both
languages, pages a role may not open are not routed, and scope holds in the query layer."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from dashboards.i18n import LANGUAGES, t
from dashboards.pages import PAGES
from tests.dashboard.conftest import USERS
from tests.dashboard.test_app_headcount import APP, signed_in

PAGE_TITLES_EN = {
    "overview": "Executive overview",
    "headcount": "Headcount",
    "portrait": "Talent portrait",
    "retention": "Retention risk",
    "recruitment": "Recruitment and AI interview",
    "weights": "Competency weights",
    "training": "Training",
    "quality": "Data quality",
}


@pytest.mark.parametrize("page", [p.name for p in PAGES])
def test_every_page_renders_for_admin_in_every_language(home_env: Path, page: str) -> None:
    at = signed_in("admin", lang="zh")
    at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, at.exception
    for lang in LANGUAGES:
        at.session_state["lang"] = lang
        at.run()
        assert not at.exception, (lang, at.exception)
        assert at.title[0].value == t(f"page.{page}", lang)
    assert t(f"page.{page}", "en") == PAGE_TITLES_EN[page]


@pytest.mark.parametrize("user", ["exec", "hrbp1", "analyst"])
def test_pages_render_for_every_role(home_env: Path, user: str) -> None:
    role = USERS[user][0]
    at = signed_in(user)
    for page in PAGES:
        if role not in page.roles:
            continue
        at.switch_page(f"app_pages/{page.name}.py").run()
        assert not at.exception, (page.name, at.exception)


def test_executive_cannot_route_to_a_person(home_env: Path) -> None:
    at = signed_in("exec")
    # st.navigation does not register the page for this role, so no path or URL reaches it
    # (the browser test checks the URL /portrait lands on the default page).
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("app_pages/portrait.py")


def _key_outside(home: Path, branch: str) -> str:
    with duckdb.connect(str(home / "serving.duckdb"), read_only=True) as con:
        return con.execute(
            "select employee_key from marts.employee_portraits where branch_code <> ? limit 1",
            [branch],
        ).fetchone()[0]


def test_hrbp_cannot_reach_a_person_outside_scope_by_url_or_search(home_env: Path) -> None:
    outsider = _key_outside(home_env, "BR001")
    at = signed_in("hrbp1")
    at.switch_page("app_pages/portrait.py")
    at.query_params["employee"] = outsider
    at.run()
    assert not at.exception, at.exception
    assert any("No such employee" in w.value for w in at.warning)
    assert not at.header  # nothing about the person is drawn
    at.query_params.clear()
    at.text_input(key="portrait_search").input(outsider).run()
    assert any("No such employee" in w.value for w in at.warning)


def test_hrbp_sees_a_person_in_scope(home_env: Path) -> None:
    with duckdb.connect(str(home_env / "serving.duckdb"), read_only=True) as con:
        insider = con.execute(
            "select employee_key from marts.employee_portraits where branch_code = 'BR001' limit 1"
        ).fetchone()[0]
    at = signed_in("hrbp1")
    at.switch_page("app_pages/portrait.py")
    at.query_params["employee"] = insider
    at.run()
    assert not at.exception, at.exception
    assert at.header and insider not in at.header[0].value  # the name, not only the number


def test_hrbp_headcount_is_their_scope_only(home_env: Path) -> None:
    with duckdb.connect(str(home_env / "serving.duckdb"), read_only=True) as con:
        last = con.execute(
            "select count(*) filter (where h.is_active) from marts.fct_headcount_monthly h "
            "join marts.dim_org_unit o using (org_unit_code) "
            "where o.branch_code = 'BR001' and month_start_date = '2025-12-01'"
        ).fetchone()[0]
    at = signed_in("hrbp1")
    at.switch_page("app_pages/headcount.py").run()
    assert not at.exception, at.exception
    assert f"to {last:,} in Dec 2025" in at.caption[0].value
    shown = at.dataframe[0].value
    assert set(shown.iloc[:, 1]) <= {"Beijing branch"}


def test_analyst_sees_no_names(home_env: Path) -> None:
    at = signed_in("analyst")
    at.switch_page("app_pages/retention.py").run()
    assert not at.exception, at.exception
    people = at.dataframe[0].value
    assert "Name" not in people.columns
    assert len(people) and people["Employee"].str.fullmatch(r"[0-9a-f]{16}").all()


def test_sign_in_is_required_for_every_page(home_env: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.title or at.title[0].value in (
        "TalentLoop 人才洞察",
        "TalentLoop people insights",
    )
    assert at.text_input(key="signin_password") is not None
