"""The sidebar: language switch, the signed-in viewer and the filters shared by every page."""

from __future__ import annotations

import streamlit as st

from dashboards import formatting, ui
from dashboards.auth import Viewer
from dashboards.data.served import NotBuilt, sidebar_options
from dashboards.i18n import LANGUAGES, default_language, job_family_name, language_name
from ingest.settings import load_settings


def language_switch() -> str:
    """Switchable at any time, before and after sign-in.

    Clicking the selected language again deselects it in a segmented control; the last chosen
    language then stays in force.
    """
    if st.session_state.get("lang") not in LANGUAGES:
        st.session_state["lang"] = st.session_state.get("_lang_last") or default_language(
            (), load_settings().section("languages")
        )
    st.sidebar.segmented_control(
        ui.t("app.language"),
        LANGUAGES,
        format_func=language_name,
        key="lang",
        selection_mode="single",
    )
    st.session_state["_lang_last"] = ui.lang()
    return ui.lang()


def viewer_box(v: Viewer, on_sign_out) -> None:
    role = {
        "executive": ui.t("role.executive"),
        "hrbp": ui.t("role.hrbp"),
        "analyst": ui.t("role.analyst"),
        "admin": ui.t("role.admin"),
    }[v.role]
    st.sidebar.caption(ui.t("app.signed_in_as", name=v.display_name, role=role))
    st.sidebar.button(ui.t("app.sign_out"), on_click=on_sign_out, key="sign_out")


def filters() -> None:
    """Period, org units and job families; values stay in session state across pages."""
    lang = ui.lang()
    st.sidebar.subheader(ui.t("filter.title"))
    try:
        options = sidebar_options(ui.scope())
        months = list(options["months"]["month"])
        units = options["branches"]
        families = list(options["job_families"]["job_family"])
    except NotBuilt:
        return
    if len(months) >= 2:
        default = (months[max(0, len(months) - 24)], months[-1])
        current = st.session_state.get("filter_period")
        # A range is a pair; anything else (a stale or foreign value) resets to the default.
        if (
            not isinstance(current, tuple | list)
            or len(current) != 2
            or not set(current) <= set(months)
        ):
            st.session_state["filter_period"] = default
        st.sidebar.select_slider(
            ui.t("filter.period"),
            options=months,
            format_func=lambda m: formatting.month(m, lang),
            key="filter_period",
        )
    name_col = "name_zh" if lang == "zh" else "name_en"
    names = dict(zip(units["org_unit_code"], units[name_col], strict=True))
    st.sidebar.multiselect(
        ui.t("filter.org_units"),
        list(names),
        format_func=lambda c: f"{names.get(c, c)} ({c})",
        placeholder=ui.t("filter.all"),
        key="filter_org_units",
    )
    st.sidebar.multiselect(
        ui.t("filter.job_families"),
        families,
        format_func=lambda c: job_family_name(c, lang),
        placeholder=ui.t("filter.all"),
        key="filter_job_families",
    )
