"""Training: the headline (the widest skill gap, completion, the courses that work) with the
action first, then the charts (top courses plus "others"), then the detail tables in expanders
(figures: dashboards.data.figures.training)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards import charts, formatting, labels, ui
from dashboards.data.served import PERTURBED, NotBuilt, sidebar_options
from dashboards.i18n import competency_name
from dashboards.views.common import (
    exported,
    labelled,
    names_by_code,
    privacy_note,
    show_table,
    shown_value,
)

PAGE = "training"
# The completion chart shows the courses with the most enrolments; the rest form one bar.
TOP_COURSES = 12


def _best_course(figures: dict, competency: str) -> str | None:
    """The course with the largest measured positive effect on `competency` (significant
    effects first), or None when no course has shown one."""
    effect = figures.get("effect")
    if effect is None or effect.empty:
        return None
    rows = effect[(effect["competency_code"] == competency) & (effect["effect_status"] == "exact")]
    rows = rows[rows["effect"].astype(float) > 0]
    if rows.empty:
        return None
    best = rows.sort_values(["is_significant", "effect"], ascending=False).iloc[0]
    return str(best["course_code"])


def headline(figures: dict, lang: str) -> list[dict[str, str | None]]:
    """The widest gap and its share, enrolments, completion rate and the courses with a
    measured positive effect, as shown; public for the tests."""
    items: list[dict[str, str | None]] = []
    by_comp = figures.get("gaps_by_competency")
    if by_comp is not None and not by_comp.empty:
        top = by_comp.sort_values("share").iloc[-1]
        items.append(
            {
                "figure": "widest_gap",
                "label": ui.t(
                    "training.metric_gap", competency=competency_name(top["competency_code"], lang)
                ),
                "value": shown_value(top["share"], top["share_status"], lang, "percent"),
            }
        )
    by_course = figures.get("by_course")
    if by_course is not None and not by_course.empty:
        enrolled, completed = by_course["enrolled"].sum(), by_course["completed"].sum()
        items.append(
            {
                "figure": "enrolled",
                "label": ui.t("training.metric_enrolled"),
                "value": shown_value(enrolled, PERTURBED, lang),
            }
        )
        items.append(
            {
                "figure": "completion_rate",
                "label": ui.t("training.metric_completion"),
                "value": "≈" + formatting.rate(completed / enrolled if enrolled else None, lang),
            }
        )
    effect = figures.get("effect")
    if effect is not None and not effect.empty:
        works = int(
            (
                effect["is_significant"].fillna(False).astype(bool)
                & (effect["effect"].astype(float) > 0)
            ).sum()
        )
        items.append(
            {
                "figure": "courses_that_work",
                "label": ui.t("training.metric_effective"),
                "value": f"{formatting.count(works, lang)} / {formatting.count(len(effect), lang)}",
            }
        )
    return items


def _headline(figures: dict, lang: str, names: dict[str, str]) -> None:
    items = headline(figures, lang)
    if not items:
        return
    for col, item in zip(st.columns(len(items)), items, strict=True):
        col.metric(item["label"], item["value"])
    by_comp = figures.get("gaps_by_competency")
    if by_comp is None or by_comp.empty:
        return
    top = by_comp.sort_values("share").iloc[-1]
    competency = competency_name(top["competency_code"], lang)
    st.markdown(
        "**"
        + ui.t(
            "training.reading_gaps",
            competency=competency,
            share=shown_value(top["share"], top["share_status"], lang, "percent"),
        )
        + "**"
    )
    course = _best_course(figures, top["competency_code"])
    if course:
        st.info(
            ui.t("training.action_course", competency=competency, course=names.get(course, course))
        )
    else:
        st.info(ui.t("training.action_no_course", competency=competency))


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
    spec = charts.ranked_bars(
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
    branch = names_by_code(sidebar_options(ui.scope())["org_units"], "org_unit_code", lang)
    with st.expander(ui.t("training.gaps_detail")):
        display = gaps.assign(branch_code=gaps["branch_code"].map(lambda c: branch.get(c, c)))
        ui.table(exported(gaps), PAGE, "training_gaps", display=labelled(display))


def completion_chart_data(
    by_course: pd.DataFrame, names: dict[str, str], others: str
) -> pd.DataFrame:
    """The TOP_COURSES courses with the most enrolments by name, and "others" for the rest,
    each with its completion rate; public for the tests."""
    data = by_course.assign(
        course=by_course["course_code"].map(lambda c: names.get(c, c)),
        enrolled=by_course["enrolled"].astype(float),
        completed=by_course["completed"].astype(float),
    )[["course", "enrolled", "completed"]]
    top = charts.top_n_with_others(
        data, "course", "enrolled", TOP_COURSES, others, ["enrolled", "completed"]
    )
    top["rate"] = top["completed"] / top["enrolled"]
    top["is_course"] = top["course"] != others
    return top


def _completion(figures: dict, lang: str, names: dict[str, str]) -> None:
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
        rate=shown_value(rate, PERTURBED, lang, "percent"),
        enrolled=shown_value(enrolled, PERTURBED, lang),
    )
    data = completion_chart_data(by_course, names, ui.t("chart.others"))
    spec = charts.ranked_bars(
        data[["course", "rate", "is_course"]],
        "course",
        "rate",
        ui.t("training.chart_completion_top", n=TOP_COURSES),
        reading,
        ui.t("axis.course"),
        ui.t("axis.rate"),
        percent=True,
        highlight="is_course",
    )
    ui.chart(spec, reading)
    with st.expander(ui.t("training.completion_detail")):
        display = by_course.assign(
            course_code=by_course["course_code"].map(lambda c: names.get(c, c))
        )
        ui.table(exported(by_course), PAGE, "training_completion", display=labelled(display))


def _named_courses(figures: dict, key: str, names: dict[str, str]) -> dict:
    """The figures with `key`'s course codes shown as names in the viewer's language (the
    English-only name columns dropped)."""
    data = figures.get(key)
    if data is None:
        return figures
    named = data.assign(course_code=data["course_code"].map(lambda c: names.get(c, c)))
    if "reason" in named.columns:  # the model's reason is English only: said again in words
        lang = ui.lang()
        named["reason"] = [labels.training_reason(r, lang) for r in data.to_dict("records")]
    named = named.drop(columns=[c for c in ("name_en", "course_name_en") if c in named.columns])
    named.attrs.update(data.attrs)
    return {**figures, key: named}


def render() -> None:
    lang = ui.lang()
    st.title(ui.t("page.training"))
    try:
        figures = ui.page_figures(PAGE)
    except NotBuilt as error:
        ui.not_built(error)
        return
    ui.record_view(PAGE)
    names = names_by_code(figures.get("courses"), "course_code", lang)
    _headline(figures, lang, names)
    _gaps(figures, lang)
    _completion(figures, lang, names)
    with st.expander(ui.t("training.effect_title")):
        show_table(
            PAGE,
            "ml_training_effect",
            ui.t("training.effect_title"),
            _named_courses(figures, "effect", names),
            "effect",
        )
    if ui.viewer().sees_individuals:
        with st.expander(ui.t("training.recommendations_title")):
            show_table(
                PAGE,
                "ml_training_recommendations",
                ui.t("training.recommendations_title"),
                _named_courses(figures, "recommendations", names),
                "recommendations",
            )
    privacy_note()
