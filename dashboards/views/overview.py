"""Executive overview: the headline figures (headcount, hires, exits, attrition, forecast) with a
reading and the action first, then the trends, then the detail in expanders (figures:
dashboards.data.figures.overview)."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from dashboards import charts, formatting, ui
from dashboards.data.served import WITHHELD, NotBuilt
from dashboards.views.common import (
    criterion_names,
    exported,
    headcount_trend_reading,
    labelled,
    privacy_note,
    shown_value,
)

PAGE = "overview"
# The performance scale of reviews (marts.fct_performance_reviews): an axis over all of it.
SCORE_SCALE = (0, 10)


def headline(kpis: pd.DataFrame, lang: str) -> list[dict[str, str | None]]:
    """The headline figures as shown: label, value, change on a year ago and its colour by
    business meaning (hires up is good, exits and attrition up are bad); public for the tests."""
    labels = {
        "headcount": ui.t("measure.headcount"),
        "hires_12m": ui.t("report.hires_12m"),
        "exits_12m": ui.t("report.exits_12m"),
        "attrition_12m": ui.t("measure.attrition_12m"),
    }
    rows = kpis.set_index("figure")
    out = []
    for key in [k for k in labels if k in rows.index]:
        row = rows.loc[key]
        rate = key == "attrition_12m"
        value = (
            shown_value(row["value"], row["value_status"], lang, "percent")
            if rate
            else shown_value(row["value"], row["value_status"], lang)
        )
        delta, change = None, None
        if WITHHELD not in (row["value_status"], row["year_ago_status"]) and pd.notna(
            row["year_ago"]
        ):
            change = float(row["value"]) - float(row["year_ago"])
            delta = (
                formatting.points(change, lang)
                if rate
                else formatting.signed_number(round(change), lang)
            )
        out.append(
            {
                "figure": key,
                "label": labels[key],
                "value": value,
                "delta": delta,
                "delta_color": formatting.delta_color(key, change),
                "delta_arrow": formatting.delta_arrow(change),
            }
        )
    return out


def _reading_and_action(kpis: pd.DataFrame, lang: str) -> tuple[str, str]:
    rows = kpis.set_index("figure")
    if "attrition_12m" not in rows.index or "headcount" not in rows.index:
        return ui.t("headcount.no_data"), ""
    att, head = rows.loc["attrition_12m"], rows.loc["headcount"]
    reading = ui.t(
        "overview.headline_reading",
        headcount=shown_value(head["value"], head["value_status"], lang),
        rate=shown_value(att["value"], att["value_status"], lang, "percent"),
        previous=formatting.percent(att["year_ago"], lang),
    )
    if pd.isna(att["year_ago"]) or WITHHELD in (att["value_status"], att["year_ago_status"]):
        return reading, ui.t("overview.action_watch")
    change = float(att["value"]) - float(att["year_ago"])
    # Half a point either way is within a year's usual movement: no change of plan.
    if change > 0.005:
        return reading, ui.t("overview.action_attrition_up", points=formatting.points(change, lang))
    if change < -0.005:
        return reading, ui.t("overview.action_attrition_down")
    return reading, ui.t("overview.action_watch")


def render() -> None:
    lang = ui.lang()
    st.title(ui.t("page.overview"))
    try:
        figures = ui.page_figures(PAGE)
    except NotBuilt as error:
        ui.not_built(error)
        return
    ui.record_view(PAGE)
    kpis = figures["kpis"]
    shown = headline(kpis, lang)
    forecast = _forecast_figures(figures, lang)
    columns = st.columns(len(shown) + (1 if forecast else 0))
    for col, item in zip(columns, shown, strict=False):
        col.metric(
            item["label"],
            item["value"],
            item["delta"],
            delta_color=item["delta_color"],
            delta_arrow=item["delta_arrow"],
            help=ui.t("overview.delta_help"),
        )
    if forecast:
        columns[-1].metric(ui.t("overview.expected_leavers"), forecast["expected"])
    reading, action = _reading_and_action(kpis, lang)
    st.markdown(f"**{reading}**")
    if action:
        st.info(action)
    trend = figures["monthly"]
    if not trend.empty:
        reading = headcount_trend_reading(trend, lang)
        spec = (
            alt.Chart(trend[["month", "headcount"]].astype({"headcount": float}))
            .mark_line(point=True)
            .encode(
                x=alt.X("month:T", title=ui.t("axis.month"), axis=alt.Axis(format="%Y-%m")),
                y=alt.Y("headcount:Q", title=ui.t("axis.people"), scale=alt.Scale(zero=False)),
                tooltip=[
                    alt.Tooltip("month:T", format="%Y-%m", title=ui.t("axis.month")),
                    alt.Tooltip("headcount:Q", format=",", title=ui.t("axis.people")),
                ],
            )
            .properties(
                title=charts.wrapped_title(ui.t("headcount.chart_total"), reading), height=240
            )
        )
        ui.chart(spec, reading)
    if forecast:
        st.caption(forecast["reading"])
    _hiring_quality(figures, lang)
    _pilot(figures)
    privacy_note()


def _forecast_figures(figures: dict, lang: str) -> dict[str, str] | None:
    """Expected leavers in the next 12 months as shown, with its reading (None: not built or
    withheld)."""
    data = figures.get("forecast")
    if data is None or data.empty or data.iloc[0]["expected_leavers_status"] == WITHHELD:
        return None
    row = data.iloc[0]
    expected = shown_value(row["expected_leavers"], row["expected_leavers_status"], lang)
    rate = shown_value(row["rate"], row["rate_status"], lang, "percent")
    return {
        "expected": expected,
        "reading": ui.t("overview.reading_forecast", expected=expected, rate=rate),
    }


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
        score=formatting.number(last["mean_performance"], lang, 1),
    )
    data = shown[["hire_year", "hires", "mean_performance"]].astype(
        {"mean_performance": float, "hire_year": int, "hires": float}
    )
    spec = (
        alt.Chart(data)
        .mark_line(point=True)
        .encode(
            x=alt.X("hire_year:O", title=ui.t("axis.hire_year"), axis=alt.Axis(labelAngle=0)),
            # The whole review scale: a difference of 0.2 points is not drawn as a cliff.
            y=alt.Y(
                "mean_performance:Q",
                title=ui.t("axis.score"),
                scale=alt.Scale(domain=list(SCORE_SCALE)),
            ),
            tooltip=[
                alt.Tooltip("hire_year:O", title=ui.t("axis.hire_year")),
                alt.Tooltip("hires:Q", format=",", title=ui.t("measure.hires")),
                alt.Tooltip("mean_performance:Q", format=".1f", title=ui.t("axis.score")),
            ],
        )
        .properties(title=charts.wrapped_title(ui.t("overview.chart_hiring"), reading), height=220)
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
    failing = pilot[pilot["failed"] > 0]
    names = criterion_names()
    if failing.empty:
        st.caption(ui.t("overview.pilot_all_met"))
    else:
        st.caption(
            ui.t(
                "overview.pilot_not_met",
                names=ui.t("list.separator").join(names.get(c, c) for c in failing["criterion"]),
            )
        )
    with st.expander(ui.t("common.detail")):
        ui.table(exported(pilot), PAGE, "pilot_scorecard", display=labelled(pilot))
