"""Retention risk: the headline (people at high risk, where, and how well last year's bands
predicted) with the action first, then the charts, the people and the detail in expanders
(figures: dashboards.data.figures.retention)."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from dashboards import charts, formatting, labels, ui
from dashboards.actions import suggested_actions
from dashboards.data.served import WITHHELD, NotBuilt, sidebar_options
from dashboards.i18n import column_label, job_family_name
from dashboards.views.common import (
    band_names,
    exported,
    labelled,
    names_by_code,
    privacy_note,
    shown_value,
)

PAGE = "retention"
BANDS = ("high", "medium", "low")
# Red for high risk, amber for medium, grey-blue for low: the order of urgency at a glance.
BAND_COLORS = ("#d62728", "#ff9f1c", "#9ecae1")


def backtest_sentences(backtest: pd.DataFrame, lang: str) -> tuple[str, list[str]]:
    """How well the bands of the latest back-test predicted: a summary and one sentence per
    band ("High risk: predicted to lose 13.3%, lost 11.7% (95% interval 5.8%–22.2%): within
    its interval"). Public for the tests."""
    shown = backtest[backtest["employees_status"] != WITHHELD]
    if shown.empty:
        return "", []
    latest = shown[shown["snapshot_date"] == shown["snapshot_date"].max()]
    names = band_names()
    order = {b: i for i, b in enumerate(BANDS)}
    rows = sorted(latest.to_dict("records"), key=lambda r: order.get(r["risk_band"], 9))
    sentences = [
        ui.t(
            "retention.backtest_band",
            band=names.get(r["risk_band"], r["risk_band"]),
            people=formatting.count(r["employees"], lang),
            predicted=formatting.percent(r["predicted_rate"], lang),
            actual=formatting.percent(r["actual_rate"], lang),
            low=formatting.percent(r["actual_rate_ci_low"], lang),
            high=formatting.percent(r["actual_rate_ci_high"], lang),
            verdict=labels.code_label("verdict", r["calibration_verdict"], lang),
        )
        for r in rows
    ]
    held = sum(r["calibration_verdict"] == "within" for r in rows)
    summary = ui.t(
        "retention.backtest_summary",
        date=formatting.date(latest["snapshot_date"].iloc[0], lang),
        held=formatting.count(held, lang),
        bands=formatting.count(len(rows), lang),
    )
    return summary, sentences


def _top_family(bands: pd.DataFrame) -> pd.Series | None:
    high = bands[(bands["risk_band"] == "high") & (bands["people_status"] != WITHHELD)]
    if high.empty:
        return None
    return high.sort_values("people", ascending=False).iloc[0]


def headline(figures: dict, lang: str) -> list[dict[str, str | None]]:
    """People scored, people at high risk, their share and the bands whose prediction held, as
    shown; public for the tests."""
    summary = figures["summary"].iloc[0]
    share = summary["high"] / summary["people"] if summary["people"] else None
    items = [
        {
            "figure": "people",
            "label": ui.t("retention.metric_people"),
            "value": shown_value(summary["people"], summary["people_status"], lang),
        },
        {
            "figure": "high_risk",
            "label": ui.t("retention.metric_high"),
            "value": shown_value(summary["high"], summary["high_status"], lang),
        },
        {
            "figure": "high_share",
            "label": ui.t("retention.metric_high_share"),
            "value": ("≈" if summary["high_status"] != "exact" else "")
            + formatting.rate(share, lang),
        },
    ]
    backtest = figures.get("backtest")
    if backtest is not None and not backtest.empty:
        latest = backtest[backtest["snapshot_date"] == backtest["snapshot_date"].max()]
        held = int((latest["calibration_verdict"] == "within").sum())
        items.append(
            {
                "figure": "bands_held",
                "label": ui.t("retention.metric_held"),
                "value": f"{held} / {len(latest)}",
            }
        )
    return items


def _headline(figures: dict, lang: str) -> None:
    items = headline(figures, lang)
    for col, item in zip(st.columns(len(items)), items, strict=True):
        col.metric(item["label"], item["value"])
    summary = figures["summary"].iloc[0]
    top = _top_family(figures["bands"])
    if top is None:
        st.markdown("**" + ui.t("retention.headline_none") + "**")
        return
    family = job_family_name(top["job_family"], lang)
    st.markdown(
        "**"
        + ui.t(
            "retention.headline_reading",
            high=shown_value(summary["high"], summary["high_status"], lang),
            total=shown_value(summary["people"], summary["people_status"], lang),
            family=family,
            n=shown_value(top["people"], top["people_status"], lang),
        )
        + "**"
    )
    if ui.viewer().sees_individuals:
        st.info(ui.t("retention.action_hrbp", family=family))
    else:
        st.info(ui.t("retention.action_exec", family=family))


def _bands_chart(figures: dict, lang: str) -> None:
    data = figures["bands"].copy()
    if data.empty:
        st.info(ui.t("headcount.no_data"))
        return
    summary = figures["summary"].iloc[0]
    names = band_names()
    data["job"] = data["job_family"].map(lambda c: labels.job_family(c, lang))
    data["band"] = data["risk_band"].map(names)
    data["people"] = data["people"].astype(float)
    reading = ui.t(
        "retention.reading_bands",
        high=shown_value(summary["high"], summary["high_status"], lang),
        total=shown_value(summary["people"], summary["people_status"], lang),
    )
    order = [names[b] for b in BANDS]
    spec = (
        alt.Chart(data[["job", "band", "people"]])
        .mark_bar()
        .encode(
            y=alt.Y("job:N", title=ui.t("axis.job_family"), axis=alt.Axis(labelLimit=200)),
            x=alt.X("people:Q", title=ui.t("axis.people"), axis=alt.Axis(format=",")),
            yOffset=alt.YOffset("band:N", sort=order),
            color=alt.Color(
                "band:N",
                title=ui.t("axis.band"),
                sort=order,
                scale=alt.Scale(domain=order, range=list(BAND_COLORS)),
            ),
            tooltip=[
                alt.Tooltip("job:N", title=ui.t("axis.job_family")),
                alt.Tooltip("band:N", title=ui.t("axis.band")),
                alt.Tooltip("people:Q", format=",", title=ui.t("axis.people")),
            ],
        )
        .properties(title=charts.wrapped_title(ui.t("retention.chart_bands"), reading))
    )
    ui.chart(spec, reading)


def _people(lang: str, courses: dict[str, str]) -> None:
    """The people with the highest risk, at most PEOPLE_LIMIT of them, and how many match: the
    sidebar filters, the band and the search narrow the list."""
    v = ui.viewer()
    st.subheader(ui.t("retention.people_title"))
    names = band_names()
    band = st.segmented_control(
        ui.t("axis.band"),
        BANDS,
        format_func=names.get,
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
    named = shown.assign(
        recommended_course_code=shown["recommended_course_code"].map(
            lambda c: courses.get(c, c) if isinstance(c, str) else c
        )
    )
    units = names_by_code(sidebar_options(ui.scope())["org_units"], "org_unit_code", lang)
    display = shown.assign(
        p_exit_12m=shown["p_exit_12m"].map(lambda p: formatting.percent(p, lang)),
        tenure_months=shown["tenure_months"].map(lambda m: formatting.count(m, lang)),
        job_family=shown["job_family"].map(lambda c: job_family_name(c, lang)),
        risk_band=shown["risk_band"].map(names),
        org_unit_code=shown["org_unit_code"].map(lambda c: units.get(c, c)),
        driver_1_text=shown["driver_1_text"].map(
            lambda d: labels.driver_sentence(d, lang, units) if isinstance(d, str) else d
        ),
        actions=[" / ".join(suggested_actions(r, ui.t)) for _, r in named.iterrows()],
    )
    headers = {
        "employee_key": ui.t("col.employee"),
        "employee_name": ui.t("col.name"),
        "org_unit_code": column_label("org_unit_code", lang),
        "job_family": ui.t("axis.job_family"),
        "tenure_months": ui.t("portrait.tenure"),
        "p_exit_12m": ui.t("measure.p_exit_12m"),
        "risk_band": ui.t("axis.band"),
        "driver_1_text": ui.t("col.drivers"),
        "actions": ui.t("col.actions"),
    }
    display = display[[c for c in headers if c in display.columns]].rename(columns=headers)
    display = display.fillna("–")
    display.attrs["figures"] = [headers["tenure_months"], headers["p_exit_12m"]]
    ui.table(exported(shown), PAGE, "retention_people", display=display)


def _backtest(figures: dict, lang: str) -> None:
    st.subheader(ui.t("retention.backtest_title"))
    table = figures.get("backtest")
    if table is None:
        ui.missing_figure(figures, "backtest")
        return
    summary, sentences = backtest_sentences(table, lang)
    if not sentences:
        return
    st.markdown(f"**{summary}**")
    st.markdown("\n".join(f"- {s}" for s in sentences))
    shown = table[table["employees_status"] != WITHHELD]
    latest = shown[shown["snapshot_date"] == shown["snapshot_date"].max()]
    data = latest.melt(
        id_vars=["risk_band"],
        value_vars=["predicted_rate", "actual_rate"],
        var_name="kind",
        value_name="rate",
    ).dropna()
    kinds = {"predicted_rate": ui.t("retention.predicted"), "actual_rate": ui.t("retention.actual")}
    names = band_names()
    data["kind"] = data["kind"].map(kinds)
    data["band"] = data["risk_band"].map(names)
    data["rate"] = data["rate"].astype(float)
    spec = charts.grouped_bars(
        data[["band", "kind", "rate"]],
        "band",
        "rate",
        "kind",
        ui.t("retention.chart_backtest"),
        summary,
        ui.t("axis.band"),
        ui.t("axis.rate"),
        ui.t("axis.measure"),
        colors=dict(zip(kinds.values(), ("#bab0ac", "#4c78a8"), strict=True)),
        x_order=[names[b] for b in BANDS],
        percent=True,
    )
    ui.chart(spec, summary)
    with st.expander(ui.t("common.detail")):
        detail = table.drop(columns=[c for c in ("reading_en", "reading_zh") if c in table])
        ui.table(exported(detail), PAGE, "retention_backtest", display=labelled(detail))


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
    _headline(figures, lang)
    _bands_chart(figures, lang)
    if v.sees_individuals:
        _people(lang, names_by_code(figures.get("courses"), "course_code", lang))
    else:
        st.info(ui.t("app.aggregates_only"))
        bands: pd.DataFrame = figures["bands"]
        with st.expander(ui.t("common.detail")):
            ui.table(exported(bands), PAGE, "retention_bands", display=labelled(bands))
    _backtest(figures, lang)
    privacy_note()
