"""Training: skill gaps by org unit, recommendations, completion and effect (figures:
dashboards.data.figures.training)."""

from __future__ import annotations

import streamlit as st

from dashboards import charts, ui
from dashboards.data.served import NotBuilt
from dashboards.i18n import competency_name
from dashboards.views.common import exported, labelled, privacy_note, show_table, shown_value

PAGE = "training"


def _gaps(figures: dict, lang: str) -> None:
    st.subheader(ui.t("training.gaps_title"))
    by_comp = figures.get("gaps_by_competency")
    if by_comp is None:
        ui.missing_figure(figures, "gaps")
        return
    if by_comp.empty:
        st.info(ui.t("headcount.no_data"))
        return
    data = by_comp.assign(
        competency=by_comp["competency_code"].map(lambda c: competency_name(c, lang)),
        share=by_comp["share"].astype(float),
    )
    top = data.sort_values("share").iloc[-1]
    reading = ui.t(
        "training.reading_gaps",
        competency=top["competency"],
        share=shown_value(top["share"], top["share_status"], lang, "percent"),
    )
    spec = charts.bars(
        data[["competency", "share"]],
        "competency",
        "share",
        ui.t("training.chart_gaps"),
        reading,
        ui.t("axis.competency"),
        ui.t("axis.share_below"),
        percent=True,
    )
    ui.chart(spec, reading)
    gaps = figures["gaps"]
    ui.table(exported(gaps), PAGE, "training_gaps", display=labelled(gaps))


def _completion(figures: dict, lang: str) -> None:
    st.subheader(ui.t("training.completion_title"))
    by_course = figures.get("by_course")
    if by_course is None:
        ui.missing_figure(figures, "completion")
        return
    if by_course.empty:
        return
    enrolled = by_course["enrolled"].sum()
    rate = by_course["completed"].sum() / enrolled if enrolled else None
    reading = ui.t(
        "training.reading_completion",
        rate=shown_value(rate, "perturbed", lang, "percent"),
        enrolled=shown_value(enrolled, "perturbed", lang),
    )
    spec = charts.bars(
        by_course[["course_code", "rate"]].astype({"rate": float}),
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
    try:
        figures = ui.page_figures(PAGE)
    except NotBuilt as error:
        ui.not_built(error)
        return
    ui.record_view(PAGE)
    _gaps(figures, lang)
    if ui.viewer().sees_individuals:
        show_table(
            PAGE,
            "ml_training_recommendations",
            ui.t("training.recommendations_title"),
            figures,
            "recommendations",
        )
    _completion(figures, lang)
    show_table(PAGE, "ml_training_effect", ui.t("training.effect_title"), figures, "effect")
    privacy_note()
