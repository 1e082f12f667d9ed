"""Headcount by branch and job family over time (figures: dashboards.data.figures.headcount)."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from dashboards import formatting, ui
from dashboards.data.served import NotBuilt, sidebar_options
from dashboards.i18n import job_family_name
from dashboards.views.common import (
    exported,
    headcount_trend_reading,
    labelled,
    privacy_note,
    shown_value,
)

PAGE = "headcount"


def _org_name(labels: pd.DataFrame, lang: str) -> dict[str, str]:
    column = "name_zh" if lang == "zh" else "name_en"
    return dict(zip(labels["org_unit_code"], labels[column], strict=True))


def _total_chart(totals: pd.DataFrame, lang: str) -> None:
    if totals.empty:
        st.info(ui.t("headcount.no_data"))
        return
    reading = headcount_trend_reading(totals, lang)
    data = totals[["month", "headcount"]].astype({"headcount": float})
    spec = (
        alt.Chart(data)
        .mark_line(point=True)
        .encode(
            x=alt.X("month:T", title=ui.t("axis.month"), axis=alt.Axis(format="%Y-%m")),
            y=alt.Y("headcount:Q", title=ui.t("axis.people")),
            tooltip=[alt.Tooltip("month:T", format="%Y-%m"), "headcount:Q"],
        )
        .properties(title=ui.title_params(ui.t("headcount.chart_total"), reading), height=260)
    )
    ui.chart(spec, reading)


def _breakdown_chart(figures: dict, names: dict[str, str], lang: str) -> None:
    options = {"branch_code": ui.t("axis.branch"), "job_family": ui.t("axis.job_family")}
    dim = st.radio(
        ui.t("headcount.breakdown"),
        list(options),
        format_func=options.get,
        horizontal=True,
        key="headcount_breakdown",
    )
    data = figures["by_branch" if dim == "branch_code" else "by_family"].copy()
    if data.empty:
        st.info(ui.t("headcount.no_data"))
        return
    label = (
        (lambda c: names.get(c, c))
        if dim == "branch_code"
        else (lambda c: job_family_name(c, lang))
    )
    data["label"] = data[dim].map(label)
    data["headcount"] = data["headcount"].astype(float)
    latest = data[data["month"] == data["month"].max()].sort_values("headcount")
    top = latest.iloc[-1]
    reading = ui.t(
        "headcount.reading_breakdown",
        end_month=formatting.month(top["month"], lang),
        top=top["label"],
        top_n=shown_value(top["headcount"], top["headcount_status"], lang),
    )
    spec = (
        alt.Chart(data[["month", "label", "headcount"]])
        .mark_area()
        .encode(
            x=alt.X("month:T", title=ui.t("axis.month"), axis=alt.Axis(format="%Y-%m")),
            y=alt.Y("headcount:Q", title=ui.t("axis.people"), stack=True),
            color=alt.Color("label:N", title=options[dim]),
            tooltip=[alt.Tooltip("month:T", format="%Y-%m"), "label:N", "headcount:Q"],
        )
        .properties(
            title=ui.title_params(ui.t("headcount.chart_breakdown", dim=options[dim]), reading),
            height=320,
        )
    )
    ui.chart(spec, reading)


def _flows_chart(totals: pd.DataFrame, lang: str) -> None:
    if totals.empty:
        return
    names = {"hires": ui.t("measure.hires"), "exits": ui.t("measure.exits")}
    data = totals.melt(id_vars="month", value_vars=["hires", "exits"], var_name="m")
    data = data.astype({"value": float})
    data["measure"] = data["m"].map(names)
    hires_status = "perturbed" if (totals["hires_status"] != "exact").any() else "exact"
    exits_status = "perturbed" if (totals["exits_status"] != "exact").any() else "exact"
    reading = ui.t(
        "headcount.reading_flows",
        hires=shown_value(totals["hires"].sum(), hires_status, lang),
        exits=shown_value(totals["exits"].sum(), exits_status, lang),
    )
    spec = (
        alt.Chart(data[["month", "measure", "value"]])
        .mark_bar()
        .encode(
            x=alt.X("month:T", title=ui.t("axis.month"), axis=alt.Axis(format="%Y-%m")),
            xOffset="measure:N",
            y=alt.Y("value:Q", title=ui.t("axis.people")),
            color=alt.Color("measure:N", title=ui.t("axis.measure")),
            tooltip=[alt.Tooltip("month:T", format="%Y-%m"), "measure:N", "value:Q"],
        )
        .properties(title=ui.title_params(ui.t("headcount.chart_flows"), reading), height=260)
    )
    ui.chart(spec, reading)


def _latest_table(latest: pd.DataFrame, names: dict[str, str], lang: str) -> None:
    if latest.empty:
        return
    latest_month = latest["month"].max()
    st.subheader(ui.t("headcount.table_title", month=formatting.month(latest_month, lang)))
    display = latest.copy()
    display["month"] = display["month"].map(lambda m: formatting.month(m, lang))
    display["branch_code"] = display["branch_code"].map(lambda c: names.get(c, c))
    display = labelled(display)
    ui.table(exported(latest), PAGE, "headcount_latest", display=display)


def render() -> None:
    lang = ui.lang()
    st.title(ui.t("page.headcount"))
    try:
        figures = ui.page_figures(PAGE)
        labels = sidebar_options(ui.scope())["org_units"]
    except NotBuilt as error:
        ui.not_built(error)
        return
    ui.record_view(PAGE)
    names = _org_name(labels, lang)
    _total_chart(figures["monthly"], lang)
    _breakdown_chart(figures, names, lang)
    _flows_chart(figures["monthly"], lang)
    _latest_table(figures["latest"], names, lang)
    privacy_note()
