"""The sign-in step of the router: local users file by default, OpenID Connect when configured.

Local sign-in is throttled (dashboards/lockout.py: backoff per user and per client address),
every failure and refusal is audited, an idle session is signed out, and a signed cookie
(dashboards/session_cookie.py) keeps the sign-in and the language across a reload.
"""

from __future__ import annotations

import math
import time

import streamlit as st

from dashboards import audit, ui
from dashboards.auth import (
    Viewer,
    active_viewer,
    authenticate,
    load_users,
    users_path,
    viewer_for_email,
)
from dashboards.i18n import LANGUAGES, default_language
from dashboards.lockout import Policy, Throttle
from dashboards.session_cookie import (
    LANG_COOKIE,
    LANG_DAYS,
    REFRESH_SECONDS,
    SESSION_COOKIE,
    SessionPolicy,
    SessionSigner,
    cookie_script,
)
from ingest.settings import Settings, load_settings


def _oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except (FileNotFoundError, KeyError):
        return False


def _signer(settings: Settings) -> SessionSigner:
    return SessionSigner(settings.home, SessionPolicy.from_section(settings.section("dashboards")))


def client_address() -> str:
    """The peer address Streamlit saw (None on loopback, so every local browser is one client);
    a proxy's X-Forwarded-For is not trusted."""
    address = st.context.ip_address
    return address if isinstance(address, str) and address else "local"


def _audit(settings: Settings, user: str, role: str, action: str, **detail: object) -> None:
    audit.record(
        settings.audit_log_path,
        user=user,
        role=role,
        action=action,
        page="app",
        detail={k: str(v) for k, v in detail.items()},
    )


def _write_cookie(name: str, value: str, max_age: float) -> None:
    st.html(cookie_script(name, value, int(max_age)), unsafe_allow_javascript=True)


def _signed_in(settings: Settings, v: Viewer, method: str) -> Viewer:
    now = time.time()
    st.session_state["viewer"] = v
    st.session_state["_signed_in_at"] = now
    st.session_state["_last_active"] = now
    st.session_state["_cookie_written"] = 0.0  # the next run with the viewer writes it
    _audit(settings, v.username, v.role, "sign_in", method=method, client=client_address())
    _start_in_users_language(settings, v)
    return v


def _start_in_users_language(settings: Settings, v: Viewer) -> None:
    """A user who has not chosen a language starts in their org unit's (or the home's) one.

    "Not chosen": no language cookie came with the page and the switch still shows the home's
    default. The switch is already drawn in this run, so the language is applied by
    `restore_language` at the top of the next one (the sign-in reruns right after).
    """
    section = settings.section("languages")
    chosen = st.context.cookies.get(LANG_COOKIE)
    if (isinstance(chosen, str) and chosen) or ui.lang() != default_language((), section):
        return
    wanted = default_language(v.org_units, section)
    if wanted != ui.lang():
        st.session_state["_lang_pending"] = wanted


def restore_language() -> None:
    """Before the language switch is drawn: a new tab or a reload takes the signed language."""
    pending = st.session_state.pop("_lang_pending", None)
    if pending in LANGUAGES:
        st.session_state["lang"] = pending
        return
    if "lang" in st.session_state or "_lang_last" in st.session_state:
        return
    settings = load_settings()
    lang = _signer(settings).read_lang(st.context.cookies.get(LANG_COOKIE), LANGUAGES)
    if lang:
        st.session_state["lang"] = lang
        st.session_state["_lang_cookie"] = lang


def remember_language(lang: str) -> None:
    """After the language switch: a changed language is written to its cookie."""
    if st.session_state.get("_lang_cookie") == lang:
        return
    settings = load_settings()
    _write_cookie(LANG_COOKIE, _signer(settings).lang_token(lang), LANG_DAYS * 86400)
    st.session_state["_lang_cookie"] = lang


def _keep_alive(settings: Settings, v: Viewer, users: dict[str, dict]) -> None:
    """Refresh the session cookie while the user is active (at most once a minute)."""
    now = time.time()
    st.session_state["_last_active"] = now
    if now - st.session_state.get("_cookie_written", 0.0) < REFRESH_SECONDS:
        return
    spec = users.get(v.username, {})
    signer = _signer(settings)
    token = signer.session_token(
        v.username, str(spec.get("password_hash", "")), st.session_state["_signed_in_at"]
    )
    remaining = signer.policy.session_hours * 3600 - (now - st.session_state["_signed_in_at"])
    _write_cookie(SESSION_COOKIE, token, max(0.0, remaining))
    st.session_state["_cookie_written"] = now


