"""Data quality: latest alerts, quarantine by source and rule, ID resolution health."""

from __future__ import annotations

import streamlit as st

from dashboards import ui
from dashboards.views.common import show_mart

PAGE = "quality"


def render() -> None:
    st.title(ui.t("page.quality"))
    ui.record_view(PAGE)
    show_mart(PAGE, "ops.alerts", ui.t("quality.alerts_title"))
    show_mart(PAGE, "marts.quarantine_summary", ui.t("quality.quarantine_title"))
    show_mart(PAGE, "marts.id_resolution_summary", ui.t("quality.ids_title"))
