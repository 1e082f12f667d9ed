"""Retention risk: people in my scope by band, their drivers and actions, and how last year's
predictions turned out."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from dashboards import charts, formatting, queries, ui
from dashboards.actions import suggested_actions
from dashboards.i18n import job_family_name
from dashboards.privacy import SUPPRESSED, protect_groups, protect_individuals
from dashboards.serving import NotBuilt
from dashboards.views.common import labelled
from dashboards.views_data import retention_bands_view

PAGE = "retention"
BANDS = ("high", "medium", "low")


def _band_names() -> dict[str, str]:
    return {"high": ui.t("band.high"), "medium": ui.t("band.medium"), "low": ui.t("band.low")}


def _bands_chart(cube: pd.DataFrame, lang: str) -> None:
    shown = cube[~cube[SUPPRESSED]]
    if shown.empty:
        st.info(ui.t("headcount.no_data"))
        return
    data = shown.groupby(["job_family", "risk_band"], as_index=False)["people"].sum()
    data["job"] = data["job_family"].map(lambda c: job_family_name(c, lang))
    data["band"] = data["risk_band"].map(_band_names())
    data["people"] = data["people"].astype(float)
    high = data.loc[data["risk_band"] == "high", "people"].sum()
    reading = ui.t(
        "retention.reading_bands",
        high=formatting.number(high, lang),
        total=formatting.number(data["people"].sum(), lang),
    )
    spec = (
        alt.Chart(data)
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
    """The people with the highest risk, at most queries.PEOPLE_LIMIT of them, and how many
    match: the sidebar filters, the band and the search narrow the list."""
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
    # Analysts find people by pseudonym only, as on the portrait page.
    salt = None if v.sees_names else ui.policy().pseudonym_salt
    args = (ui.filters(), ui.scope(), band, search.strip(), v.sees_names, salt)
    people = ui.load(queries.retention_people, *args)
    total = ui.load(queries.retention_people_count, *args)
    units = ui.load(queries.scope_org_units, ui.scope())
    shown = protect_individuals(people, v.role, units, policy=ui.policy())
    reading = ui.t(
        "retention.people_shown",
        shown=formatting.number(len(shown), lang),
        total=formatting.number(total, lang),
    )
    if total > len(people):
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


def _backtest(lang: str) -> None:
    st.subheader(ui.t("retention.backtest_title"))
    try:
        raw = ui.load(queries.retention_backtest)
    except NotBuilt as error:
        ui.not_built(error)
        return
    measures = [c for c in raw.columns if c not in ("snapshot_date", "risk_band", "employees")]
    table = protect_groups(raw, "employees", measures=measures, policy=ui.policy())
    shown = table[~table[SUPPRESSED]]
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
    ui.table(table, PAGE, "retention_backtest", display=labelled(table))


def render() -> None:
    lang = ui.lang()
    v = ui.viewer()
    st.title(ui.t("page.retention"))
    try:
        cube = ui.load(retention_bands_view, ui.filters(), ui.scope(), ui.policy())
    except NotBuilt as error:
        ui.not_built(error)
        return
    ui.record_view(PAGE)
    _bands_chart(cube, lang)
    if v.sees_individuals:
        _people(lang)
    else:
        st.info(ui.t("app.aggregates_only"))
        ui.table(cube, PAGE, "retention_bands", display=labelled(cube))
    _backtest(lang)
    st.caption(ui.t("app.suppressed_note", k=ui.policy().min_group))
