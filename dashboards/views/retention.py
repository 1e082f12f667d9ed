"""Retention risk: people in my scope by band, their drivers and actions, and how last year's
predictions turned out (figures: dashboards.data.figures.retention)."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from dashboards import charts, formatting, ui
from dashboards.actions import suggested_actions
from dashboards.data.served import WITHHELD, NotBuilt
from dashboards.i18n import job_family_name
from dashboards.views.common import exported, labelled, privacy_note, shown_value

PAGE = "retention"
BANDS = ("high", "medium", "low")


def _band_names() -> dict[str, str]:
    return {"high": ui.t("band.high"), "medium": ui.t("band.medium"), "low": ui.t("band.low")}


def _bands_chart(figures: dict, lang: str) -> None:
    data = figures["bands"].copy()
    if data.empty:
        st.info(ui.t("headcount.no_data"))
        return
    summary = figures["summary"].iloc[0]
    data["job"] = data["job_family"].map(lambda c: job_family_name(c, lang))
    data["band"] = data["risk_band"].map(_band_names())
    data["people"] = data["people"].astype(float)
    reading = ui.t(
        "retention.reading_bands",
        high=shown_value(summary["high"], summary["high_status"], lang),
        total=shown_value(summary["people"], summary["people_status"], lang),
    )
    spec = (
        alt.Chart(data[["job", "band", "people"]])
        .mark_bar()
        .encode(
            y=alt.Y("job:N", title=ui.t("axis.job_family")),
            x=alt.X("people:Q", title=ui.t("axis.people"), stack=True),
            color=alt.Color(
                "band:N", title=ui.t("axis.band"), sort=[_band_names()[b] for b in BANDS]
            ),
            tooltip=["job:N", "band:N", "people:Q"],
        )
        .properties(title=charts.titled(ui.t("retention.chart_bands"), reading))
    )
    ui.chart(spec, reading)


def _people(lang: str) -> None:
    """The people with the highest risk, at most PEOPLE_LIMIT of them, and how many match: the
    sidebar filters, the band and the search narrow the list."""
    v = ui.viewer()
    st.subheader(ui.t("retention.people_title"))
    band = st.segmented_control(
        ui.t("axis.band"),
        BANDS,
        format_func=_band_names().get,
        default="high",
        key="retention_band",
    )
    hint = (
        ui.t("portrait.search_hint_name") if v.sees_names else ui.t("portrait.search_hint_number")
    )
    search = st.text_input(ui.t("retention.search"), key="retention_search", help=hint)
    figures = ui.page_figures(PAGE, band=band, search=search.strip())
    shown = figures["people"]
    total = int(figures["people_count"]["people"].iloc[0])
    reading = ui.t(
        "retention.people_shown",
        shown=formatting.number(len(shown), lang),
        total=formatting.number(total, lang),
    )
    if total > len(shown):
        reading += " " + ui.t("retention.people_narrow")
    st.caption(reading)
    display = shown.assign(
        p_exit_12m=shown["p_exit_12m"].map(lambda p: formatting.percent(p, lang)),
        job_family=shown["job_family"].map(lambda c: job_family_name(c, lang)),
        risk_band=shown["risk_band"].map(_band_names()),
        actions=[" / ".join(suggested_actions(r, ui.t)) for _, r in shown.iterrows()],
    )
    labels = {
        "employee_key": ui.t("col.employee"),
        "employee_name": ui.t("col.name"),
        "org_unit_code": ui.t("axis.branch"),
        "job_family": ui.t("axis.job_family"),
        "tenure_months": ui.t("portrait.tenure"),
        "p_exit_12m": ui.t("measure.p_exit_12m"),
        "risk_band": ui.t("axis.band"),
        "driver_1_text": ui.t("col.drivers"),
        "actions": ui.t("col.actions"),
    }
    display = display[[c for c in labels if c in display.columns]].rename(columns=labels)
    ui.table(shown, PAGE, "retention_people", display=display)


def _backtest(figures: dict, lang: str) -> None:
    st.subheader(ui.t("retention.backtest_title"))
    table = figures.get("backtest")
    if table is None:
        ui.missing_figure(figures, "backtest")
        return
    shown = table[table["employees_status"] != WITHHELD]
    if shown.empty:
        return
    latest = shown[shown["snapshot_date"] == shown["snapshot_date"].max()]
    data = latest.melt(
        id_vars=["risk_band"],
        value_vars=["predicted_rate", "actual_rate"],
        var_name="kind",
        value_name="rate",
    ).dropna()
    names = {"predicted_rate": ui.t("retention.predicted"), "actual_rate": ui.t("retention.actual")}
    data["kind"] = data["kind"].map(names)
    data["band"] = data["risk_band"].map(_band_names())
    data["rate"] = data["rate"].astype(float)
    top = latest[latest["risk_band"] == "high"]
    reading = ui.t(
        "retention.reading_backtest",
        date=formatting.date(latest["snapshot_date"].iloc[0], lang),
        predicted=formatting.percent(top["predicted_rate"].iloc[0] if len(top) else None, lang),
        actual=formatting.percent(top["actual_rate"].iloc[0] if len(top) else None, lang),
    )
    # The model's own verdict on each band (predicted against the actual rate's interval).
    words = f"reading_{lang}"
    if words in latest.columns and latest[words].notna().any():
        reading = " ".join(latest[words].dropna())
    spec = charts.bars(
        data,
        "band",
        "rate",
        ui.t("retention.chart_backtest"),
        reading,
        ui.t("axis.band"),
        ui.t("axis.rate"),
        color="kind",
        color_title=ui.t("axis.measure"),
        percent=True,
    )
    ui.chart(spec, reading)
    ui.table(exported(table), PAGE, "retention_backtest", display=labelled(table))


def render() -> None:
    lang = ui.lang()
    v = ui.viewer()
    st.title(ui.t("page.retention"))
    try:
        figures = ui.page_figures(PAGE)
    except NotBuilt as error:
        ui.not_built(error)
        return
    ui.record_view(PAGE)
    _bands_chart(figures, lang)
    if v.sees_individuals:
        _people(lang)
    else:
        st.info(ui.t("app.aggregates_only"))
        bands: pd.DataFrame = figures["bands"]
        ui.table(exported(bands), PAGE, "retention_bands", display=labelled(bands))
    _backtest(figures, lang)
    privacy_note()
