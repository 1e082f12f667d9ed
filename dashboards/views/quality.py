"""Data quality, for an HR reader first: is the data shown current (published, or why not),
how many rows of the latest delivery were set aside, from which source, for what reason and what
to do; then ID matching. Alert IDs, fingerprints, load IDs and check names are in the technical
expander at the end."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards import build_status, formatting, ui
from dashboards.build_status import LoggedAlert
from dashboards.data.served import NotBuilt, serving_path
from dashboards.labels import check_label, code_label
from dashboards.views.common import show_table
from ingest.contract import FILE_RULES
from ingest.settings import load_settings

PAGE = "quality"
# Rows a rule sets aside are fixed in the source system; a rejected file is sent again.
ERASED = "erased"
# The count of an alert that says how many rows it concerns (orchestration/alerting).
ROW_COUNTS = ("rows_quarantined", "rows_failing", "failed_rows", "rows")


def _reason(alert: LoggedAlert, lang: str) -> str:
    origin = alert.source or alert.asset
    # Files are paths relative to the landing folder, usually already under the source's folder.
    if alert.file and origin and alert.file.startswith(f"{origin}/"):
        origin = None
    where = alert.file or (
        code_label("source", origin, lang) if origin else ui.t("quality.the_build")
    )
    rows = next((alert.counts[k] for k in ROW_COUNTS if k in alert.counts), None)
    return ui.t(
        "quality.reason",
        what=check_label(alert.rule, lang),
        where=where,
        severity=code_label("severity", alert.severity, lang),
        rows=ui.t("quality.reason_rows", n=formatting.number(rows, lang))
        if isinstance(rows, int | float)
        else "",
        time=formatting.date(alert.created_at, lang) + " " + alert.created_at.strftime("%H:%M"),
    )


def _publication(lang: str) -> int:
    """When the copy shown was published, and the alerts recorded since (from the alert log:
    a blocked build does not replace the copy, so its `ops.alerts` cannot tell). Returns the
    number of blocking alerts."""
    stamp, newer = build_status.unpublished_alerts(load_settings().home, serving_path())
    if stamp is not None:
        st.caption(
            ui.t(
                "quality.published_at",
                time=formatting.date(stamp, lang) + " " + stamp.strftime("%H:%M"),
            )
        )
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
    return len(blocking)


def _latest_load(quarantine: pd.DataFrame) -> pd.DataFrame:
    """The quarantine of the latest load (the one the data shown comes from)."""
    if quarantine.empty:
        return quarantine
    latest = quarantine.sort_values("last_quarantined_at").iloc[-1]["load_id"]
    return quarantine[quarantine["load_id"] == latest]


def _what_to_do(rule: str) -> str:
    if rule == ERASED:
        return ui.t("quality.todo_erased")
    if rule in FILE_RULES:
        return ui.t("quality.todo_file")
    return ui.t("quality.todo_rows")


def _headline(figures: dict, lang: str, blocking: int) -> None:
    quarantine = figures.get("quarantine")
    ids = figures.get("ids")
    latest = _latest_load(quarantine) if quarantine is not None else pd.DataFrame()
    rows = int(latest["rows_quarantined"].sum()) if not latest.empty else 0
    sources = latest["source_name"].nunique() if not latest.empty else 0
    read = (
        int(latest.drop_duplicates("source_name")["source_rows_read"].sum())
        if not latest.empty
        else 0
    )
    unmatched = 0
    if ids is not None and not ids.empty:
        unmatched = int(ids["ids_unresolved"].sum() + ids["ids_conflicting"].sum())
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(
        ui.t("quality.kpi_published"),
        ui.t("quality.kpi_not_current") if blocking else ui.t("quality.kpi_current"),
    )
    c2.metric(ui.t("quality.kpi_rows_set_aside"), formatting.number(rows, lang))
    c3.metric(ui.t("quality.kpi_sources"), formatting.number(sources, lang))
    c4.metric(ui.t("quality.kpi_ids_unmatched"), formatting.number(unmatched, lang))
    share = rows / read if read else 0.0
    reading = (
        ui.t(
            "quality.headline_reading",
            rows=formatting.number(rows, lang),
            sources=formatting.number(sources, lang),
            share=formatting.percent(share, lang, 2 if share < 0.01 else 1),
        )
        if rows
        else ui.t("quality.headline_clean")
    )
    action = (
        ui.t("quality.action_blocked")
        if blocking
        else ui.t("quality.action_rows")
        if rows
        else ui.t("quality.action_none")
    )
    ui.reading_and_action(reading, action)


def _problems(figures: dict, lang: str) -> None:
    """What is wrong, in words: per source and reason, how many rows in how many files, and
    what to do."""
    st.subheader(ui.t("quality.problems_title"))
    quarantine = figures.get("quarantine")
    if quarantine is None:
        ui.missing_figure(figures, "quarantine")
        return
    latest = _latest_load(quarantine)
    if latest.empty:
        st.success(ui.t("quality.headline_clean"))
        return
    latest = latest.sort_values("rows_quarantined", ascending=False)
    table = pd.DataFrame(
        {
            ui.t("quality.col_source"): [
                code_label("source", s, lang) for s in latest["source_name"]
            ],
            ui.t("quality.col_problem"): [
                code_label("rule", r, lang) for r in latest["quarantine_rule"]
            ],
            ui.t("quality.col_rows"): [
                formatting.number(n, lang) for n in latest["rows_quarantined"]
            ],
            ui.t("quality.col_files"): [
                formatting.number(n, lang) for n in latest["files_affected"]
            ],
            ui.t("quality.col_todo"): [_what_to_do(r) for r in latest["quarantine_rule"]],
        }
    )
    st.dataframe(table, hide_index=True, width="stretch")
    st.caption(ui.t("quality.problems_where"))


def _ids(figures: dict, lang: str) -> None:
    st.subheader(ui.t("quality.ids_title"))
    ids = figures.get("ids")
    if ids is None:
        ui.missing_figure(figures, "ids")
        return
    if ids.empty:
        st.info(ui.t("headcount.no_data"))
        return
    worst = ids.sort_values("match_rate").iloc[0]
    st.markdown(
        ui.t(
            "quality.ids_reading",
            seen=formatting.number(ids["ids_seen"].sum(), lang),
            unmatched=formatting.number(ids["ids_unresolved"].sum(), lang),
            conflicting=formatting.number(ids["ids_conflicting"].sum(), lang),
            source=code_label("source", worst["source_name"], lang),
            rate=formatting.percent(worst["match_rate"], lang, 1),
        )
    )


def render() -> None:
    lang = ui.lang()
    st.title(ui.t("page.quality"))
    ui.record_view(PAGE)
    blocking = _publication(lang)
    try:
        figures = ui.page_figures(PAGE)
    except NotBuilt as error:
        ui.not_built(error)
        return
    _headline(figures, lang, blocking)
    _problems(figures, lang)
    _ids(figures, lang)
    # For whoever fixes it: alert IDs, fingerprints, loads and check names as they are.
    with st.expander(ui.t("quality.technical_title")):
        show_table(PAGE, "ops_alerts", ui.t("quality.alerts_title"), figures, "alerts")
        show_table(
            PAGE,
            "marts_quarantine_summary",
            ui.t("quality.quarantine_title"),
            figures,
            "quarantine",
        )
        show_table(PAGE, "marts_id_resolution_summary", ui.t("quality.ids_title"), figures, "ids")
