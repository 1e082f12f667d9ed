"""The sign-in step of the router: local users file by default, OpenID Connect when configured."""

from __future__ import annotations

import streamlit as st

from dashboards import audit, ui
from dashboards.auth import Viewer, authenticate, load_users, users_path, viewer_for_email
from ingest.settings import load_settings


def _oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except (FileNotFoundError, KeyError):
        return False


def _signed_in(v: Viewer) -> Viewer:
    st.session_state["viewer"] = v
    audit.record(
        load_settings().audit_log_path, user=v.username, role=v.role, action="sign_in", page="app"
    )
    return v


def current_viewer() -> Viewer | None:
    """The viewer of this session, after showing the sign-in form when there is none."""
    if "viewer" in st.session_state:
        return st.session_state["viewer"]
    settings = load_settings()
    path = users_path(settings.home)
    users = load_users(path)
    st.title(ui.t("app.title"))
    if _oidc_configured():
        if not st.user.is_logged_in:
            st.button(ui.t("auth.sso"), on_click=st.login)
            return None
        v = viewer_for_email(users, str(st.user.email))
        if v is None:
            st.error(ui.t("auth.unknown_sso_user", email=st.user.email))
            return None
        return _signed_in(v)
    if not users:
        st.warning(ui.t("auth.no_users", path=str(path)))
        return None
    with st.form("sign_in"):
        st.subheader(ui.t("auth.title"))
        username = st.text_input(ui.t("auth.username"), key="signin_user")
        password = st.text_input(ui.t("auth.password"), type="password", key="signin_password")
        submitted = st.form_submit_button(ui.t("auth.submit"))
    if submitted:
        v = authenticate(users, username.strip(), password)
        if v is None:
            st.error(ui.t("auth.failed"))
            return None
        _signed_in(v)
        st.rerun()  # start over without the form, on the page the address asked for
    return None


def sign_out() -> None:
    st.session_state.pop("viewer", None)
    st.session_state.pop("_audited", None)
    if _oidc_configured() and st.user.is_logged_in:
        st.logout()
