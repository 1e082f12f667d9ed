"""Data quality: why the latest build was not published (if so), latest alerts, quarantine by
source and rule, ID resolution health."""

from __future__ import annotations

import streamlit as st

from dashboards import build_status, formatting, ui
from dashboards.build_status import LoggedAlert
from dashboards.data.served import NotBuilt, serving_path
from dashboards.views.common import show_table
from ingest.settings import load_settings

PAGE = "quality"


def _reason(alert: LoggedAlert, lang: str) -> str:
    origin = alert.source or alert.asset
    # Files are paths relative to the landing folder, usually already under the source's folder.
    if alert.file and origin and alert.file.startswith(f"{origin}/"):
        origin = None
    where = "/".join(p for p in (origin, alert.file) if p) or "talentloop"
    counts = ", ".join(
        f"{k} {formatting.number(v, lang) if isinstance(v, int | float) else v}"
        for k, v in alert.counts.items()
    )
    return ui.t(
        "quality.reason",
        rule=alert.rule,
        where=where,
        severity=alert.severity,
        counts=counts or "–",
        time=alert.created_at.strftime("%Y-%m-%d %H:%M"),
    )


def _publication(lang: str) -> None:
    """When the copy shown was published, and the alerts recorded since (from the alert log:
    a blocked build does not replace the copy, so its `ops.alerts` cannot tell)."""
    stamp, newer = build_status.unpublished_alerts(load_settings().home, serving_path())
    if stamp is not None:
        st.caption(ui.t("quality.published_at", time=stamp.strftime("%Y-%m-%d %H:%M")))
    blocking = [a for a in newer if a.blocking]
    warnings = [a for a in newer if not a.blocking]
    if blocking:
        lines = "\n".join(f"- {_reason(a, lang)}" for a in blocking)
        st.error(ui.t("quality.not_published") + "\n\n" + lines)
    if warnings:
        lines = "\n".join(f"- {_reason(a, lang)}" for a in warnings)
        st.warning(ui.t("quality.warnings_since") + "\n\n" + lines)
    if not newer:
        st.caption(ui.t("quality.no_new_alerts"))


def render() -> None:
    lang = ui.lang()
    st.title(ui.t("page.quality"))
    ui.record_view(PAGE)
    _publication(lang)
    try:
        figures = ui.page_figures(PAGE)
    except NotBuilt as error:
        ui.not_built(error)
        return
    show_table(PAGE, "ops_alerts", ui.t("quality.alerts_title"), figures, "alerts")
    show_table(
        PAGE, "marts_quarantine_summary", ui.t("quality.quarantine_title"), figures, "quarantine"
    )
    show_table(PAGE, "marts_id_resolution_summary", ui.t("quality.ids_title"), figures, "ids")
