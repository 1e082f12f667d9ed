"""Recruitment and AI interview: funnel by job and channel, agreement with human interviewers,
adverse-impact audit, hiring quality."""

from __future__ import annotations

import altair as alt
import streamlit as st

from dashboards import charts, formatting, queries, ui
from dashboards.i18n import job_family_name
from dashboards.privacy import SUPPRESSED, protect_counts
from dashboards.serving import NotBuilt
from dashboards.views.common import show_mart

PAGE = "recruitment"


def _funnel(lang: str) -> None:
    try:
        raw = ui.load(queries.recruitment_funnel, ui.scope())
    except NotBuilt as error:
        ui.not_built(error)
        return
    stages = {
        "candidates": ui.t("recruitment.stage_candidates"),
        "advanced": ui.t("recruitment.stage_advanced"),
        "hired": ui.t("recruitment.stage_hired"),
    }
    cube = raw[["job_family", "channel"]].copy()
    for stage in stages:
        protected = protect_counts(raw, ["job_family", "channel"], stage, policy=ui.policy())
        cube[stage] = protected[stage]
        cube[f"{stage}_{SUPPRESSED}"] = protected[SUPPRESSED]
    cube[SUPPRESSED] = cube[[f"{s}_{SUPPRESSED}" for s in stages]].any(axis=1)
    families = set(ui.filters().job_families)
    if families:
        cube = cube[cube["job_family"].isin(families)]
    long = cube.melt(
        id_vars=["job_family", "channel"],
        value_vars=list(stages),
        var_name="stage",
        value_name="people",
    ).dropna()
    if long.empty:
        st.info(ui.t("headcount.no_data"))
        return
    long["people"] = long["people"].astype(float)
    long["job"] = long["job_family"].map(lambda c: job_family_name(c, lang))
    long["stage_name"] = long["stage"].map(stages)
    totals = long.groupby("stage")["people"].sum()
    rate = (
        totals.get("hired", 0) / totals.get("candidates", 1) if totals.get("candidates") else None
    )
    reading = ui.t(
        "recruitment.reading_funnel",
        candidates=formatting.number(totals.get("candidates"), lang),
        hired=formatting.number(totals.get("hired"), lang),
        rate=formatting.percent(rate, lang),
    )
    spec = (
        alt.Chart(long)
        .mark_bar()
        .encode(
            y=alt.Y("job:N", title=ui.t("axis.job_family")),
            x=alt.X("sum(people):Q", title=ui.t("axis.people")),
            color=alt.Color("stage_name:N", title=ui.t("axis.stage"), sort=list(stages.values())),
            yOffset=alt.YOffset("stage_name:N", sort=list(stages.values())),
            tooltip=["job:N", "channel:N", "stage_name:N", "people:Q"],
        )
        .properties(title=charts.titled(ui.t("recruitment.chart_funnel"), reading))
    )
    ui.chart(spec, reading)
    ui.table(cube.drop(columns=[f"{s}_{SUPPRESSED}" for s in stages]), PAGE, "funnel")


def render() -> None:
    lang = ui.lang()
    st.title(ui.t("page.recruitment"))
    ui.record_view(PAGE)
    _funnel(lang)
    show_mart(PAGE, "ml.ai_human_agreement", ui.t("recruitment.agreement_title"))
    show_mart(PAGE, "ml.adverse_impact", ui.t("recruitment.adverse_title"))
    st.caption(ui.t("app.suppressed_note", k=ui.policy().min_group))
