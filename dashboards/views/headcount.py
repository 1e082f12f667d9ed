"""Headcount by branch and job family over time, from agg_headcount_monthly (fct_headcount_monthly
summed per month x org unit x job family)."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from dashboards import formatting, ui
from dashboards.i18n import job_family_name
from dashboards.privacy import SUPPRESSED
from dashboards.queries import org_unit_labels
from dashboards.serving import NotBuilt
from dashboards.views.common import headcount_trend_reading
from dashboards.views_data import HeadcountView, headcount_view

PAGE = "headcount"


def _org_name(labels: pd.DataFrame, lang: str) -> dict[str, str]:
    column = "name_zh" if lang == "zh" else "name_en"
    return dict(zip(labels["org_unit_code"], labels[column], strict=True))


def _total_chart(view: HeadcountView, lang: str) -> None:
    totals = view.totals.dropna(subset=["headcount"])
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


def _breakdown_chart(view: HeadcountView, names: dict[str, str], lang: str) -> None:
    options = {"branch_code": ui.t("axis.branch"), "job_family": ui.t("axis.job_family")}
    dim = st.radio(
        ui.t("headcount.breakdown"),
        list(options),
        format_func=options.get,
        horizontal=True,
        key="headcount_breakdown",
    )
    shown = view.cube[~view.cube["headcount_" + SUPPRESSED]]
    data = shown.groupby(["month", dim], as_index=False)["headcount"].sum()
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
        top_n=formatting.number(top["headcount"], lang),
    )
    spec = (
        alt.Chart(data)
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


def _flows_chart(view: HeadcountView, lang: str) -> None:
    totals = view.totals.dropna(subset=["hires", "exits"], how="all")
    if totals.empty:
        return
    names = {"hires": ui.t("measure.hires"), "exits": ui.t("measure.exits")}
    data = totals.melt(id_vars="month", value_vars=["hires", "exits"], var_name="m")
    data = data.dropna(subset=["value"]).astype({"value": float})
    data["measure"] = data["m"].map(names)
    reading = ui.t(
        "headcount.reading_flows",
        hires=formatting.number(totals["hires"].astype(float).sum(), lang),
        exits=formatting.number(totals["exits"].astype(float).sum(), lang),
    )
    if totals[["hires", "exits"]].isna().any().any():
        # Months with fewer than min_group hires or exits are hidden: the sums leave them out.
        reading += " " + ui.t("app.partial_total")
    spec = (
        alt.Chart(data)
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


def _latest_table(view: HeadcountView, names: dict[str, str], lang: str) -> None:
    if view.cube.empty:
        return
    latest_month = view.cube["month"].max()
    latest = view.cube[view.cube["month"] == latest_month][
        ["month", "branch_code", "job_family", "headcount", "hires", "exits", SUPPRESSED]
    ]
    st.subheader(ui.t("headcount.table_title", month=formatting.month(latest_month, lang)))
    display = latest[~latest[SUPPRESSED]].copy()
    display["month"] = display["month"].map(lambda m: formatting.month(m, lang))
    display["branch_code"] = display["branch_code"].map(lambda c: names.get(c, c))
    display["job_family"] = display["job_family"].map(lambda c: job_family_name(c, lang))
    for col in ("headcount", "hires", "exits"):
        display[col] = display[col].map(lambda v: formatting.number(v, lang))
    display = display.drop(columns=[SUPPRESSED]).rename(
        columns={
            "month": ui.t("axis.month"),
            "branch_code": ui.t("axis.branch"),
            "job_family": ui.t("axis.job_family"),
            "headcount": ui.t("measure.headcount"),
            "hires": ui.t("measure.hires"),
            "exits": ui.t("measure.exits"),
        }
    )
    ui.table(latest, PAGE, "headcount_latest", display=display)


def render() -> None:
    lang = ui.lang()
    st.title(ui.t("page.headcount"))
    try:
        view = ui.load(headcount_view, ui.filters(), ui.scope(), ui.policy())
        labels = ui.load(org_unit_labels)
    except NotBuilt as error:
        ui.not_built(error)
        return
    ui.record_view(PAGE)
    names = _org_name(labels, lang)
    _total_chart(view, lang)
    _breakdown_chart(view, names, lang)
    _flows_chart(view, lang)
    _latest_table(view, names, lang)
    st.caption(ui.t("app.suppressed_note", k=ui.policy().min_group))
    if view.filtered:
        st.caption(ui.t("app.partial_total"))
