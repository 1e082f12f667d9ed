"""Talent portrait: find a person, then competencies against the job's requirement, training,
performance trajectory, retention risk with drivers and suggested actions."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards import charts, formatting, ui
from dashboards.actions import suggested_actions
from dashboards.data.served import NotBuilt, sidebar_options
from dashboards.i18n import competency_name, job_family_name
from dashboards.labels import code_label, driver_sentence
from dashboards.views.common import names_by_code

PAGE = "portrait"


def _choose(v) -> str | None:
    """The person to show: from the search box, or from `?employee=` in the URL."""
    by_name = v.sees_names
    hint = ui.t("portrait.search_hint_name") if by_name else ui.t("portrait.search_hint_number")
    text = st.text_input(ui.t("portrait.search"), key="portrait_search", help=hint)
    wanted = st.query_params.get("employee")
    if not text and not wanted:
        st.info(hint)
        return None
    if by_name and wanted and not text:
        return str(wanted)
    # Analysts know people only by pseudonym (in the search box and in the URL alike): the
    # pseudonyms are matched in SQL, so only the matches leave the serving copy.
    found = ui.page_figures(PAGE, search=(text or str(wanted)).strip()).get("found")
    if found is None or found.empty:
        st.warning(ui.t("portrait.not_found"))
        return None
    # Analysts pick by pseudonym (the frame holds no employee number for them).
    names = dict(
        zip(found["employee_key"], found.get("employee_name", found["employee_key"]), strict=True)
    )
    return st.selectbox(
        ui.t("portrait.pick"),
        list(names),
        format_func=lambda k: f"{names[k]} ({k})" if v.sees_names else k,
        key="portrait_pick",
    )


def _radar(row: pd.Series, req: pd.DataFrame | None, lang: str) -> None:
    if req is None:
        req = pd.DataFrame(columns=["competency_code", "required_level"])
    required = dict(zip(req["competency_code"], req["required_level"], strict=True))
    rows = []
    # The portrait mart has a level_<code> column per competency of the customer's reference data.
    for code in [str(c)[len("level_") :] for c in row.index if str(c).startswith("level_")]:
        level = row.get(f"level_{code}")
        label = competency_name(code, lang)
        if level is not None and not pd.isna(level):
            rows.append(
                {"label": label, "series": ui.t("portrait.series_person"), "value": float(level)}
            )
        if code in required and not pd.isna(required[code]):
            rows.append(
                {
                    "label": label,
                    "series": ui.t("portrait.series_required"),
                    "value": float(required[code]),
                }
            )
    if not rows:
        st.info(ui.t("portrait.no_assessment"))
        return
    gaps = int(row.get("competencies_below_required") or 0)
    largest = row.get("largest_gap_competency")
    reading = ui.t(
        "portrait.reading_radar",
        gaps=gaps,
        largest=competency_name(largest, lang) if isinstance(largest, str) else "–",
    )
    spec = charts.radar(
        pd.DataFrame(rows), ui.t("portrait.chart_radar"), reading, ui.t("axis.measure")
    )
    ui.chart(spec, reading)


def _performance(history: pd.DataFrame | None, lang: str) -> None:
    if history is None or history.empty:
        st.info(ui.t("portrait.no_reviews"))
        return
    last = history.iloc[-1]
    reading = ui.t(
        "portrait.reading_performance",
        n=len(history),
        last=formatting.number(last["review_score"], lang, 1),
        grade=last["review_grade"],
    )
    spec = charts.line(
        history[["period_end_date", "review_score"]],
        "period_end_date",
        "review_score",
        ui.t("portrait.chart_performance"),
        reading,
        ui.t("axis.period_end"),
        ui.t("axis.score"),
    )
    ui.chart(spec, reading)


def _risk(row: pd.Series, lang: str, course: str | None) -> None:
    st.subheader(ui.t("portrait.risk"))
    if row.get("risk_band") is None or pd.isna(row.get("risk_band")):
        st.info(ui.t("portrait.no_risk"))
        return
    st.metric(
        ui.t("measure.p_exit_12m"),
        formatting.percent(row["p_exit_12m"], lang, 0),
        code_label("band", row["risk_band"], lang),
        delta_color="off",
    )
    drivers = [row.get(f"driver_{k}_text") for k in (1, 2, 3)]
    units = names_by_code(sidebar_options(ui.scope())["org_units"], "org_unit_code", lang)
    st.markdown(
        ui.t("portrait.drivers")
        + "\n"
        + "\n".join(f"- {driver_sentence(d, lang, units)}" for d in drivers if isinstance(d, str))
    )
    st.markdown(
        ui.t("portrait.actions")
        + "\n"
        + "\n".join(f"- {a}" for a in suggested_actions(_with_course_name(row, course), ui.t))
    )


def _with_course_name(row: pd.Series, course: str | None) -> pd.Series:
    """The row with its recommended course named (the actions say the course to enrol in)."""
    if course is None:
        return row
    named = row.copy()
    named["recommended_course_code"] = course
    return named


def _names(names: pd.DataFrame | None, lang: str) -> dict[str, str]:
    """kind (org_unit, course) -> name in `lang` (French reads the English names)."""
    if names is None or names.empty:
        return {}
    column = "name_zh" if lang == "zh" else "name_en"
    return {k: n for k, n in zip(names["kind"], names[column], strict=True) if isinstance(n, str)}


def render() -> None:
    lang = ui.lang()
    v = ui.viewer()
    st.title(ui.t("page.portrait"))
    if not v.sees_individuals:
        st.info(ui.t("app.aggregates_only"))
        return
    try:
        key = _choose(v)
        if key is None:
            return
        figures = ui.page_figures(PAGE, employee=key)
    except NotBuilt as error:
        ui.not_built(error)
        return
    person = figures.get("person")
    if person is None or person.empty:
        # Outside the viewer's scope or unknown: the same answer, so scope cannot be probed.
        st.warning(ui.t("portrait.not_found"))
        ui.record_view(PAGE, denied=key)
        return
    ui.record_view(PAGE, employee=key)
    row = person.iloc[0]
    title = row.get("employee_name") if v.sees_names else row["employee_key"]
    names = _names(figures.get("names"), lang)
    unit = names.get("org_unit", row["org_unit_code"])
    st.header(f"{title} · {job_family_name(row['job_family'], lang)} · {unit}")
    c1, c2, c3 = st.columns(3)
    c1.metric(ui.t("portrait.tenure"), formatting.number(row.get("tenure_months"), lang))
    c2.metric(
        ui.t("portrait.courses"),
        f"{formatting.number(row.get('courses_completed'), lang)} / "
        f"{formatting.number(row.get('courses_enrolled'), lang)}",
    )
    trajectories = {
        "improving": ui.t("trajectory.improving"),
        "declining": ui.t("trajectory.declining"),
        "steady": ui.t("trajectory.steady"),
        "not enough reviews": ui.t("trajectory.not_enough"),
    }
    trajectory = row.get("perf_trajectory")
    c3.metric(ui.t("portrait.trajectory"), trajectories.get(trajectory, str(trajectory or "–")))
    left, right = st.columns(2)
    with left:
        _radar(row, figures.get("requirements"), lang)
    with right:
        _performance(figures.get("reviews"), lang)
    if isinstance(row.get("recommended_course_code"), str):
        # The model's reason is in English only; the course and the competency it builds are
        # said in the viewer's language.
        largest = row.get("largest_gap_competency")
        st.markdown(
            ui.t(
                "portrait.recommended_course",
                course=names.get("course", row["recommended_course_code"]),
                competency=competency_name(largest, lang) if isinstance(largest, str) else "–",
            )
        )
    _risk(row, lang, names.get("course"))