def _restore(settings: Settings, users: dict[str, dict]) -> Viewer | None:
    restored = _signer(settings).read_session(st.context.cookies.get(SESSION_COOKIE), users)
    if restored is None:
        return None
    username, started = restored
    v = active_viewer(users, username)
    if v is None:
        return None
    _signed_in(settings, v, "cookie")
    st.session_state["_signed_in_at"] = started
    _rerun_for_language()
    return v


def _rerun_for_language() -> None:
    if "_lang_pending" in st.session_state:
        st.rerun()


def current_viewer() -> Viewer | None:
    """The viewer of this session, after showing the sign-in form when there is none."""
    settings = load_settings()
    path = users_path(settings.home)
    users = load_users(path)
    if st.session_state.pop("_clear_cookie", False):
        _write_cookie(SESSION_COOKIE, "", 0)
    v: Viewer | None = st.session_state.get("viewer")
    if v is not None:
        policy = SessionPolicy.from_section(settings.section("dashboards"))
        idle = time.time() - st.session_state.get("_last_active", time.time())
        if idle > policy.idle_seconds or active_viewer(users, v.username) is None:
            sign_out(reason="idle_or_disabled")
            st.session_state["_idle_notice"] = True
            v = None
        else:
            _keep_alive(settings, v, users)
            return v
    # The cookies Streamlit shows are those of the page load: after a sign-out in this tab the
    # browser's cookie is cleared, but this connection still sees it.
    if not _oidc_configured() and not st.session_state.get("_signed_out"):
        v = _restore(settings, users)
        if v is not None:
            _keep_alive(settings, v, users)
            return v
    st.title(ui.t("app.title"))
    if st.session_state.get("_idle_notice"):
        st.info(ui.t("auth.idle"))
    if _oidc_configured():
        if not st.user.is_logged_in:
            st.button(ui.t("auth.sso"), on_click=st.login)
            return None
        v = viewer_for_email(users, str(st.user.email))
        if v is None:
            st.error(ui.t("auth.unknown_sso_user", email=st.user.email))
            return None
        _signed_in(settings, v, "oidc")
        _rerun_for_language()
        return v
    if not users:
        st.warning(ui.t("auth.no_users", path=str(path)))
        return None
    with st.form("sign_in"):
        st.subheader(ui.t("auth.title"))
        username = st.text_input(ui.t("auth.username"), key="signin_user")
        password = st.text_input(ui.t("auth.password"), type="password", key="signin_password")
        submitted = st.form_submit_button(ui.t("auth.submit"))
    if submitted:
        username, client = username.strip(), client_address()
        throttle = Throttle(settings.home, Policy.from_section(settings.section("dashboards")))
        wait = throttle.locked_for(username, client)
        if wait > 0:
            # Refused before the password is checked: a locked account cannot be probed.
            _audit(settings, username, "", "sign_in_locked", client=client, wait=math.ceil(wait))
            st.error(ui.t("auth.locked", seconds=math.ceil(wait)))
            return None
        v = authenticate(users, username, password)
        if v is None:
            locked = throttle.failed(username, client)
            _audit(settings, username, "", "sign_in_failed", client=client, locked=locked)
            st.error(
                ui.t("auth.locked", seconds=math.ceil(locked)) if locked else ui.t("auth.failed")
            )
            return None
        throttle.succeeded(username)
        st.session_state.pop("_idle_notice", None)
        st.session_state.pop("_signed_out", None)
        _signed_in(settings, v, "password")
        st.rerun()  # start over without the form, on the page the address asked for
    return None


def sign_out(reason: str = "button") -> None:
    """Forget the viewer, audit it and have the next run clear the session cookie (a button
    callback cannot draw); the language cookie stays."""
    v = st.session_state.pop("viewer", None)
    st.session_state.pop("_audited", None)
    st.session_state.pop("_cookie_written", None)
    st.session_state["_signed_out"] = True
    if v is not None:
        _audit(load_settings(), v.username, v.role, "sign_out", reason=reason)
        st.session_state["_clear_cookie"] = True
    if _oidc_configured() and st.user.is_logged_in:
        st.logout()
