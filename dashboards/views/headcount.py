"""Headcount by branch and job family over time: the headline figures of the period with a
reading and the action first, then the charts, then the table in an expander (figures:
dashboards.data.figures.headcount)."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from dashboards import charts, formatting, ui
from dashboards.data.served import EXACT, PERTURBED, NotBuilt, sidebar_options
from dashboards.i18n import job_family_name
from dashboards.views.common import (
    exported,
    headcount_trend_reading,
    labelled,
    names_by_code,
    privacy_note,
    shown_value,
)

PAGE = "headcount"


def _flow_status(totals: pd.DataFrame, column: str) -> str:
    return EXACT if (totals[f"{column}_status"] == EXACT).all() else PERTURBED


def headline(totals: pd.DataFrame, lang: str) -> list[dict[str, str | None]]:
    """Headcount at the end of the period (and its change over the period), hires and exits in
    the period and the net change, as shown; public for the tests."""
    first, last = totals.iloc[0], totals.iloc[-1]
    change = float(last["headcount"] - first["headcount"])
    hires, exits = float(totals["hires"].sum()), float(totals["exits"].sum())
    hires_status, exits_status = _flow_status(totals, "hires"), _flow_status(totals, "exits")
    net_status = EXACT if EXACT == hires_status == exits_status else PERTURBED
    return [
        {
            "figure": "headcount",
            "label": ui.t("headcount.metric_end", month=formatting.month(last["month"], lang)),
            "value": shown_value(last["headcount"], last["headcount_status"], lang),
            "delta": formatting.signed_number(change, lang),
            "delta_color": formatting.delta_color("headcount", change),
            "delta_arrow": formatting.delta_arrow(change),
        },
        {
            "figure": "hires",
            "label": ui.t("headcount.metric_hires"),
            "value": shown_value(hires, hires_status, lang),
            "delta": None,
        },
        {
            "figure": "exits",
            "label": ui.t("headcount.metric_exits"),
            "value": shown_value(exits, exits_status, lang),
            "delta": None,
        },
        {
            "figure": "net",
            "label": ui.t("headcount.metric_net"),
            "value": ("≈" if net_status == PERTURBED else "")
            + formatting.signed_number(hires - exits, lang),
            "delta": None,
        },
    ]


def _biggest_fall(by_branch: pd.DataFrame, names: dict[str, str], lang: str) -> str:
    """The action: the branch whose headcount fell most over the period, or none fell."""
    if by_branch.empty:
        return ""
    months = by_branch["month"]
    ends = by_branch[months.isin([months.min(), months.max()])].pivot_table(
        index="branch_code", columns="month", values="headcount", aggfunc="sum"
    )
    if ends.shape[1] < 2:
        return ""
    change = (ends.iloc[:, -1] - ends.iloc[:, 0]).dropna().sort_values()
    if change.empty or change.iloc[0] >= 0:
        return ui.t("headcount.action_none_fell")
    code = change.index[0]
    return ui.t(
        "headcount.action_fell",
        branch=names.get(code, code),
        change="≈" + formatting.signed_number(change.iloc[0], lang),
    )


def _total_chart(totals: pd.DataFrame, lang: str) -> None:
    reading = headcount_trend_reading(totals, lang)
    data = totals[["month", "headcount"]].astype({"headcount": float})
    spec = (
        alt.Chart(data)
        .mark_line(point=True)
        .encode(
            x=alt.X("month:T", title=ui.t("axis.month"), axis=alt.Axis(format="%Y-%m")),
            y=alt.Y("headcount:Q", title=ui.t("axis.people"), scale=alt.Scale(zero=False)),
            tooltip=[
                alt.Tooltip("month:T", format="%Y-%m", title=ui.t("axis.month")),
                alt.Tooltip("headcount:Q", format=",", title=ui.t("axis.people")),
            ],
        )
        .properties(title=charts.wrapped_title(ui.t("headcount.chart_total"), reading), height=260)
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
    # The latest month as sorted bars (every unit named), then each unit's trend as a line in a
    # palette that keeps 14 branches apart.
    bars = charts.ranked_bars(
        latest[["label", "headcount"]],
        "label",
        "headcount",
        ui.t("headcount.chart_breakdown", dim=options[dim]),
        reading,
        options[dim],
        ui.t("axis.people"),
    )
    ui.chart(bars, reading)
    trend_reading = ui.t("headcount.reading_breakdown_trend")
    lines = (
        alt.Chart(data[["month", "label", "headcount"]])
        .mark_line()
        .encode(
            x=alt.X("month:T", title=ui.t("axis.month"), axis=alt.Axis(format="%Y-%m")),
            y=alt.Y("headcount:Q", title=ui.t("axis.people")),
            color=alt.Color(
                "label:N", title=options[dim], scale=alt.Scale(scheme=charts.MANY_CATEGORIES)
            ),
            tooltip=[
                alt.Tooltip("month:T", format="%Y-%m", title=ui.t("axis.month")),
                alt.Tooltip("label:N", title=options[dim]),
                alt.Tooltip("headcount:Q", format=",", title=ui.t("axis.people")),
            ],
        )
        .properties(
            title=charts.wrapped_title(
                ui.t("headcount.chart_breakdown_trend", dim=options[dim]), trend_reading
            ),
            height=320,
        )
    )
    ui.chart(lines, trend_reading)


def _flows_chart(totals: pd.DataFrame, lang: str) -> None:
    names = {"hires": ui.t("measure.hires"), "exits": ui.t("measure.exits")}
    data = totals.melt(id_vars="month", value_vars=["hires", "exits"], var_name="m")
    data = data.astype({"value": float})
    data["measure"] = data["m"].map(names)
    data["month_label"] = data["month"].map(lambda m: formatting.month(m, lang))
    order = [formatting.month(m, lang) for m in totals["month"]]
    reading = ui.t(
        "headcount.reading_flows",
        hires=shown_value(totals["hires"].sum(), _flow_status(totals, "hires"), lang),
        exits=shown_value(totals["exits"].sum(), _flow_status(totals, "exits"), lang),
    )
    spec = charts.grouped_bars(
        data[["month_label", "measure", "value"]],
        "month_label",
        "value",
        "measure",
        ui.t("headcount.chart_flows"),
        reading,
        ui.t("axis.month"),
        ui.t("axis.people"),
        ui.t("axis.measure"),
        colors=dict(zip(names.values(), charts.FLOW_COLORS, strict=True)),
        x_order=order,
    )
    ui.chart(spec, reading)


def _latest_table(latest: pd.DataFrame, names: dict[str, str], lang: str) -> None:
    if latest.empty:
        return
    latest_month = latest["month"].max()
    title = ui.t("headcount.table_title", month=formatting.month(latest_month, lang))
    with st.expander(title):
        display = latest.copy()
        display["branch_code"] = display["branch_code"].map(lambda c: names.get(c, c))
        ui.table(exported(latest), PAGE, "headcount_latest", display=labelled(display))


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
    names = names_by_code(labels, "org_unit_code", lang)
    totals = figures["monthly"]
    if totals.empty:
        st.info(ui.t("headcount.no_data"))
        return
    for col, item in zip(st.columns(4), headline(totals, lang), strict=True):
        col.metric(
            item["label"],
            item["value"],
            item["delta"],
            delta_color=item.get("delta_color", "off"),
            delta_arrow=item.get("delta_arrow", "auto"),
        )
    hires, exits = totals["hires"].sum(), totals["exits"].sum()
    st.markdown(
        "**"
        + ui.t(
            "headcount.headline_reading",
            start_month=formatting.month(totals["month"].iloc[0], lang),
            end_month=formatting.month(totals["month"].iloc[-1], lang),
            more=ui.t("headcount.more_hires") if hires >= exits else ui.t("headcount.more_exits"),
        )
        + "**"
    )
    action = _biggest_fall(figures["by_branch"], names, lang)
    if action:
        st.info(action)
    _total_chart(totals, lang)
    _flows_chart(totals, lang)
    _breakdown_chart(figures, names, lang)
    _latest_table(figures["latest"], names, lang)
    privacy_note()
