"""Executive overview: headcount, hires, exits and attrition with their trends (figures:
dashboards.data.figures.overview)."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from dashboards import formatting, ui
from dashboards.data.served import WITHHELD, NotBuilt
from dashboards.views.common import (
    exported,
    headcount_trend_reading,
    labelled,
    privacy_note,
    shown_value,
)

PAGE = "overview"


def _metric(col, label: str, row: pd.Series, lang: str, kind: str, inverse: bool) -> None:
    value = shown_value(row["value"], row["value_status"], lang, kind)
    delta = None
    if row["value_status"] != WITHHELD and row["year_ago_status"] != WITHHELD:
        change = float(row["value"]) - float(row["year_ago"])
        delta = (
            formatting.signed_percent(change, lang)
            if kind == "percent"
            else formatting.signed_number(change, lang)
        )
    col.metric(label, value, delta, delta_color="inverse" if inverse else "normal")


def render() -> None:
    lang = ui.lang()
    st.title(ui.t("page.overview"))
    try:
        figures = ui.page_figures(PAGE)
    except NotBuilt as error:
        ui.not_built(error)
        return
    ui.record_view(PAGE)
    kpis = figures["kpis"].set_index("figure")
    labels = {
        "headcount": ui.t("measure.headcount"),
        "hires_12m": ui.t("report.hires_12m"),
        "exits_12m": ui.t("report.exits_12m"),
        "attrition_12m": ui.t("measure.attrition_12m"),
    }
    shown = [k for k in labels if k in kpis.index]
    for col, key in zip(st.columns(len(shown)), shown, strict=True):
        kind = "percent" if key == "attrition_12m" else "number"
        _metric(col, labels[key], kpis.loc[key], lang, kind, inverse=key != "hires_12m")
    trend = figures["monthly"]
    if not trend.empty:
        reading = headcount_trend_reading(trend, lang)
        spec = (
            alt.Chart(trend[["month", "headcount"]].astype({"headcount": float}))
            .mark_line(point=True)
            .encode(
                x=alt.X("month:T", title=ui.t("axis.month"), axis=alt.Axis(format="%Y-%m")),
                y=alt.Y("headcount:Q", title=ui.t("axis.people")),
            )
            .properties(title=ui.title_params(ui.t("headcount.chart_total"), reading), height=240)
        )
        ui.chart(spec, reading)
    _forecast(figures, lang)
    _hiring_quality(figures, lang)
    _pilot(figures)
    privacy_note()


def _forecast(figures: dict, lang: str) -> None:
    st.subheader(ui.t("overview.forecast_title"))
    data = figures.get("forecast")
    if data is None:
        ui.missing_figure(figures, "forecast")
        return
    row = data.iloc[0]
    if row["expected_leavers_status"] == WITHHELD:
        st.info(ui.t("headcount.no_data"))
        return
    expected = shown_value(row["expected_leavers"], row["expected_leavers_status"], lang)
    rate = shown_value(row["rate"], row["rate_status"], lang, "percent")
    c1, c2 = st.columns(2)
    c1.metric(ui.t("overview.expected_leavers"), expected)
    c2.metric(ui.t("overview.forecast_rate"), rate)
    st.caption(ui.t("overview.reading_forecast", expected=expected, rate=rate))


def _hiring_quality(figures: dict, lang: str) -> None:
    st.subheader(ui.t("overview.hiring_title"))
    table = figures.get("hiring")
    if table is None:
        ui.missing_figure(figures, "hiring")
        return
    shown = table[table["mean_performance_status"] != WITHHELD]
    if shown.empty:
        st.info(ui.t("headcount.no_data"))
        return
    last = shown.iloc[-1]
    reading = ui.t(
        "overview.reading_hiring",
        year=int(last["hire_year"]),
        hires=shown_value(last["hires"], last["hires_status"], lang),
        score=formatting.number(last["mean_performance"], lang, 2),
    )
    data = shown[["hire_year", "hires", "mean_performance"]].astype(
        {"mean_performance": float, "hire_year": int, "hires": float}
    )
    spec = (
        alt.Chart(data)
        .mark_line(point=True)
        .encode(
            x=alt.X("hire_year:O", title=ui.t("axis.hire_year")),
            y=alt.Y("mean_performance:Q", title=ui.t("axis.score"), scale=alt.Scale(zero=False)),
            tooltip=["hire_year:O", "hires:Q", alt.Tooltip("mean_performance:Q", format=".2f")],
        )
        .properties(title=ui.title_params(ui.t("overview.chart_hiring"), reading), height=220)
    )
    ui.chart(spec, reading)


def _pilot(figures: dict) -> None:
    st.subheader(ui.t("overview.pilot_title"))
    pilot = figures.get("pilot")
    if pilot is None:
        ui.missing_figure(figures, "pilot")
        return
    met = int((pilot["failed"] == 0).sum())
    st.metric(ui.t("overview.pilot_met"), f"{met} / {len(pilot)}")
    ui.table(exported(pilot), PAGE, "pilot_scorecard", display=labelled(pilot))
