"""Executive overview: headcount, hires, exits and attrition with their trends."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from dashboards import formatting, queries, ui
from dashboards.privacy import SUPPRESSED, protect_counts
from dashboards.serving import NotBuilt
from dashboards.views.common import headcount_trend_reading, labelled
from dashboards.views_data import (
    headcount_view,
    retention_bands_view,
    retention_family_view,
    twelve_months,
)

PAGE = "overview"


def kpis(view, policy) -> dict[str, tuple[float | None, float | None]]:
    """Latest value and the value a year earlier, per headline figure."""
    totals = view.totals
    if totals.empty:
        return {}
    head = totals["headcount"]
    now, before = twelve_months(view, policy), twelve_months(view, policy, offset=12)
    year_ago = len(totals) > 12
    return {
        "headcount": (
            None if pd.isna(head.iloc[-1]) else float(head.iloc[-1]),
            None if not year_ago or pd.isna(head.iloc[-13]) else float(head.iloc[-13]),
        ),
        "hires": (now["hires"], before["hires"] if year_ago else None),
        "exits": (now["exits"], before["exits"] if year_ago else None),
        "attrition_12m": (now["attrition"], before["attrition"] if len(totals) >= 24 else None),
    }


def render() -> None:
    lang = ui.lang()
    st.title(ui.t("page.overview"))
    try:
        view = ui.load(headcount_view, ui.filters(), ui.scope(), ui.policy())
    except NotBuilt as error:
        ui.not_built(error)
        return
    ui.record_view(PAGE)
    figures = kpis(view, ui.policy())
    labels = {
        "headcount": ui.t("measure.headcount"),
        "hires": ui.t("report.hires_12m"),
        "exits": ui.t("report.exits_12m"),
        "attrition_12m": ui.t("measure.attrition_12m"),
    }
    for col, (key, (now, before)) in zip(st.columns(len(figures)), figures.items(), strict=True):
        if key == "attrition_12m":
            value = formatting.percent(now, lang)
            delta = (
                None
                if now is None or before is None
                else formatting.signed_percent(now - before, lang)
            )
        else:
            value = formatting.number(now, lang)
            delta = (
                None
                if now is None or before is None
                else formatting.signed_number(now - before, lang)
            )
        col.metric(labels[key], value, delta, delta_color="inverse" if key != "hires" else "normal")
    trend = view.totals.dropna(subset=["headcount"])
    if not trend.empty:
        reading = headcount_trend_reading(trend, lang)
        spec = (
            alt.Chart(trend.astype({"headcount": float}))
            .mark_line(point=True)
            .encode(
                x=alt.X("month:T", title=ui.t("axis.month"), axis=alt.Axis(format="%Y-%m")),
                y=alt.Y("headcount:Q", title=ui.t("axis.people")),
            )
            .properties(title=ui.title_params(ui.t("headcount.chart_total"), reading), height=240)
        )
        ui.chart(spec, reading)
    _forecast(lang, figures.get("headcount", (None, None))[0])
    _hiring_quality(lang)
    _pilot(lang)
    st.caption(ui.t("app.suppressed_note", k=ui.policy().min_group))


def _forecast(lang: str, headcount: float | None) -> None:
    st.subheader(ui.t("overview.forecast_title"))
    try:
        if ui.filters().org_units or ui.filters().job_families:
            cube = ui.load(retention_bands_view, ui.filters(), ui.scope(), ui.policy())
        else:
            cube = ui.load(retention_family_view, ui.scope(), ui.policy())
    except NotBuilt as error:
        ui.not_built(error)
        return
    shown = cube[~cube[SUPPRESSED]]
    if shown.empty or not headcount:
        st.info(ui.t("headcount.no_data"))
        return
    expected = float(shown["expected_leavers"].astype(float).sum())
    people = float(shown["people"].astype(float).sum())
    rate = expected / people if people else None
    c1, c2 = st.columns(2)
    c1.metric(ui.t("overview.expected_leavers"), formatting.number(expected, lang))
    c2.metric(ui.t("overview.forecast_rate"), formatting.percent(rate, lang))
    st.caption(
        ui.t(
            "overview.reading_forecast",
            expected=formatting.number(expected, lang),
            rate=formatting.percent(rate, lang),
        )
    )


def _hiring_quality(lang: str) -> None:
    st.subheader(ui.t("overview.hiring_title"))
    try:
        raw = ui.load(queries.hiring_quality_by_year, ui.scope())
    except NotBuilt as error:
        ui.not_built(error)
        return
    table = protect_counts(
        raw, ["hire_year"], "hires", measures=["mean_performance"], policy=ui.policy()
    )
    misses = protect_counts(raw, ["hire_year"], "misses", policy=ui.policy())
    table["miss_rate"] = (misses["misses"] / table["hires"]).where(~misses[SUPPRESSED])
    shown = table[~table[SUPPRESSED]].dropna(subset=["mean_performance"])
    if shown.empty:
        st.info(ui.t("headcount.no_data"))
        return
    last = shown.iloc[-1]
    reading = ui.t(
        "overview.reading_hiring",
        year=int(last["hire_year"]),
        hires=formatting.number(last["hires"], lang),
        score=formatting.number(last["mean_performance"], lang, 2),
    )
    data = shown.astype({"mean_performance": float, "hire_year": int})
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


def _pilot(lang: str) -> None:
    st.subheader(ui.t("overview.pilot_title"))
    try:
        pilot = ui.load(queries.pilot_status)
    except NotBuilt as error:
        ui.not_built(error)
        return
    met = int((pilot["failed"] == 0).sum())
    st.metric(ui.t("overview.pilot_met"), f"{met} / {len(pilot)}")
    pilot = pilot.copy()
    pilot.attrs["privacy"] = "statistics"
    ui.table(pilot, PAGE, "pilot_scorecard", display=labelled(pilot))
