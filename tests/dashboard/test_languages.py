"""Which language a user starts in: their choice, else their org unit's, else the home's.

The app is run for real (Streamlit AppTest) on a home whose talentloop.toml sets English as the
home language and French for one branch; the sign-in goes through the form.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboards.i18n import LANGUAGES, default_language, language_name, t
from dashboards.pages import PAGES
from tests.dashboard.conftest import PASSWORD
from tests.dashboard.test_app_headcount import APP

SETTINGS = """
[languages]
default = "en"

[languages.org_units]
BR001 = "fr"
"""


def test_default_language_resolution() -> None:
    section = {"default": "en", "org_units": {"BR001": "fr", "BR009": "xx"}}
    assert default_language(["BR001"], section) == "fr"
    assert default_language(["BR002", "BR001"], section) == "fr", "any of the user's units"
    assert default_language(["BR009"], section) == "en", "a language without a catalog is ignored"
    assert default_language([], section) == "en"
    assert default_language([], {}) == "zh"
    assert default_language([], {"default": "xx"}) == "zh"


def test_language_names_come_from_cldr() -> None:
    assert [language_name(lang) for lang in ("zh", "en", "fr")] == ["中文", "English", "français"]
    assert set(LANGUAGES) >= {"zh", "en", "fr"}


@pytest.fixture
def language_home(tiny_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    for name in ("serving.duckdb", "users.toml"):
        shutil.copy(tiny_home / name, home / name)
    (home / "talentloop.toml").write_text(SETTINGS, encoding="utf-8")
    monkeypatch.setenv("TALENTLOOP_HOME", str(home))
    monkeypatch.delenv("TALENTLOOP_USERS", raising=False)
    return home


def _sign_in(username: str, lang: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    if lang:
        at.session_state["lang"] = lang
    at.run()
    at.text_input(key="signin_user").input(username)
    at.text_input(key="signin_password").input(PASSWORD)
    at.button[-1].click().run()
    assert not at.exception, at.exception
    return at


def test_sign_in_page_is_in_the_home_language(language_home: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert at.session_state["lang"] == "en"
    assert at.title[0].value == t("app.title", "en")


def test_hrbp_of_a_french_branch_starts_in_french(language_home: Path) -> None:
    at = _sign_in("hrbp1")
    assert at.session_state["lang"] == "fr"
    assert at.title[0].value in {t(f"page.{page.name}", "fr") for page in PAGES}


def test_the_executive_starts_in_the_home_language(language_home: Path) -> None:
    at = _sign_in("exec")
    assert at.session_state["lang"] == "en"


def test_a_chosen_language_wins_over_the_branch(language_home: Path) -> None:
    at = _sign_in("hrbp1", lang="zh")
    assert at.session_state["lang"] == "zh"
