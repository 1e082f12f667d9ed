"""Training: skill gaps by org unit, recommendations, completion and effect."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards import charts, formatting, queries, ui
from dashboards.i18n import competency_name
from dashboards.privacy import SUPPRESSED, protect_counts
from dashboards.serving import NotBuilt
from dashboards.views.common import labelled, show_mart

PAGE = "training"


def _gaps(lang: str) -> None:
    st.subheader(ui.t("training.gaps_title"))
    try:
        raw = ui.load(queries.training_gaps, ui.scope())
    except NotBuilt as error:
        ui.not_built(error)
        return
    protected = protect_counts(
        raw,
        ["branch_code", "competency_code"],
        "below_required",
        measures=["mean_gap"],
        policy=ui.policy(),
    )
    sized = protect_counts(raw, ["branch_code", "competency_code"], "people", policy=ui.policy())
    protected[SUPPRESSED] = protected[SUPPRESSED] | sized[SUPPRESSED]
    protected["people"] = sized["people"]
    units = set(ui.filters().org_units)
    if units:
        protected = protected[protected["branch_code"].isin(units)]
    shown = protected[~protected[SUPPRESSED]].copy()
    if shown.empty:
        st.info(ui.t("headcount.no_data"))
        return
    by_comp = shown.groupby("competency_code", as_index=False)[["below_required", "people"]].sum()
    by_comp["share"] = by_comp["below_required"].astype(float) / by_comp["people"].astype(float)
    by_comp["competency"] = by_comp["competency_code"].map(lambda c: competency_name(c, lang))
    top = by_comp.sort_values("share").iloc[-1]
    reading = ui.t(
        "training.reading_gaps",
        competency=top["competency"],
        share=formatting.percent(top["share"], lang),
    )
    spec = charts.bars(
        by_comp,
        "competency",
        "share",
        ui.t("training.chart_gaps"),
        reading,
        ui.t("axis.competency"),
        ui.t("axis.share_below"),
        percent=True,
    )
    ui.chart(spec, reading)
    ui.table(protected, PAGE, "training_gaps", display=labelled(protected))


def _completion(lang: str) -> None:
    st.subheader(ui.t("training.completion_title"))
    try:
        raw = ui.load(queries.training_completion, ui.scope())
    except NotBuilt as error:
        ui.not_built(error)
        return
    protected = protect_counts(
        raw, ["branch_code", "course_code"], "enrolled", measures=["completed"], policy=ui.policy()
    )
    shown = protected[~protected[SUPPRESSED]]
    if shown.empty:
        return
    total = shown[["enrolled", "completed"]].astype(float).sum()
    rate = total["completed"] / total["enrolled"] if total["enrolled"] else None
    by_course = shown.groupby("course_code", as_index=False)[["enrolled", "completed"]].sum()
    by_course["rate"] = by_course["completed"].astype(float) / by_course["enrolled"].astype(float)
    reading = ui.t(
        "training.reading_completion",
        rate=formatting.percent(rate, lang),
        enrolled=formatting.number(total["enrolled"], lang),
    )
    spec = charts.bars(
        pd.DataFrame(by_course),
        "course_code",
        "rate",
        ui.t("training.chart_completion"),
        reading,
        ui.t("axis.course"),
        ui.t("axis.rate"),
        percent=True,
    )
    ui.chart(spec, reading)


def render() -> None:
    lang = ui.lang()
    st.title(ui.t("page.training"))
    ui.record_view(PAGE)
    _gaps(lang)
    show_mart(PAGE, "ml.training_recommendations", ui.t("training.recommendations_title"))
    _completion(lang)
    show_mart(PAGE, "ml.training_effect", ui.t("training.effect_title"))
    st.caption(ui.t("app.suppressed_note", k=ui.policy().min_group))
