"""Sessions in a real browser (headless Debian Chromium against `streamlit run`): a reload keeps
the user signed in and in their language (signed cookies), signing out ends it, a forged cookie
signs nobody in, and viewers get no Deploy button or developer menu."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from dashboards import audit
from tests.dashboard.conftest import PASSWORD
from tests.dashboard.test_browser import (  # noqa: F401  (the fixture is used by pytest-playwright)
    TIMEOUT_MS,
    _sign_in,
    _switch_language,
    _wait_idle,
    browser_type_launch_args,
)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def tiny_app(tmp_path_factory: pytest.TempPathFactory, streamlit_server) -> tuple[str, Path]:
    from tests.dashboard import tiny_serving
    from tests.dashboard.conftest import write_users

    home = tmp_path_factory.mktemp("signin_home")
    tiny_serving.build(home / "serving.duckdb")
    write_users(home / "users.toml")
    return streamlit_server(home), home


def _signed_in(page) -> bool:
    page.locator('[data-testid="stSidebarNav"]').or_(page.get_by_label("Password")).or_(
        page.get_by_label("密码")
    ).first.wait_for(timeout=TIMEOUT_MS)
    _wait_idle(page)
    return page.locator('[data-testid="stSidebarNav"]').count() > 0


def test_a_reload_keeps_the_sign_in_and_the_language(browser, tiny_app) -> None:
    url, home = tiny_app
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    _sign_in(page, url, "admin")
    _switch_language(page, "en")
    page.wait_for_timeout(1500)  # the cookie scripts run as their elements render
    cookies = {c["name"]: c for c in context.cookies()}
    assert {"tl_session", "tl_lang"} <= set(cookies)
    assert cookies["tl_session"]["sameSite"] == "Strict"
    assert PASSWORD not in str(cookies)

    page.reload(wait_until="domcontentloaded")
    assert _signed_in(page), "a reload signed the user out"
    english = page.get_by_role("radio", name="English").first
    assert english.get_attribute("aria-checked") == "true", "a reload reset the language"
    # The sidebar's button renders after the navigation on a busy machine: wait, then count.
    page.get_by_role("button", name="Sign out").first.wait_for(timeout=TIMEOUT_MS)
    assert page.get_by_role("button", name="Sign out").count() == 1

    # A new tab of the same browser is the same session; Streamlit's toolbar has no Deploy.
    other = context.new_page()
    other.goto(url, wait_until="domcontentloaded")
    assert _signed_in(other)
    assert other.get_by_role("button", name="Deploy").count() == 0
    assert other.locator('[data-testid="stMainMenu"]').count() == 0
    other.close()

    page.get_by_role("button", name="Sign out").click()
    _wait_idle(page)
    page.wait_for_timeout(1500)
    page.reload(wait_until="domcontentloaded")
    assert not _signed_in(page), "signing out did not end the kept session"
    events = [(e["user"], e["action"]) for e in audit.read(home / "audit.log")]
    assert ("admin", "sign_out") in events and ("admin", "sign_in") in events
    context.close()


def test_a_forged_session_cookie_signs_nobody_in(browser, tiny_app) -> None:
    from itsdangerous import URLSafeTimedSerializer

    from dashboards.auth import load_users
    from dashboards.session_cookie import password_fingerprint

    url, home = tiny_app
    context = browser.new_context()
    page = context.new_page()
    _sign_in(page, url, "hrbp1")
    page.wait_for_timeout(1500)
    real = next(c for c in context.cookies() if c["name"] == "tl_session")
    context.clear_cookies()
    # Everything right but the key (someone who read the code and the users file), and a
    # real token with its signature changed.
    admin_hash = load_users(home / "users.toml")["admin"]["password_hash"]
    forged = URLSafeTimedSerializer(b"k" * 32, salt="talentloop-session").dumps(
        {"u": "admin", "p": password_fingerprint(admin_hash), "s": int(time.time())}
    )
    flipped = real["value"][:-3] + ("AAA" if not real["value"].endswith("AAA") else "BBB")
    for value in (forged, flipped):
        context.add_cookies([{**real, "value": value}])
        page.goto(url, wait_until="domcontentloaded")
        assert not _signed_in(page)
        context.clear_cookies()
    context.close()
